"""Clones: a new PVC from a VolumeSnapshot or a PVC, in the source's namespace (CSI ``dataSource``) or in
another one (Trident's cross-namespace clone: the grant in grants.py, and the ``cloneFrom*`` annotations on
the new PVC).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..._k8s.converge import Change, LiveIndex
from ..._k8s.session import KubeSession
from ...spec import readiness
from ...spec.autogrow import ANNOTATION as AUTOGROW_POLICY
from ...spec.issues import Issue
from ...spec.kinds import NAMESPACE, PVC, TVR
from ...spec.kinds import VOLUME_SNAPSHOT as VS
from ..safety import Refusal
from ..task import Task
from . import judges
from .common import (
    MANAGED_LABELS,
    SNAPSHOT_GROUP,
    TRIDENT_PREFIX,
    VolumeRequest,
    annotations_of,
    apply_one,
    autogrow_issues,
    check_size,
    claim_capacity,
    claim_request,
    claim_summary,
    delete_one,
    labels_of,
    quantity_bytes,
    refuse_autogrow_unserved,
    refuse_unserved,
    require,
    result,
    trident_class,
    wait_for_claim,
    waits_for_consumer,
)
from .gone import wait_gone
from .grants import (
    CLONE_FROM_NAMESPACE,
    CLONE_FROM_PVC,
    CLONE_FROM_SNAPSHOT,
    grant_steps,
    patch_change,
    revoke,
)

READ_ONLY_CLONE = TRIDENT_PREFIX + "readOnlyClone"
SPLIT_ON_CLONE = TRIDENT_PREFIX + "splitOnClone"
CLONE_NAMESPACE_LABEL = "tridentops.io/clone-namespace"


@dataclass(frozen=True)
class CloneRequest(VolumeRequest):
    name: str
    namespace: str
    source_pvc: str | None = None
    source_snapshot: str | None = None
    source_namespace: str | None = None
    storage_class: str | None = None
    size: str | None = None
    access_modes: tuple[str, ...] = ()
    volume_mode: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    autogrow_policy: str | None = None
    read_only: bool = False
    split_on_clone: bool = False
    create_namespace: bool = False
    delete_namespace: bool = False

    @property
    def from_namespace(self) -> str:
        return self.source_namespace or self.namespace

    @property
    def cross_namespace(self) -> bool:
        return self.from_namespace != self.namespace


@dataclass
class _Source:
    """What the clone is made from, as read from the cluster."""

    pvc_name: str | None
    pvc: dict[str, Any] | None
    snapshot: dict[str, Any] | None
    min_size: str  # the source's size: the clone's default and its minimum

    def describe(self, request: CloneRequest) -> str:
        if request.source_snapshot:
            return f"VolumeSnapshot {request.from_namespace}/{request.source_snapshot}"
        return f"PVC {request.from_namespace}/{request.source_pvc}"


def _validate(request: CloneRequest, present: bool) -> int | None:
    issues = request.name_issues(
        "name", "namespace", "source_namespace", "source_pvc", "source_snapshot", "storage_class"
    )
    size = check_size(issues, "size", request.size)
    issues += autogrow_issues(request.autogrow_policy, request.annotations)
    if present and request.read_only and request.cross_namespace:
        issues.append(Issue("read_only", "Trident does not make read-only clones into another namespace"))
    require(issues)
    return size


# -- reading the source ----------------------------------------------------------------------------


def _source(index: LiveIndex, request: CloneRequest) -> _Source:
    claims = index.objects(PVC, request.from_namespace)
    if request.source_snapshot:
        vs = index.objects(VS, request.from_namespace).get(request.source_snapshot)
        refuse_unserved(index, [VS])
        where = f"VolumeSnapshot {request.from_namespace}/{request.source_snapshot}"
        if vs is None:
            raise Refusal(f"source_snapshot: {where} does not exist; nothing was changed")
        status = vs.get("status") or {}
        if readiness.SNAPSHOT_READY.state(vs) != "done":
            error = readiness.SNAPSHOT_READY.explanation(vs)
            detail = f" ({error})" if error else ""
            raise Refusal(
                f"source_snapshot: {where} is not ready to use{detail}; "
                "wait for it (tridentops.storage.volume_snapshot waits by default); nothing was changed"
            )
        name = ((vs.get("spec") or {}).get("source") or {}).get("persistentVolumeClaimName")
        return _Source(name, claims.get(name or ""), vs, str(status.get("restoreSize") or ""))
    pvc = claims.get(request.source_pvc or "")
    where = f"PersistentVolumeClaim {request.from_namespace}/{request.source_pvc}"
    if pvc is None:
        raise Refusal(f"source_pvc: {where} does not exist; nothing was changed")
    if readiness.CLAIM_BOUND.state(pvc) != "done":
        phase = readiness.CLAIM_PHASE.text(pvc) or readiness.CLAIM_PENDING
        raise Refusal(f"source_pvc: {where} is {phase}: Trident clones only a bound volume; nothing was changed")
    return _Source(request.source_pvc, pvc, None, claim_capacity(pvc) or claim_request(pvc))


def _source_annotations(request: CloneRequest, source: _Source) -> dict[str, str]:
    """The cross-namespace clone annotations Trident reads on the new PVC."""
    if not request.cross_namespace:
        return {}
    out = {CLONE_FROM_PVC: str(source.pvc_name), CLONE_FROM_NAMESPACE: request.from_namespace}
    if request.source_snapshot:
        out[CLONE_FROM_SNAPSHOT] = request.source_snapshot
    return out


def _data_source(request: CloneRequest) -> dict[str, str] | None:
    if request.cross_namespace:
        return None
    if request.source_snapshot:
        return {"apiGroup": SNAPSHOT_GROUP, "kind": "VolumeSnapshot", "name": request.source_snapshot}
    return {"kind": "PersistentVolumeClaim", "name": str(request.source_pvc)}


def _same_clone(live: Mapping[str, Any], request: CloneRequest, source: _Source) -> bool:
    live_notes = annotations_of(live)
    if request.cross_namespace:
        wanted = _source_annotations(request, source)
        return all(live_notes.get(k) == v for k, v in wanted.items())
    found = (live.get("spec") or {}).get("dataSource") or {}
    wanted = _data_source(request) or {}
    return all((found.get(k) or "") == (wanted.get(k) or "") for k in ("apiGroup", "kind", "name"))


# -- planning ----------------------------------------------------------------------------------------


class _Plan:
    def __init__(self, session: KubeSession, request: CloneRequest, size: int | None) -> None:
        self.session = session
        self.request = request
        self.size = size
        self.index = LiveIndex(session)
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def build(self) -> list[tuple[str, dict[str, Any]]]:
        """(how, object) in the order they must be written: ``apply`` or ``patch`` (a merge patch)."""
        request, index = self.request, self.index
        if request.cross_namespace:
            index.objects(TVR, request.namespace)
            refuse_unserved(index, [TVR])
        source = _source(index, request)
        live = index.objects(PVC, request.namespace).get(request.name)
        if live is not None and not _same_clone(live, request, source):
            raise Refusal(
                f"PersistentVolumeClaim {request.namespace}/{request.name} already exists and is not a clone of "
                f"{source.describe(request)}; choose another name; nothing was changed"
            )
        sc_name = request.storage_class or ((live or source.pvc or {}).get("spec") or {}).get("storageClassName")
        if not sc_name:
            raise Refusal("storage_class: required: the source has no StorageClass to inherit; nothing was changed")
        sc = trident_class(index, sc_name, "storage_class")
        refuse_autogrow_unserved(index, request.autogrow_policy)
        source_class = ((source.pvc or {}).get("spec") or {}).get("storageClassName")
        if source.pvc is not None and source_class and source_class != sc_name:
            if not request.source_snapshot and not request.cross_namespace:
                raise Refusal(
                    f"storage_class: a CSI clone of a PVC uses the source's StorageClass ({source_class}), not "
                    f"{sc_name}; clone from a snapshot of it to change the class; nothing was changed"
                )
            self.warnings.append(
                f"the clone uses StorageClass {sc_name}, the source {source_class}: Trident clones across classes "
                "only when both reach the same backend (Trident 26.02 and later)"
            )
        self.wait_for_consumer = waits_for_consumer(sc)
        steps: list[tuple[str, dict[str, Any]]] = []
        if request.create_namespace:
            steps.append(("apply", self._namespace()))
        elif request.namespace not in index.objects(NAMESPACE):
            raise Refusal(
                f"namespace {request.namespace} does not exist; create it first, or set create_namespace: true; "
                "nothing was changed"
            )
        if request.cross_namespace:
            steps.extend(
                grant_steps(index, request.namespace, request.from_namespace, str(source.pvc_name), source.pvc)
            )
        steps.append(("apply", self._claim(live, source, sc_name)))
        return steps

    def _namespace(self) -> dict[str, Any]:
        existing = self.index.objects(NAMESPACE).get(self.request.namespace)
        if existing is not None and not labels_of(existing).get(CLONE_NAMESPACE_LABEL):
            # Someone else's namespace: use it as it is, never take it over.
            return {}
        return {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {"name": self.request.namespace, "labels": {**MANAGED_LABELS, CLONE_NAMESPACE_LABEL: "true"}},
        }

    def _claim(self, live: Mapping[str, Any] | None, source: _Source, sc_name: str) -> dict[str, Any]:
        request = self.request
        live_spec = (live or {}).get("spec") or {}
        minimum = quantity_bytes(source.min_size) or 0
        if live is not None:
            current = claim_request(live)
            if self.size is not None and self.size != quantity_bytes(current):
                raise Refusal(
                    f"size: PersistentVolumeClaim {request.namespace}/{request.name} already requests {current}; "
                    "resize it with tridentops.storage.volume_resize; nothing was changed"
                )
            size_text = current
        else:
            if self.size is not None and self.size < minimum:
                raise Refusal(
                    f"size: {request.size} is smaller than the source ({source.min_size}): a clone is at least as "
                    "large as what it is cloned from; nothing was changed"
                )
            size_text = request.size or source.min_size
        modes = list(request.access_modes) or list(
            live_spec.get("accessModes") or ((source.pvc or {}).get("spec") or {}).get("accessModes") or []
        )
        if live is not None and request.access_modes and list(request.access_modes) != live_spec.get("accessModes"):
            raise Refusal(
                f"access_modes: PersistentVolumeClaim {request.namespace}/{request.name} has "
                f"{', '.join(live_spec.get('accessModes') or [])}; Kubernetes does not change a claim's access "
                "modes; nothing was changed"
            )
        notes = {**request.annotations, **_source_annotations(request, source)}
        if request.read_only:
            notes[READ_ONLY_CLONE] = "true"
        if request.split_on_clone:
            notes[SPLIT_ON_CLONE] = "true"
        if request.autogrow_policy is not None:
            notes[AUTOGROW_POLICY] = request.autogrow_policy
        metadata: dict[str, Any] = {
            "name": request.name,
            "namespace": request.namespace,
            "labels": {**MANAGED_LABELS, **request.labels},
        }
        if notes:
            metadata["annotations"] = notes
        spec: dict[str, Any] = {
            "accessModes": modes or ["ReadWriteOnce"],
            "resources": {"requests": {"storage": size_text}},
            "storageClassName": sc_name,
        }
        mode = request.volume_mode or ((source.pvc or {}).get("spec") or {}).get("volumeMode")
        if mode:
            spec["volumeMode"] = mode
        data_source = _data_source(request)
        if data_source:
            spec["dataSource"] = data_source
        return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": metadata, "spec": spec}


def ensure(session: KubeSession, request: CloneRequest) -> dict[str, Any]:
    size = _validate(request, present=True)
    planner = _Plan(session, request, size)
    changes: list[Change] = []
    for how, obj in planner.build():
        if not obj:
            continue
        if how == "patch":
            change = patch_change(session, planner.index, obj, request.check_mode)
        else:
            change = apply_one(session, planner.index, obj, request.check_mode)
        changes.append(change)
    claim = changes[-1]
    extra: dict[str, Any] = {"warnings": planner.warnings} if planner.warnings else {}
    live = planner.index.objects(PVC, request.namespace).get(request.name)
    if request.check_mode or not request.wait:
        return result(changes, request.diff, pvc=claim_summary(live), **extra)
    if planner.wait_for_consumer:
        note = "the StorageClass binds on first use (WaitForFirstConsumer): the clone is made when a pod uses it"
        return result(changes, request.diff, pvc=claim_summary(live), notes=[note], **extra)
    pvc = wait_for_claim(
        session, request.namespace, request.name, claim.applied_version, judges.claim_bound, request.wait_timeout
    )
    return result(changes, request.diff, pvc=claim_summary(pvc), **extra)


def remove(session: KubeSession, request: CloneRequest) -> dict[str, Any]:
    """Delete the clone; undo the cross-namespace grant tridentops made for it when no other clone needs it."""
    _validate(request, present=False)
    index = LiveIndex(session)
    claims = index.objects(PVC, request.namespace)
    live = claims.get(request.name)
    namespace = index.objects(NAMESPACE).get(request.namespace) if request.delete_namespace else None
    if namespace is not None and not labels_of(namespace).get(CLONE_NAMESPACE_LABEL):
        raise Refusal(
            f"delete_namespace: namespace {request.namespace} was not created by tridentops.storage.volume_clone "
            f"(no {CLONE_NAMESPACE_LABEL} label); delete it yourself; nothing was changed"
        )
    changes = delete_one(session, PVC, live, request.check_mode)
    changes.extend(revoke(session, index, request.namespace, request.name, live, request.check_mode))
    if namespace is not None:
        changes.extend(delete_one(session, NAMESPACE, namespace, request.check_mode))
    if request.wait and not request.check_mode:
        if namespace is not None:
            # Deleting the namespace deletes what is in it; Trident deletes the clone's volume with its PV.
            wait_gone(session, NAMESPACE, None, request.namespace, request.wait_timeout)
        elif live is not None:
            wait_gone(session, PVC, request.namespace, request.name, request.wait_timeout)
    return result(changes, request.diff, pvc=claim_summary(live))


def run(task: Task) -> dict[str, Any]:
    """The volume_clone module's run: its options as a CloneRequest."""
    session = task.session()
    request = task.request(CloneRequest)
    return remove(session, request) if task["state"] == "absent" else ensure(session, request)
