"""VolumeSnapshots of Trident volumes: take one and wait until it is ready to use, delete one, list them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..._k8s.converge import LiveIndex
from ..._k8s.session import KubeError, KubeSession
from ..._k8s.wait import Target, wait_for
from ...spec import facts
from ...spec.kinds import PVC
from ...spec.kinds import STORAGE_CLASS as SC
from ...spec.kinds import VOLUME_SNAPSHOT as VS
from ...spec.kinds import VOLUME_SNAPSHOT_CLASS as VSCLASS
from ...spec.kinds import VOLUME_SNAPSHOT_CONTENT as VSC
from ..safety import Refusal
from ..task import Task
from . import judges
from .common import MANAGED_LABELS, VolumeRequest, apply_one, delete_one, refuse_unserved, require, result
from .gone import wait_gone


@dataclass(frozen=True)
class SnapshotRequest(VolumeRequest):
    namespace: str
    name: str | None = None
    pvc: str | None = None
    snapshot_class: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)


def _validate(request: SnapshotRequest) -> None:
    require(request.name_issues("namespace", "name", "pvc", "snapshot_class"))


def summary(vs: Mapping[str, Any] | None, handle: str = "") -> dict[str, Any]:
    """What a task reports about a snapshot."""
    if vs is None:
        return {}
    spec, status = vs.get("spec") or {}, vs.get("status") or {}
    out = {
        "name": vs["metadata"]["name"],
        "namespace": vs["metadata"].get("namespace", ""),
        "pvc": (spec.get("source") or {}).get("persistentVolumeClaimName", ""),
        "snapshot_class": spec.get("volumeSnapshotClassName", ""),
        "ready_to_use": status.get("readyToUse") is True,
        "restore_size": str(status.get("restoreSize") or ""),
        "creation_time": status.get("creationTime", ""),
        "content_name": status.get("boundVolumeSnapshotContentName", ""),
        "error": (status.get("error") or {}).get("message", ""),
    }
    if handle:
        out["snapshot_handle"] = handle
    return out


def _where(request: SnapshotRequest) -> str:
    return f"VolumeSnapshot {request.namespace}/{request.name}"


def _is_default(snapshot_class: Mapping[str, Any]) -> bool:
    annotations = snapshot_class["metadata"].get("annotations") or {}
    return bool(annotations.get(facts.DEFAULT_VSC_ANNOTATION) == "true")


def _snapshot_class(index: LiveIndex, request: SnapshotRequest, live: Mapping[str, Any] | None) -> str:
    classes = index.objects(VSCLASS)
    if request.snapshot_class:
        chosen = classes.get(request.snapshot_class)
        if chosen is None:
            raise Refusal(
                f"snapshot_class: VolumeSnapshotClass {request.snapshot_class} does not exist; nothing was changed"
            )
        if chosen.get("driver") != facts.CSI_DRIVER:
            raise Refusal(
                f"snapshot_class: VolumeSnapshotClass {request.snapshot_class} belongs to {chosen.get('driver')}, "
                f"not to Trident ({facts.CSI_DRIVER}); nothing was changed"
            )
        return request.snapshot_class
    current = ((live or {}).get("spec") or {}).get("volumeSnapshotClassName")
    if current:
        return str(current)
    defaults = sorted(name for name, c in classes.items() if c.get("driver") == facts.CSI_DRIVER and _is_default(c))
    if len(defaults) == 1:
        return defaults[0]
    if not defaults:
        raise Refusal(
            "snapshot_class: not given, and the cluster has no default VolumeSnapshotClass for Trident "
            f"({facts.CSI_DRIVER}); name one, or make one the default (tridentops.storage.snapshot_class with "
            "default: true); nothing was changed"
        )
    raise Refusal(
        f"snapshot_class: not given, and several VolumeSnapshotClasses for Trident are the default "
        f"({', '.join(defaults)}); name one; nothing was changed"
    )


def _check_source(index: LiveIndex, request: SnapshotRequest, live: Mapping[str, Any] | None) -> None:
    source = ((live or {}).get("spec") or {}).get("source") or {}
    if live is not None and source.get("persistentVolumeClaimName") != request.pvc:
        taken_of = source.get("persistentVolumeClaimName") or f"content {source.get('volumeSnapshotContentName')}"
        raise Refusal(
            f"{_where(request)} already exists as a snapshot of {taken_of}, not of PVC {request.pvc}; a snapshot's "
            "source cannot change: choose another name, or delete it first; nothing was changed"
        )
    pvc = index.objects(PVC, request.namespace).get(request.pvc or "")
    if pvc is None:
        if live is not None:
            return  # the snapshot outlives its PVC: nothing to take again
        missing = f"PersistentVolumeClaim {request.namespace}/{request.pvc} does not exist"
        raise Refusal(f"pvc: {missing}; nothing was changed")
    class_name = (pvc.get("spec") or {}).get("storageClassName")
    sc = index.objects(SC).get(class_name or "")
    if sc is not None and sc.get("provisioner") != facts.CSI_DRIVER:
        raise Refusal(
            f"pvc: PersistentVolumeClaim {request.namespace}/{request.pvc} uses StorageClass {class_name} "
            f"(provisioner {sc.get('provisioner')}): Trident snapshots only the volumes it provisions; "
            "nothing was changed"
        )


def snapshot_handle(session: KubeSession, vs: Mapping[str, Any]) -> str:
    """Trident's ``<volume>/<snapshot>`` handle (what a TridentSnapshotInfo reports), from the bound content."""
    content = (vs.get("status") or {}).get("boundVolumeSnapshotContentName")
    if not content:
        return ""
    try:
        found = session.get(VSC, str(content))
    except KubeError:
        return ""  # VolumeSnapshotContents are cluster-scoped: a namespaced identity may not read them
    return str(((found or {}).get("status") or {}).get("snapshotHandle") or "")


