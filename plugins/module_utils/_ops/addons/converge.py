"""Converge the objects one module renders: plan from one read, refuse before any write, apply what differs.

The same plan and execute the ``stack`` module uses (one list per kind, server-side apply of what differs,
each kind's objects in parallel, ``changed`` exact), with the refusals the protect, monitoring and
namespace modules need: kinds not served (protect or prometheus-operator not installed) and namespaces
that do not exist. CRDs applied by the run are established before the objects of their kinds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..._k8s.converge import Change, LiveIndex, execute, plan, reporting_writes
from ..._k8s.session import KubeSession
from ..._k8s.wait import establish_crds
from ...spec import facts
from ...spec.kinds import KINDS, Kind
from .served import refuse_missing_namespaces, refuse_unserved


@dataclass(frozen=True)
class RunOptions:
    check_mode: bool = False
    wait: bool = True
    wait_timeout: float = 300.0
    workers: int = 8


def prepare(index: LiveIndex, objects: list[dict[str, Any]]) -> list[Change]:
    """What applying ``objects`` changes, from one read; refusals are raised here, before anything is written."""
    changes = plan(index, objects)
    refuse_unserved(index, objects)
    refuse_missing_namespaces(index, objects)
    return changes


def apply(session: KubeSession, changes: list[Change], options: RunOptions) -> None:
    """Apply the planned changes (nothing in check mode); CRDs are established before objects of their kinds."""
    if options.check_mode:
        return

    with reporting_writes(changes):
        execute(session, changes, options.workers, establish_crds(session, options.wait_timeout))


def converge(
    session: KubeSession, index: LiveIndex, objects: list[dict[str, Any]], options: RunOptions
) -> list[Change]:
    """Apply ``objects`` (in order); check mode plans only. Refusals are raised before anything is written."""
    changes = prepare(index, objects)
    apply(session, changes, options)
    return changes


def remove(
    session: KubeSession,
    index: LiveIndex,
    targets: Sequence[tuple[Kind, str, str | None]],
    check_mode: bool,
    only_managed: bool = True,
) -> list[Change]:
    """Delete the (kind, name, namespace) objects that exist, in order; with ``only_managed`` only tridentops'
    own (label ``app.kubernetes.io/managed-by=tridentops``)."""
    changes = []
    for kind, name, namespace in targets:
        live = index.objects(kind, namespace).get(name)
        if live is None or (only_managed and not _managed(live)):
            continue
        key = (kind.api_version, kind.kind, namespace or "", name)
        changes.append(Change(key, "delete", None, live))
    if not check_mode:
        with reporting_writes(changes):
            for change in changes:
                if not change.attempt(
                    partial(session.delete, KINDS[change.key[:2]], change.key[3], change.key[2] or None)
                ):
                    change.action = "unchanged"  # another writer deleted it first
    return changes


def _managed(obj: Mapping[str, Any]) -> bool:
    labels = (obj.get("metadata") or {}).get("labels") or {}
    return labels.get(facts.MANAGED_BY_LABEL) == facts.MANAGED_BY_VALUE


def applied_version(changes: list[Change], kind: str, name: str) -> str | None:
    """The resourceVersion this run's write of ``kind name`` produced (None: not written)."""
    for change in changes:
        if change.key[1] == kind and change.key[3] == name:
            return change.applied_version
    return None
