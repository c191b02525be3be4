"""What "done" means for each kind the volume operations wait on, read from the status its controller writes."""

from __future__ import annotations

from typing import Any

from ..._k8s.wait import Judge, Verdict
from .common import claim_capacity, quantity_bytes

TRANSITIONAL_MIRROR_STATES = ("promoting", "establishing", "reestablishing")
FILE_SYSTEM_RESIZE_PENDING = "FileSystemResizePending"


def _where(obj: dict[str, Any]) -> str:
    meta = obj["metadata"]
    return f"{obj.get('kind', '')} {meta.get('namespace', '')}/{meta['name']}".strip()


def snapshot_ready(obj: dict[str, Any] | None) -> Verdict:
    """The snapshot controller sets ``readyToUse`` once Trident cut the snapshot, or ``error`` on a failure."""
    if obj is None:
        return "wait", "not found"
    status = obj.get("status") or {}
    if status.get("readyToUse") is True:
        return "done", "ready to use"
    error = (status.get("error") or {}).get("message")
    if error:
        return "fail", f"VolumeSnapshot {obj['metadata'].get('namespace')}/{obj['metadata']['name']}: {error}"
    if status.get("boundVolumeSnapshotContentName"):
        return "wait", f"bound to {status['boundVolumeSnapshotContentName']}, not ready to use yet"
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
    phase = (obj.get("status") or {}).get("phase") or "Pending"
    if phase == "Bound":
        return "done", f"Bound to {(obj.get('spec') or {}).get('volumeName', '')}"
    if phase == "Lost":
        return "fail", f"PersistentVolumeClaim {obj['metadata'].get('namespace')}/{obj['metadata']['name']} is Lost"
    return "wait", f"phase {phase}"


def claim_grown(size: int) -> Judge:
    """The resizer records the new size in ``status.capacity``; a block volume first reports that its file
    system grows when a pod next mounts it."""

    def judge(obj: dict[str, Any] | None) -> Verdict:
        if obj is None:
            return "fail", "the PersistentVolumeClaim was deleted while it was being resized"
        capacity = claim_capacity(obj)
        if (quantity_bytes(capacity) or 0) >= size:
            return "done", f"capacity {capacity}"
        conditions = (obj.get("status") or {}).get("conditions") or []
        for condition in conditions:
            if condition.get("type") == FILE_SYSTEM_RESIZE_PENDING and condition.get("status") == "True":
                return "done", "the volume grew; its file system grows when a pod next mounts it"
        detail = "; ".join(f"{c.get('type')}: {c.get('message') or c.get('reason') or ''}" for c in conditions)
        return "wait", f"capacity {capacity or 'unknown'}" + (f" ({detail})" if detail else "")

    return judge


def action_done(obj: dict[str, Any] | None) -> Verdict:
    """Trident's one-shot actions (TridentActionSnapshotRestore, TridentActionMirrorUpdate) end Succeeded or
    Failed with Trident's message."""
    if obj is None:
        return "fail", "the action was deleted before Trident reported its outcome"
    status = obj.get("status") or {}
    state, message = status.get("state") or "", status.get("message") or ""
    if state == "Succeeded":
        return "done", message or "Succeeded"
    if state == "Failed":
        return "fail", f"{_where(obj)} Failed: {message or 'no message'}"
    return "wait", state or "not started by Trident yet"


def mirror_reached(desired: str) -> Judge:
    """``status.conditions[0].state`` equals the desired state; ``failed``/``invalid`` carry Trident's message."""

    def judge(obj: dict[str, Any] | None) -> Verdict:
        if obj is None:
            return "wait", "not found"
        conditions = (obj.get("status") or {}).get("conditions") or []
        condition = conditions[0] if conditions else {}
        state, message = condition.get("state") or "", condition.get("message") or ""
        if state == desired:
            return "done", message or state
        if state in ("failed", "invalid"):
            return "fail", f"{_where(obj)} is {state}: {message or 'no message'}"
        shown = state or "no state reported yet"
        return "wait", f"state {shown}{': ' + message if message else ''} (want {desired})"

    return judge
