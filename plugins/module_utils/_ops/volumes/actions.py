"""Trident's one-shot actions (TridentActionSnapshotRestore, TridentActionMirrorUpdate).

Trident acts on such an object once, when it is created. A rerun must not ask twice: the object's name is
derived from the request, so a rerun finds the earlier action and reports its outcome instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from ..._k8s.converge import Change
from ..._k8s.session import KubeSession
from ..._k8s.wait import Target, WaitError, wait_for
from ...spec.kinds import Kind
from . import judges


def action_name(prefix: str, subject: str, *identity: str) -> str:
    """``<prefix>-<subject>-<hash of the request>``: readable, stable for the same request, a valid name."""
    digest = hashlib.sha256("\0".join(identity).encode()).hexdigest()[:10]
    head = f"{prefix}-{subject}"[: 253 - 11].rstrip("-.")
    return f"{head}-{digest}"


def summary(obj: Mapping[str, Any] | None) -> dict[str, Any]:
    if obj is None:
        return {}
    status = obj.get("status") or {}
    out = {
        "name": obj["metadata"]["name"],
        "namespace": obj["metadata"].get("namespace", ""),
        "state": status.get("state", ""),
        "message": status.get("message", ""),
    }
    for field, key in (("startTime", "start_time"), ("completionTime", "completion_time")):
        if status.get(field):
            out[key] = status[field]
    for field, key in (("localVolumeHandle", "local_volume_handle"), ("remoteVolumeHandle", "remote_volume_handle")):
        if status.get(field):
            out[key] = status[field]
    return out


def outcome(
    session: KubeSession, kind: Kind, namespace: str, change: Change, timeout: float, earlier: bool
) -> dict[str, Any]:
    """Wait for the action's outcome; an earlier action's failure says how to ask again."""
    name = change.key[3]
    try:
        found = wait_for(session, kind, namespace, [Target(name, change.applied_version)], judges.action_done, timeout)
    except WaitError as error:
        if earlier:
            raise type(error)(
                f"an earlier identical request already ran and ended so: {error}; delete {kind.kind} "
                f"{namespace}/{name} to ask Trident again"
            ) from None
        raise
    return summary(found[name])
