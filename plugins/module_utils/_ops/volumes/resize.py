"""Grow a PVC: refuse what Kubernetes would refuse (a shrink, a class without expansion) before writing, then
wait until the resizer reports the new capacity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..._k8s.converge import Change, LiveIndex
from ..._k8s.session import KubeSession, key_of
from ...spec import readiness
from ...spec.kinds import PVC
from ...spec.kinds import STORAGE_CLASS as SC
from ..safety import Refusal
from ..task import Task
from . import judges
from .common import (
    VolumeRequest,
    annotations_of,
    check_size,
    claim_capacity,
    claim_request,
    claim_summary,
    quantity_bytes,
    require,
    result,
    wait_for_claim,
)
from .imports import NOT_MANAGED


@dataclass(frozen=True)
class ResizeRequest(VolumeRequest):
    name: str
    namespace: str
    size: str


def _validate(request: ResizeRequest) -> int:
    issues = request.name_issues("name", "namespace")
    size = check_size(issues, "size", request.size)
    require(issues)
    return size or 0  # check_size reported anything but a positive size


def ensure(session: KubeSession, request: ResizeRequest) -> dict[str, Any]:
    size = _validate(request)
    index = LiveIndex(session)
    where = f"PersistentVolumeClaim {request.namespace}/{request.name}"
    live = index.objects(PVC, request.namespace).get(request.name)
    if live is None:
        raise Refusal(f"{where} does not exist; nothing was changed")
    if readiness.CLAIM_BOUND.state(live) != "done":
        phase = readiness.CLAIM_PHASE.text(live) or readiness.CLAIM_PENDING
        raise Refusal(f"{where} is {phase}: only a bound claim can be resized; nothing was changed")
    requested, allocated = claim_request(live), claim_capacity(live)
    current = max(quantity_bytes(requested) or 0, quantity_bytes(allocated) or 0)
    if size < current:
        raise Refusal(
            f"Kubernetes does not shrink volumes: {request.size} requested, {allocated or requested} allocated "
            f"to {where}; nothing was changed"
        )
    class_name = (live.get("spec") or {}).get("storageClassName")
    sc = index.objects(SC).get(class_name or "")
    if sc is None:
        raise Refusal(
            f"{where} has no StorageClass{' ' + class_name if class_name else ''} in the cluster: Kubernetes "
            "resizes only claims whose class allows volume expansion; nothing was changed"
        )
    if sc.get("allowVolumeExpansion") is not True:
        raise Refusal(
            f"StorageClass {class_name} does not allow volume expansion (allowVolumeExpansion is not true), so "
            f"Kubernetes refuses to resize {where}; set allow_volume_expansion: true on the class "
            "(tridentops.storage.storage_class) first; nothing was changed"
        )
    if annotations_of(live).get(NOT_MANAGED) == "true":
        raise Refusal(
            f"{where} is an unmanaged import (trident.netapp.io/notManaged): Trident does not resize volumes it "
            "does not manage; nothing was changed"
        )
    changes: list[Change] = []
    version = None
    if size != quantity_bytes(requested):
        # A merge patch of the one field: the claim's other fields keep their owners (another tridentops task
        # may have applied the whole claim; an apply of this field alone would take the rest away from it).
        patch = {"spec": {"resources": {"requests": {"storage": request.size}}}}
        desired = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": dict(live["metadata"]), **patch}
        desired["metadata"] = {"name": request.name, "namespace": request.namespace}
        change = Change(key_of(desired), "update", desired, live, ["spec.resources.requests.storage"])
        change.note = f"grows from {requested} to {request.size}"
        if not request.check_mode:
            change.result = session.merge_patch(PVC, request.name, patch, request.namespace)
            version = change.applied_version
        changes.append(change)
    resize = {"from": allocated or requested, "to": request.size}
    if request.check_mode or not request.wait:
        return result(changes, request.diff, pvc=claim_summary(live), resize=resize)
    judge = judges.claim_grown(size)
    pvc = wait_for_claim(session, request.namespace, request.name, version, judge, request.wait_timeout)
    verdict = judge(pvc)
    return result(changes, request.diff, pvc=claim_summary(pvc), resize={**resize, "message": verdict[1]})


def run(task: Task) -> dict[str, Any]:
    """The volume_resize module's run: its options as a ResizeRequest."""
    session = task.session()
    request = task.request(ResizeRequest)
    return ensure(session, request)
