"""The adopt module's run: read Trident's objects from a cluster (read only) and turn them into a spec."""

from __future__ import annotations

from typing import Any

from .._k8s.session import KubeSession
from ..spec import adopt as adoption
from ..spec.kinds import Kind
from .task import Task


def lister(session: KubeSession) -> adoption.Lister:
    def read(kind: Kind, namespace: str | None, selector: str | None) -> list[dict[str, Any]]:
        return session.list(kind, namespace, selector)[0]

    return read


def adopt(task: Task) -> dict[str, Any]:
    """The spec for what the cluster runs (or for the objects given), what it cannot express, how to take over."""
    notes: list[str] = []
    namespace = task["namespace"]
    if task["objects"] is not None:
        objects: list[Any] = list(task["objects"])
    else:
        objects, namespace, notes = adoption.read_cluster(lister(task.session()), namespace)
    found = adoption.adopt(
        objects, namespace=namespace, stack=task["stack_name"], install_method=task["install_method"]
    )
    result: dict[str, Any] = {"changed": False, **found.result()}
    result["notes"] = [*notes, *result["notes"]]
    if found.losses and not task["accept_loss"]:
        # Failed with the whole result: the spec and every loss stay readable in the registered variable.
        shown = "; ".join(str(loss) for loss in found.losses)
        result.update(failed=True, msg=f"the spec cannot express everything (accept_loss: true takes it): {shown}")
    return result
