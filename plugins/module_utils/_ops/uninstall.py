"""Uninstall Trident through its operator, keeping data unless told otherwise.

Default: the operator uninstalls Trident (spec.uninstall) and CRDs, backends, Secrets and volumes
stay, so a later install picks them up. Purge also has the operator wipe Trident's CRDs (and with
them every backend config and Trident record), which tridentops refuses while Trident-provisioned
PersistentVolumes exist, unless forced.

Only what is ours for the stack is uninstalled: an orchestrator, operator object or CRD that tridentops did
not apply for that stack (Helm's, tridentctl's, another stack's) is refused before any write unless
``adopt`` names it, as prune and the per-resource modules' removal do.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from .._k8s.converge import Change, LiveIndex, reporting_writes
from .._k8s.session import KubeSession
from .._k8s.wait import TORC, Judge, Target, Verdict, wait_for
from ..spec import facts, readiness
from ..spec.kinds import (
    CLUSTER_ROLE,
    CLUSTER_ROLE_BINDING,
    CRD,
    DEPLOYMENT,
    KINDS,
    NAMESPACE,
    SERVICE_ACCOUNT,
    object_ref,
)
from ..spec.render import stack_labels
from .claim import ClaimRefused, ours, owners
from .safety import Refusal, trident_volumes

OPERATOR_OBJECTS = (
    (DEPLOYMENT, True),
    (CLUSTER_ROLE_BINDING, False),
    (CLUSTER_ROLE, False),
    (SERVICE_ACCOUNT, True),
)


def _uninstalled(obj: dict[str, Any] | None) -> Verdict:
    if obj is None:
        return "done", "gone"
    entry = readiness.ORCHESTRATOR_UNINSTALLED
    state, reported, message = entry.state(obj), readiness.ORCHESTRATOR_STATUS.text(obj), entry.explanation(obj)
    if state == "done":
        return "done", message
    if state == "fail":
        return "fail", f"TridentOrchestrator {obj['metadata']['name']} is {reported}: {message or 'no message'}"
    return "wait", reported or "no status yet"


def _gone(obj: dict[str, Any] | None) -> Verdict:
    return ("done", "gone") if obj is None else ("wait", "still being deleted")


def uninstall(
    session: KubeSession,
    namespace: str | None,
    *,
    purge: bool,
    force: bool,
    check_mode: bool,
    timeout: float,
    stack: str,
    adopt: tuple[str, ...] = (),
) -> list[Change]:
    index = LiveIndex(session)
    torc = index.objects(TORC).get(facts.ORCHESTRATOR_NAME)
    namespace = namespace or ((torc or {}).get("spec") or {}).get("namespace") or facts.DEFAULT_NAMESPACE
    if purge and not force:
        volumes = trident_volumes(index)
        if volumes:
            raise Refusal(
                f"purge would wipe Trident's CRDs while {len(volumes)} Trident volume(s) exist: {', '.join(volumes)}. "
                "Uninstall without purge to keep them managed, or use force: true"
            )
    changes = []
    if torc is not None:
        outcome = " and wiped its CRDs" if purge else "; CRDs, backends and volumes kept"
        changes.append(Change(_key(torc), "delete", None, torc, note=f"operator uninstalled Trident{outcome}"))
    for kind, namespaced in OPERATOR_OBJECTS:
        live = index.objects(kind, namespace if namespaced else None).get(facts.OPERATOR_NAME)
        if live is not None:
            changes.append(Change(_key(live), "delete", None, live))
    if purge:
        crd = index.objects(CRD).get(f"tridentorchestrators.{facts.TRIDENT_GROUP}")
        ns = index.objects(NAMESPACE).get(namespace)
        if crd is not None:
            changes.append(Change(_key(crd), "delete", None, crd))
        ours = ns is not None and (ns["metadata"].get("labels") or {}).get(facts.MANAGED_BY_LABEL) == "tridentops"
        if ns is not None and ours:
            changes.append(Change(_key(ns), "delete", None, ns, note="namespace created by tridentops"))
    _refuse_foreign(changes, stack, adopt)
    if check_mode:
        return changes
    with reporting_writes(changes):  # a failure halfway says what was already written
        if torc is not None:
            patch: dict[str, Any] = {"spec": {"uninstall": True}}
            if purge:
                patch["spec"]["wipeout"] = ["crds"]
            order = changes[0]
            # Until it is deleted, the orchestrator was only asked to uninstall (should a wait fail).
            order.action, note = "update", order.note
            order.note = "spec.uninstall set: the operator is uninstalling Trident"
            written = order.attempt(partial(session.merge_patch, TORC, facts.ORCHESTRATOR_NAME, patch))
            _wait(session, written["metadata"]["resourceVersion"], _uninstalled, timeout)
            order.action = "delete"
            order.attempt(partial(session.delete, TORC, facts.ORCHESTRATOR_NAME))
            order.note = note
            # The operator removes its finalizer from the orchestrator; it must still run until then.
            _wait(session, None, _gone, timeout)
        first = 1 if torc is not None else 0
        for change in changes[first:]:
            change.attempt(partial(session.delete, KINDS[change.key[:2]], change.key[3], change.key[2] or None))
    return changes


def _refuse_foreign(changes: list[Change], stack: str, adopt: tuple[str, ...]) -> None:
    """Before any write: every object the uninstall deletes is ours for the stack or named in ``adopt``.

    The namespace is already limited to one tridentops created (its label), so it is not checked here.
    """
    foreign = []
    for change in changes:
        kind, ns, name = change.key[1:]
        ref = object_ref(kind, ns, name)
        if kind != NAMESPACE.kind and ref not in adopt and not ours(change.live or {}, stack_labels(stack)):
            foreign.append((ref, owners(change.live or {})))
    if foreign:
        listed = "; ".join(f"{ref} ({who})" for ref, who in foreign)
        refs = ", ".join(f"'{item[0]}'" for item in foreign)
        raise ClaimRefused(
            f"uninstalling would delete what is not ours for stack '{stack}': {listed}. "
            f"Pass stack_name of the stack that installed it, or adopt: [{refs}] to uninstall anyway; "
            "nothing was changed"
        )


def _wait(session: KubeSession, version: str | None, judge: Judge, timeout: float) -> None:
    wait_for(session, TORC, None, [Target(facts.ORCHESTRATOR_NAME, version)], judge, timeout)


def _key(obj: dict[str, Any]) -> tuple[str, str, str, str]:
    meta = obj["metadata"]
    return (obj["apiVersion"], obj["kind"], meta.get("namespace") or "", meta["name"])
