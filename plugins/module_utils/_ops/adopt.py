"""The adopt module's run: read Trident's objects from a cluster (read only) and turn them into a spec."""

from __future__ import annotations

from typing import Any

from .._k8s.session import KubeError, KubeSession
from ..spec import adopt as adoption
from ..spec.kinds import DEPLOYMENT, TRIDENT_BACKEND, Kind
from .task import Task

# Read only to recognise the installation and tridentctl's backends: without permission, adopt goes on without.
_OPTIONAL = (DEPLOYMENT, TRIDENT_BACKEND)


def lister(session: KubeSession, refused: list[str]) -> adoption.Lister:
    def read(kind: Kind, namespace: str | None, selector: str | None) -> list[dict[str, Any]]:
        try:
            return session.list(kind, namespace, selector)[0]
        except KubeError as exc:
            if exc.status != 403 or kind not in _OPTIONAL:
                raise
            note = f"not allowed to list {kind.plural}: the installation method may not be recognised"
            if note not in refused:
                refused.append(note)
            return []

    return read


def adopt(task: Task) -> dict[str, Any]:
    """The spec for what the cluster runs (or for the objects given), what it cannot express, how to take over."""
    notes: list[str] = []
    refused: list[str] = []
    namespace = task["namespace"]
    if task["objects"] is not None:
        objects: list[Any] = list(task["objects"])
    else:
        objects, namespace, notes = adoption.read_cluster(lister(task.session(), refused), namespace)
    found = adoption.adopt(
        objects, namespace=namespace, stack=task["stack_name"], install_method=task["install_method"]
    )
    result: dict[str, Any] = {"changed": False, **found.result()}
    result["notes"] = [*refused, *notes, *result["notes"]]
    if found.losses and not task["accept_loss"]:
        # Failed with the whole result: the spec and every loss stay readable in the registered variable.
        shown = "; ".join(str(loss) for loss in found.losses)
        result.update(failed=True, msg=f"the spec cannot express everything (accept_loss: true takes it): {shown}")
    return result
