"""In-place snapshot restore with a TridentActionSnapshotRestore, after checking Trident's own preconditions.

Trident refuses (and records a Failed action) unless the PVC is bound, the VolumeSnapshot and its content
are bound and ready, and the snapshot is the newest of the PVC (frontend/crd/controller/snapshot_restore.go).
The same checks run here first, so a refusal costs no write and says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..._k8s.converge import Change, LiveIndex
from ..._k8s.session import KubeError, KubeSession
from ...spec import readiness
from ...spec.kinds import PVC, TASR
from ...spec.kinds import VOLUME_SNAPSHOT as VS
from ...spec.kinds import VOLUME_SNAPSHOT_CONTENT as VSC
from ..safety import Refusal
from ..task import Task
from . import actions
from .common import MANAGED_LABELS, VolumeRequest, apply_one, refuse_unserved, require, result


@dataclass(frozen=True)
class RestoreRequest(VolumeRequest):
    pvc: str
    namespace: str
    snapshot: str


def _validate(request: RestoreRequest) -> None:
    require(request.name_issues("pvc", "namespace", "snapshot"))


def _time(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None


def _of_claim(vs: dict[str, Any], pvc: str) -> bool:
    return bool(((vs.get("spec") or {}).get("source") or {}).get("persistentVolumeClaimName") == pvc)


def _created(vs: dict[str, Any], unknown: datetime) -> datetime:
    """When the snapshot was taken; ``unknown`` while its status does not say yet."""
    return _time((vs.get("status") or {}).get("creationTime")) or unknown


def _refuse(message: str) -> Refusal:
    return Refusal(f"{message}; Trident would refuse the restore; nothing was changed")


def check_preconditions(
    session: KubeSession, index: LiveIndex, request: RestoreRequest, vs: dict[str, Any] | None
) -> None:
    ns = request.namespace
    pvc = index.objects(PVC, ns).get(request.pvc)
    if pvc is None:
        raise Refusal(f"pvc: PersistentVolumeClaim {ns}/{request.pvc} does not exist; nothing was changed")
    if readiness.CLAIM_BOUND.state(pvc) != "done":
        raise _refuse(f"PVC {ns}/{request.pvc} is not bound to a PV")
    if vs is None:
        raise Refusal(f"snapshot: VolumeSnapshot {ns}/{request.snapshot} does not exist; nothing was changed")
    source = ((vs.get("spec") or {}).get("source") or {}).get("persistentVolumeClaimName")
    if source != request.pvc:
        raise _refuse(
            f"volume snapshot {ns}/{request.snapshot} is a snapshot of PVC {source or '(pre-provisioned content)'}, "
            f"not of {request.pvc}"
        )
    status = vs.get("status") or {}
    created = _time(status.get("creationTime"))
    content_name = status.get("boundVolumeSnapshotContentName")
    if not content_name or created is None or readiness.SNAPSHOT_READY.state(vs) != "done":
        raise _refuse(f"volume snapshot {ns}/{request.snapshot} is not bound and ready to use")
    try:
        content = session.get(VSC, str(content_name))
    except KubeError as error:
        if error.status != 403:
            raise
        content = None  # a namespaced identity cannot read contents; Trident checks them itself
    else:
        if readiness.SNAPSHOT_READY.state(content) != "done":
            raise _refuse(f"volume snapshot content {content_name} is not ready to use")
    newer = sorted(
        name
        for name, other in index.objects(VS, ns).items()
        if name != request.snapshot and _of_claim(other, request.pvc) and _created(other, created) > created
    )
    if newer:
        raise Refusal(
            f"volume snapshot {request.snapshot} is not the newest snapshot of PVC {ns}/{request.pvc} (newer: "
            f"{', '.join(newer)}): Trident restores only the newest snapshot in place. Clone the older snapshot "
            "instead (tridentops.storage.volume_clone), or delete the newer snapshots first; nothing was changed"
        )


def ensure(session: KubeSession, request: RestoreRequest) -> dict[str, Any]:
    _validate(request)
    index = LiveIndex(session)
    ns = request.namespace
    vs = index.objects(VS, ns).get(request.snapshot)
    index.objects(TASR, ns)
    refuse_unserved(index, [VS, TASR])
    uid = str((vs or {}).get("metadata", {}).get("uid", ""))
    name = actions.action_name("restore", request.pvc, ns, request.pvc, request.snapshot, uid)
    earlier = index.objects(TASR, ns).get(name)
    if earlier is None:
        check_preconditions(session, index, request, vs)
    desired = {
        "apiVersion": TASR.api_version,
        "kind": TASR.kind,
        "metadata": {"name": name, "namespace": ns, "labels": dict(MANAGED_LABELS)},
        "spec": {"pvcName": request.pvc, "volumeSnapshotName": request.snapshot},
    }
    if earlier is not None:
        change = Change((TASR.api_version, TASR.kind, ns, name), "unchanged", desired, earlier)
    else:
        change = apply_one(session, index, desired, request.check_mode)
    if request.check_mode or not request.wait:
        return result([change], request.diff, restore=actions.summary(earlier))
    action = actions.outcome(session, TASR, ns, change, request.wait_timeout, earlier is not None)
    return result([change], request.diff, restore=action)


def run(task: Task) -> dict[str, Any]:
    """The snapshot_restore module's run: its options as a RestoreRequest."""
    session = task.session()
    request = task.request(RestoreRequest)
    return ensure(session, request)
