"""Import an existing ONTAP or FSx for NetApp ONTAP volume into a PVC with Trident's import annotations.

Trident imports when the CSI provisioner hands it a PVC annotated with ``importOriginalName`` and
``importBackendUUID`` (what ``tridentctl import volume`` does). The backend is named by the user and
resolved to its UUID here, from the TridentBackendConfigs, so a backend Trident has not bound is refused
before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..._k8s.converge import LiveIndex
from ..._k8s.session import KubeError, KubeSession
from ...spec import facts
from ...spec.autogrow import ANNOTATION as AUTOGROW_POLICY
from ...spec.issues import Issue
from ...spec.kinds import PV, PVC, TBC
from ..safety import Refusal
from ..task import Task
from . import judges
from .common import (
    MANAGED_LABELS,
    TRIDENT_PREFIX,
    VolumeRequest,
    annotations_of,
    apply_one,
    autogrow_issues,
    check_size,
    claim_request,
    claim_summary,
    quantity_bytes,
    refuse_autogrow_unserved,
    refuse_unserved,
    require,
    result,
    trident_class,
    wait_for_claim,
    waits_for_consumer,
)

IMPORT_ORIGINAL_NAME = TRIDENT_PREFIX + "importOriginalName"
IMPORT_BACKEND_UUID = TRIDENT_PREFIX + "importBackendUUID"
NOT_MANAGED = TRIDENT_PREFIX + "notManaged"
IMPORT_NO_RENAME = TRIDENT_PREFIX + "importNoRename"
STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner"
# A FlexVol, or flexvol/qtree (ontap-nas-economy) and flexvol/lun (ontap-san-economy).
_VOLUME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*(/[A-Za-z_][A-Za-z0-9_.-]*)?$")


@dataclass(frozen=True)
class ImportRequest(VolumeRequest):
    name: str
    namespace: str
    volume: str
    backend: str
    storage_class: str
    size: str
    trident_namespace: str = facts.DEFAULT_NAMESPACE
    access_modes: tuple[str, ...] = ("ReadWriteOnce",)
    volume_mode: str | None = None
    managed: bool = True
    rename: bool = True
    labels: Mapping[str, str] = field(default_factory=dict)
    autogrow_policy: str | None = None


def _validate(request: ImportRequest) -> int | None:
    issues = request.name_issues("name", "namespace", "trident_namespace", "storage_class")
    size = check_size(issues, "size", request.size)
    issues += autogrow_issues(request.autogrow_policy)
    if not _VOLUME.match(request.volume):
        issues.append(
            Issue(
                "volume",
                f"{request.volume!r} is not an ONTAP volume name (a FlexVol name, or flexvol/qtree or flexvol/lun "
                "for the economy drivers)",
            )
        )
    if not request.backend.strip():
        issues.append(Issue("backend", "must name a Trident backend"))
    require(issues)
    return size


def backend_of(index: LiveIndex, request: ImportRequest) -> tuple[str, str]:
    """(backend name, backend UUID) of the named backend; refused unless Trident reports it Bound."""
    configs = index.objects(TBC, request.trident_namespace)
    refuse_unserved(index, [TBC])
    found = configs.get(request.backend) or next(
        (
            tbc
            for tbc in configs.values()
            if ((tbc.get("status") or {}).get("backendInfo") or {}).get("backendName") == request.backend
        ),
        None,
    )
    if found is None:
        known = ", ".join(sorted(configs)) or "none"
        raise Refusal(
            f"backend: no Trident backend named {request.backend} in namespace {request.trident_namespace} "
            f"(TridentBackendConfigs there: {known}); nothing was changed"
        )
    status = found.get("status") or {}
    info = status.get("backendInfo") or {}
    phase, last, message = status.get("phase") or "", status.get("lastOperationStatus") or "", status.get("message")
    if phase != "Bound" or not info.get("backendUUID"):
        raise Refusal(
            f"backend: Trident backend {request.backend} is not Bound (phase {phase or 'Unbound'}, last operation "
            f"{last or 'none'}: {message or 'no message'}): Trident cannot import from it; nothing was changed"
        )
    return str(info.get("backendName") or request.backend), str(info["backendUUID"])


def _already_imported(session: KubeSession, request: ImportRequest, uuid: str) -> str | None:
    """Another PVC (in any namespace) importing the same volume: Trident would fail it with FoundError."""
    try:
        items, _version = session.list(PVC)
    except KubeError as error:
        if error.status != 403:
            raise
        return None  # an identity bound to one namespace: Trident itself refuses a second import
    for pvc in items:
        meta = pvc["metadata"]
        notes = annotations_of(pvc)
        if (meta.get("namespace"), meta["name"]) == (request.namespace, request.name):
            continue
        if notes.get(IMPORT_ORIGINAL_NAME) == request.volume and notes.get(IMPORT_BACKEND_UUID) == uuid:
            return f"{meta.get('namespace')}/{meta['name']}"
    return None


def _volume_details(session: KubeSession, pvc: Mapping[str, Any], backend: str, uuid: str) -> dict[str, Any]:
    details: dict[str, Any] = {"backend": backend, "backend_uuid": uuid}
    name = (pvc.get("spec") or {}).get("volumeName")
    if not name:
        return details
    try:
        pv = session.get(PV, str(name))
    except KubeError:
        return details  # PersistentVolumes are cluster-scoped: a namespaced identity may not read them
    attributes = (((pv or {}).get("spec") or {}).get("csi") or {}).get("volumeAttributes") or {}
    details["internal_name"] = attributes.get("internalName", "")
    return details


def ensure(session: KubeSession, request: ImportRequest) -> dict[str, Any]:
    size = _validate(request)
    index = LiveIndex(session)
    backend, uuid = backend_of(index, request)
    sc = trident_class(index, request.storage_class, "storage_class")
    refuse_autogrow_unserved(index, request.autogrow_policy)
    live = index.objects(PVC, request.namespace).get(request.name)
    notes = annotations_of(live)
    where = f"PersistentVolumeClaim {request.namespace}/{request.name}"
    if live is not None and (notes.get(IMPORT_ORIGINAL_NAME), notes.get(IMPORT_BACKEND_UUID)) != (request.volume, uuid):
        raise Refusal(
            f"{where} already exists and is not an import of volume {request.volume} from backend {backend}; "
            "choose another name; nothing was changed"
        )
    if live is None:
        other = _already_imported(session, request, uuid)
        if other:
            raise Refusal(
                f"volume: {request.volume} on backend {backend} is already imported by PVC {other}; Trident "
                "manages a volume once; nothing was changed"
            )
    size_text = request.size
    if live is not None:
        current = claim_request(live)
        if quantity_bytes(current) != size:
            raise Refusal(
                f"size: {where} already requests {current}; resize it with tridentops.storage.volume_resize; "
                "nothing was changed"
            )
        size_text = current  # the same size, as the API server spells it
    import_notes = {
        IMPORT_ORIGINAL_NAME: request.volume,
        IMPORT_BACKEND_UUID: uuid,
        STORAGE_PROVISIONER: facts.CSI_DRIVER,
    }
    if not request.managed:
        import_notes[NOT_MANAGED] = "true"
    if not request.rename:
        import_notes[IMPORT_NO_RENAME] = "true"
    if request.autogrow_policy is not None:
        import_notes[AUTOGROW_POLICY] = request.autogrow_policy
    spec: dict[str, Any] = {
        "accessModes": list(request.access_modes),
        "resources": {"requests": {"storage": size_text}},
        "storageClassName": request.storage_class,
    }
    if request.volume_mode:
        spec["volumeMode"] = request.volume_mode
    desired = {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {
            "name": request.name,
            "namespace": request.namespace,
            "labels": {**MANAGED_LABELS, **request.labels},
            "annotations": import_notes,
        },
        "spec": spec,
    }
    change = apply_one(session, index, desired, request.check_mode)
    details = {"backend": backend, "backend_uuid": uuid, "managed": request.managed}
    if request.check_mode or not request.wait:
        return result([change], request.diff, pvc=claim_summary(live), volume=details)
    if waits_for_consumer(sc):
        note = "the StorageClass binds on first use (WaitForFirstConsumer): Trident imports when a pod uses the claim"
        return result([change], request.diff, pvc=claim_summary(live), volume=details, notes=[note])
    pvc = wait_for_claim(
        session, request.namespace, request.name, change.applied_version, judges.claim_bound, request.wait_timeout
    )
    volume = {**_volume_details(session, pvc, backend, uuid), "managed": request.managed}
    return result([change], request.diff, pvc=claim_summary(pvc), volume=volume)


def run(task: Task) -> dict[str, Any]:
    """The volume_import module's run: its options as a ImportRequest."""
    session = task.session()
    request = task.request(ImportRequest)
    return ensure(session, request)