def ensure(session: KubeSession, request: SnapshotRequest) -> dict[str, Any]:
    _validate(request)
    index = LiveIndex(session)
    live = index.objects(VS, request.namespace).get(request.name or "")
    refuse_unserved(index, [VS])
    _check_source(index, request, live)
    desired: dict[str, Any] = {
        "apiVersion": VS.api_version,
        "kind": VS.kind,
        "metadata": {
            "name": request.name,
            "namespace": request.namespace,
            "labels": {**MANAGED_LABELS, **request.labels},
        },
        "spec": {
            "volumeSnapshotClassName": _snapshot_class(index, request, live),
            "source": {"persistentVolumeClaimName": request.pvc},
        },
    }
    live_class = ((live or {}).get("spec") or {}).get("volumeSnapshotClassName")
    if live_class and live_class != desired["spec"]["volumeSnapshotClassName"]:
        raise Refusal(
            f"snapshot_class: {_where(request)} was taken with class {live_class}; a snapshot's class cannot "
            "change: choose another name, or delete it first; nothing was changed"
        )
    change = apply_one(session, index, desired, request.check_mode)
    if request.check_mode or not request.wait:
        return result([change], request.diff, snapshot=summary(live))
    found = wait_for(
        session,
        VS,
        request.namespace,
        [Target(str(request.name), change.applied_version)],
        judges.snapshot_ready,
        request.wait_timeout,
    )
    vs = found[str(request.name)]
    return result([change], request.diff, snapshot=summary(vs, snapshot_handle(session, vs)))


def remove(session: KubeSession, request: SnapshotRequest) -> dict[str, Any]:
    _validate(request)
    index = LiveIndex(session)
    live = index.objects(VS, request.namespace).get(request.name or "")
    changes = delete_one(session, VS, live, request.check_mode)
    if changes and request.wait and not request.check_mode:
        # The snapshot controller releases its finalizer once Trident deleted the snapshot on the array.
        wait_gone(session, VS, request.namespace, str(request.name), request.wait_timeout)
    return result(changes, request.diff, snapshot=summary(live))


def listing(session: KubeSession, request: SnapshotRequest) -> dict[str, Any]:
    _validate(request)
    index = LiveIndex(session)
    snapshots = index.objects(VS, request.namespace)
    refuse_unserved(index, [VS])
    found = [summary(vs) for vs in snapshots.values()]
    if request.pvc:
        found = [s for s in found if s["pvc"] == request.pvc]
    found.sort(key=lambda s: (s["creation_time"] or "~", s["name"]))  # not yet cut: last
    return {"changed": False, "snapshots": found}


def run(task: Task) -> dict[str, Any]:
    """The volume_snapshot module's run: its options as a SnapshotRequest."""
    session = task.session()
    request = task.request(SnapshotRequest)
    return remove(session, request) if task["state"] == "absent" else ensure(session, request)


def list_snapshots(task: Task) -> dict[str, Any]:
    """The volume_snapshot_info module's run."""
    session = task.session()
    return listing(session, task.request(SnapshotRequest))
