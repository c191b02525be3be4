"""What "done" means for each kind the volume operations wait on, read from the status its controller writes."""

from __future__ import annotations

from typing import Any

from ..._k8s.wait import Judge, Verdict
from ...spec import readiness
from ...spec.quantity import quantity_bytes


def _where(obj: dict[str, Any]) -> str:
    meta = obj["metadata"]
    return f"{obj.get('kind', '')} {meta.get('namespace', '')}/{meta['name']}".strip()


def snapshot_ready(obj: dict[str, Any] | None) -> Verdict:
    """The snapshot controller sets ``readyToUse`` once Trident cut the snapshot, or ``error`` on a failure."""
    if obj is None:
        return "wait", "not found"
    entry = readiness.SNAPSHOT_READY
    state = entry.state(obj)
    if state == "done":
        return "done", "ready to use"
    if state == "fail":
        where = f"VolumeSnapshot {obj['metadata'].get('namespace')}/{obj['metadata']['name']}"
        return "fail", f"{where}: {entry.explanation(obj)}"
    content = readiness.SNAPSHOT_CONTENT.text(obj)
    if content:
        return "wait", f"bound to {content}, not ready to use yet"
    return "wait", "not ready to use yet"


def gone(obj: dict[str, Any] | None) -> Verdict:
    if obj is None:
        return "done", "deleted"
    finalizers = obj["metadata"].get("finalizers") or []
    return "wait", f"being deleted, finalizers {', '.join(finalizers)}" if finalizers else "being deleted"


def claim_bound(obj: dict[str, Any] | None) -> Verdict:
    """The persistent volume binder sets ``Bound`` once the CSI provisioner (Trident) made its volume."""
    if obj is None:
        return "wait", "not found"
    state, phase = readiness.CLAIM_BOUND.state(obj), readiness.CLAIM_PHASE.text(obj) or readiness.CLAIM_PENDING
    if state == "done":
        return "done", f"{phase} to {readiness.CLAIM_VOLUME.text(obj)}"
    if state == "fail":
        return "fail", f"PersistentVolumeClaim {obj['metadata'].get('namespace')}/{obj['metadata']['name']} is {phase}"
    return "wait", f"phase {phase}"


def claim_grown(size: int) -> Judge:
    """The resizer records the new size in ``status.capacity``; a block volume first reports that its file
    system grows when a pod next mounts it."""

    def judge(obj: dict[str, Any] | None) -> Verdict:
        if obj is None:
            return "fail", "the PersistentVolumeClaim was deleted while it was being resized"
        capacity = readiness.CLAIM_CAPACITY.text(obj)
        if (quantity_bytes(capacity) or 0) >= size:
            return "done", f"capacity {capacity}"
        if readiness.CLAIM_RESIZED.state(obj) == "done":
            return "done", "the volume grew; its file system grows when a pod next mounts it"
        detail = readiness.describe_conditions(obj)
        return "wait", f"capacity {capacity or 'unknown'}" + (f" ({detail})" if detail else "")

    return judge


def action_done(obj: dict[str, Any] | None) -> Verdict:
    """Trident's one-shot actions (TridentActionSnapshotRestore, TridentActionMirrorUpdate) end Succeeded or
    Failed with Trident's message."""
    if obj is None:
        return "fail", "the action was deleted before Trident reported its outcome"
    entry = readiness.TRIDENT_ACTION_SUCCEEDED
    state, reported, message = entry.state(obj), readiness.TRIDENT_ACTION_STATE.text(obj), entry.explanation(obj)
    if state == "done":
        return "done", message or reported
    if state == "fail":
        return "fail", f"{_where(obj)} {reported}: {message or 'no message'}"
    return "wait", reported or "not started by Trident yet"


def mirror_reached(desired: str) -> Judge:
    """The relationship's state equals the desired state; ``failed``/``invalid`` carry Trident's message."""
    entry = readiness.MIRROR_REACHED.reaching(desired)

    def judge(obj: dict[str, Any] | None) -> Verdict:
        if obj is None:
            return "wait", "not found"
        state, reported, message = entry.state(obj), readiness.MIRROR_STATE.text(obj), entry.explanation(obj)
        if state == "done":
            return "done", message or reported
        if state == "fail":
            return "fail", f"{_where(obj)} is {reported}: {message or 'no message'}"
        shown = reported or "no state reported yet"
        return "wait", f"state {shown}{': ' + message if message else ''} (want {desired})"

    return judge
