"""TEST STAND-IN for what makes volumes in a real cluster. Not Trident, never shipped.

Part of the stand-in (controller.py wires it in). It writes only what these components write:

* PVCs whose provisioner is Trident (the binder's ``volume.beta.kubernetes.io/storage-provisioner``
  annotation): the csi-provisioner sidecar + Trident's CreateVolume. A new volume, a CSI clone
  (``dataSource`` PVC or VolumeSnapshot), a cross-namespace clone (``trident.netapp.io/cloneFrom*`` with
  the TridentVolumeReference and ``cloneToNamespace`` grant Trident checks), an import
  (``importOriginalName`` + ``importBackendUUID``) or a mirror destination (``mirrorRelationship``) becomes a
  TridentVolume in Trident's namespace and a PersistentVolume named ``pvc-<claim uid>`` with Trident's
  volume attributes and a ``claimRef``; the persistentvolume-binder of the control plane then binds the
  claim. A refusal is a ``ProvisioningFailed`` warning event on the claim, and the claim stays Pending.
* Bound Trident claims asking for more: the csi-resizer + Trident's ControllerExpandVolume (PV capacity,
  then ``status.capacity``; ``FileSystemResizePending`` for SAN file systems); ``VolumeResizeFailed`` events.
* Released Trident PVs with reclaim policy Delete: the csi-provisioner's delete (TridentVolume, PV).
* The pvc-protection and pv-protection controllers, which the embedded control plane does not run, for
  Trident claims and PVs only: a deleted claim no pod uses, and a deleted PV no claim holds, are released.

Deviations from Trident, kept small and deliberate: a new volume goes to the first Bound backend (by name)
whose driver matches the class's ``backendType`` and whose pools match its ``selector`` (``key=value``
terms only; no physical pool, media or capacity matching); a volume's size is what the claim requests (an
import cannot see the real volume); error texts follow Trident's and the sidecars' where known.

Failure injection (ConfigMap ``kube-system/trident-standin``): ``pvc.<ns>.<name>`` set to ``Hold`` (do
nothing) or ``Failed: <message>``. Snapshots are in snapshots.py.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
import uuid
from collections.abc import Mapping
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .controller import GROUP, ApiError, _Informer, _injection, _say

if TYPE_CHECKING:
    from .controller import StandIn

JSON = dict[str, Any]
DRIVER = "csi.trident.netapp.io"
SNAPSHOT_GROUP = "snapshot.storage.k8s.io"
PROVISIONER_ANNOTATIONS = ("volume.beta.kubernetes.io/storage-provisioner", "volume.kubernetes.io/storage-provisioner")
PVC_PROTECTION = "kubernetes.io/pvc-protection"
PV_PROTECTION = "kubernetes.io/pv-protection"
TRIDENT = "trident.netapp.io/"
PROVISIONER_COMPONENT = "csi.trident.netapp.io_trident-controller-standin"
RESIZER_COMPONENT = "external-resizer csi.trident.netapp.io"
SNAPSHOT_COMPONENT = "snapshot-controller"
_QUANTITY = re.compile(r"^([0-9]+(?:\.[0-9]*)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
_FACTORS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_FACTORS.update({"k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18})


class Refused(Exception):
    """Trident (or a sidecar) refuses the request; the message is what it reports."""


def size_bytes(text: object) -> int:
    match = _QUANTITY.match(str(text or "").strip())
    if match is None:
        return 0
    value = Decimal(match.group(1)) * _FACTORS.get(match.group(2) or "", 1)
    return int(value.to_integral_value(ROUND_CEILING))


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def notes(obj: Mapping[str, Any] | None) -> dict[str, str]:
    return dict(((obj or {}).get("metadata") or {}).get("annotations") or {})


def internal_name(tbc: Mapping[str, Any], volume: str) -> str:
    """Trident's name on the array: the backend's storage prefix + the volume name, '-' as '_'."""
    prefix = str((tbc.get("spec") or {}).get("storagePrefix", "trident_"))
    return (prefix + volume).replace("-", "_")


def svm_of(tbc: Mapping[str, Any]) -> str:
    return str((tbc.get("spec") or {}).get("svm") or "svm0")


def _path(kind: str, namespace: str = "", name: str = "") -> str:
    group = {
        "persistentvolumeclaims": "/api/v1",
        "persistentvolumes": "/api/v1",
        "events": "/api/v1",
        "pods": "/api/v1",
        "volumesnapshots": f"/apis/{SNAPSHOT_GROUP}/v1",
        "volumesnapshotcontents": f"/apis/{SNAPSHOT_GROUP}/v1",
    }.get(kind, f"/apis/{GROUP}/v1")
    where = f"/namespaces/{namespace}" if namespace else ""
    return f"{group}{where}/{kind}" + (f"/{quote(name)}" if name else "")


class Volumes:
    """Claims and PVs of Trident volumes. ``reconcile`` is called by the stand-in's workers."""

    KINDS = ("pvc", "pv")

    def __init__(self, owner: StandIn) -> None:
        self.owner = owner
        self.http = owner.http
        self._reported: dict[tuple[str, str], str] = {}  # (uid, reason) -> last event message written
        self.claims = _Informer(owner, "pvcs", "/api/v1/persistentvolumeclaims", self._on_claim)
        self.volumes = _Informer(owner, "pvs", "/api/v1/persistentvolumes", self._on_volume)
        self.classes = _Informer(owner, "storageclasses", "/apis/storage.k8s.io/v1/storageclasses", self._ignore)
        self.references = _Informer(
            owner, "tvrs", _path("tridentvolumereferences"), self._ignore, crd=f"tridentvolumereferences.{GROUP}"
        )
        self.informers = [
            self.claims,
            self.volumes,
            self.classes,
            self.references,
        ]

    # ----- events from the informers: cheap, only queue ---------------------------------------------------
    def _ignore(self, old: JSON | None, new: JSON | None) -> None:
        pass

    def _queue(self, kind: str, namespace: str, name: str) -> None:
        self.owner._queue.add((kind, namespace, name))

    def _on_claim(self, old: JSON | None, new: JSON | None) -> None:
        obj = new or old
        assert obj is not None
        namespace, name = obj["metadata"].get("namespace", ""), obj["metadata"]["name"]
        self._queue("pvc", namespace, name)
        self.waiting_on_sources()
        self.owner.snapshots.claim_changed(namespace, name)
        self.owner.replication.claim_changed(namespace, name)

    def _on_volume(self, old: JSON | None, new: JSON | None) -> None:
        obj = new or old
        assert obj is not None
        self._queue("pv", "", obj["metadata"]["name"])
        ref = (obj.get("spec") or {}).get("claimRef") or {}
        if ref.get("name"):
            self.owner.replication.claim_changed(str(ref.get("namespace")), str(ref["name"]))

    def waiting_on_sources(self) -> None:
        """Claims still waiting for what they are made from (a clone's source, a mirror's relationship) look again."""
        for pvc in self.claims.items():
            spec, status = pvc.get("spec") or {}, pvc.get("status") or {}
            sourced = spec.get("dataSource") or any(
                k.startswith(TRIDENT + "cloneFrom") or k == TRIDENT + "mirrorRelationship" for k in notes(pvc)
            )
            if sourced and status.get("phase") == "Pending" and not spec.get("volumeName"):
                self._queue("pvc", pvc["metadata"]["namespace"], pvc["metadata"]["name"])

    def on_scenario(self, changed: set[str]) -> None:
        for key in changed:
            prefix, _sep, rest = key.partition(".")
            namespace, _dot, name = rest.partition(".")
            if prefix == "pvc" and name:
                self._queue("pvc", namespace, name)

    def reconcile(self, key: tuple[str, str, str], queued_at: float) -> None:
        kind, namespace, name = key
        if kind == "pvc":
            self._reconcile_claim(namespace, name, queued_at)
        elif kind == "pv":
            self._reconcile_volume(name)

    # ----- helpers ---------------------------------------------------------------------------------------------
    def backends(self) -> list[JSON]:
        """Bound TridentBackendConfigs of the installed Trident, by name."""
        namespace = self.owner._trident_ns
        found = [
            tbc
            for tbc in self.owner._tbcs.items()
            if tbc["metadata"].get("namespace") == namespace and (tbc.get("status") or {}).get("phase") == "Bound"
        ]
        return sorted(found, key=lambda t: str(t["metadata"]["name"]))

    def backend_by_uuid(self, backend_uuid: str) -> JSON | None:
        for backend in self.backends():
            if ((backend.get("status") or {}).get("backendInfo") or {}).get("backendUUID") == backend_uuid:
                return backend
        return None

    def trident_volume_of(self, pvc: Mapping[str, Any]) -> JSON | None:
        """The Trident PV a claim is bound to."""
        name = (pvc.get("spec") or {}).get("volumeName")
        pv = self.volumes.get("", str(name)) if name else None
        if pv is None or ((pv.get("spec") or {}).get("csi") or {}).get("driver") != DRIVER:
            return None
        return pv

    def is_trident_claim(self, pvc: Mapping[str, Any]) -> bool:
        if any(notes(pvc).get(a) == DRIVER for a in PROVISIONER_ANNOTATIONS):
            return True
        return self.trident_volume_of(pvc) is not None

    def event(self, obj: Mapping[str, Any], reason: str, message: str, component: str, kind: str) -> None:
        """A Warning event on ``obj``, once per distinct message (as an event recorder aggregates repeats)."""
        meta = obj["metadata"]
        memo = (str(meta.get("uid")), reason)
        if self._reported.get(memo) == message:
            return
        self._reported[memo] = message
        stamp = now()
        body = {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": f"{meta['name']}.{uuid.uuid4().hex[:16]}", "namespace": meta.get("namespace")},
            "involvedObject": {
                "apiVersion": obj.get("apiVersion", "v1"),
                "kind": kind,
                "name": meta["name"],
                "namespace": meta.get("namespace"),
                "uid": meta.get("uid"),
                "resourceVersion": meta.get("resourceVersion"),
            },
            "reason": reason,
            "message": message,
            "type": "Warning",
            "source": {"component": component},
            "reportingComponent": component,
            "firstTimestamp": stamp,
            "lastTimestamp": stamp,
            "count": 1,
        }
        with contextlib.suppress(ApiError):  # a namespace being deleted refuses new events
            self.http.request("POST", _path("events", str(meta.get("namespace"))), body)
        _say(logging.INFO, "%s %s/%s: %s: %s", kind, meta.get("namespace"), meta["name"], reason, message)

    def drop_finalizers(self, path: str, obj: JSON, finalizers: tuple[str, ...]) -> None:
        current = list(obj["metadata"].get("finalizers") or [])
        wanted = [f for f in current if f not in finalizers]
        if wanted == current:
            return
        patch = {"metadata": {"finalizers": wanted or None, "resourceVersion": obj["metadata"]["resourceVersion"]}}
        try:
            self.http.request("PATCH", path, patch)
        except ApiError as error:
            if error.status != 404:
                raise  # a conflict: the worker retries with the newer object from the watch

    # ----- claims: the csi-provisioner and csi-resizer with Trident behind them -----------------------------
    def _reconcile_claim(self, namespace: str, name: str, queued_at: float) -> None:
        pvc = self.claims.get(namespace, name)
        if pvc is None or not self.is_trident_claim(pvc) or self.owner._trident_ns is None:
            return
        meta, spec, status = pvc["metadata"], pvc.get("spec") or {}, pvc.get("status") or {}
        if meta.get("deletionTimestamp"):
            self._release_claim(pvc)
            return
        injection = _injection(self.owner._scenario(queued_at).get(f"pvc.{namespace}.{name}"))
        phase = status.get("phase") or "Pending"
        if phase == "Pending" and not spec.get("volumeName"):
            self._provision(pvc, injection)
        elif phase == "Bound":
            self._expand(pvc, injection)

    def _provision(self, pvc: JSON, injection: tuple[str, str] | None) -> None:
        meta, spec = pvc["metadata"], pvc.get("spec") or {}
        if injection and injection[0] == "hold":
            return
        class_name = str(spec.get("storageClassName") or "")
        pv_name = f"pvc-{meta['uid']}"
        if self.volumes.get("", pv_name) is not None or self.http.get(_path("persistentvolumes", "", pv_name)):
            return  # made already; the binder binds it
        try:
            if injection:
                raise Refused(injection[1])
            sc = self.classes.get("", class_name)
            if sc is None:
                raise Refused(f'storageclass.storage.k8s.io "{class_name}" not found')
            placement = self._place(pvc, sc)
        except Refused as refusal:
            message = f'failed to provision volume with StorageClass "{class_name}": {refusal}'
            self.event(pvc, "ProvisioningFailed", message, PROVISIONER_COMPONENT, "PersistentVolumeClaim")
            return
        self._create_volume(pvc, sc, pv_name, placement)

    def _place(self, pvc: JSON, sc: JSON) -> JSON:
        """Where Trident puts the volume and what it is made from: backend, internal name, source."""
        meta, spec = pvc["metadata"], pvc.get("spec") or {}
        namespace = str(meta["namespace"])
        annotations = notes(pvc)
        requested = size_bytes(((spec.get("resources") or {}).get("requests") or {}).get("storage"))
        pv_name = f"pvc-{meta['uid']}"
        if annotations.get(TRIDENT + "importOriginalName"):
            return self._place_import(pvc, annotations, pv_name)
        if annotations.get(TRIDENT + "mirrorRelationship"):
            tmr = annotations[TRIDENT + "mirrorRelationship"]
            if self.owner.replication.mirrors.get(namespace, tmr) is None:
                raise Refused(f"rpc error: code = NotFound desc = TridentMirrorRelationship {tmr} not found")
        source = spec.get("dataSource") or {}
        clone_from = annotations.get(TRIDENT + "cloneFromPVC")
        snapshot_from = annotations.get(TRIDENT + "cloneFromSnapshot")
        if source.get("kind") == "VolumeSnapshot" or (snapshot_from and not source):
            source_ns = annotations.get(TRIDENT + "cloneFromNamespace") or namespace
            snapshot_name = str(source.get("name") or snapshot_from)
            if source_ns != namespace:
                self._check_reference(namespace, source_ns, str(clone_from or ""))
            return self._place_from_snapshot(pvc, sc, source_ns, snapshot_name, requested, pv_name)
        if source.get("kind") == "PersistentVolumeClaim" or clone_from:
            source_ns = annotations.get(TRIDENT + "cloneFromNamespace") or namespace
            source_name = str(source.get("name") or clone_from)
            if source_ns != namespace:
                self._check_reference(namespace, source_ns, source_name)
            return self._place_from_claim(pvc, sc, source_ns, source_name, requested, pv_name, bool(source))
        backend = next((b for b in self.backends() if self._matches(sc, b)), None)
        if backend is None:
            raise Refused(
                "rpc error: code = Unknown desc = encountered error(s) in creating the volume: "
                f"[no available backends for storage class {sc['metadata']['name']}]"
            )
        return {"backend": backend, "internal": internal_name(backend, pv_name)}

    def _place_import(self, pvc: JSON, annotations: Mapping[str, str], pv_name: str) -> JSON:
        original = annotations[TRIDENT + "importOriginalName"]
        backend_uuid = annotations.get(TRIDENT + "importBackendUUID", "")
        backend = self.backend_by_uuid(backend_uuid)
        if backend is None:
            raise Refused(f"rpc error: code = NotFound desc = backend {backend_uuid} not found")
        namespace = self.owner._trident_ns or ""
        listed = self.http.get(_path("tridentvolumes", namespace)) or {}
        for volume in listed.get("items") or []:
            config = volume.get("config") or {}
            if config.get("importOriginalName") == original and volume.get("backendUUID") == backend_uuid:
                raise Refused(f"rpc error: code = AlreadyExists desc = volume {original} is already managed by Trident")
        rename = annotations.get(TRIDENT + "importNoRename") != "true"
        return {
            "backend": backend,
            "internal": internal_name(backend, pv_name) if rename else original,
            "import": {
                "importOriginalName": original,
                "importBackendUUID": backend_uuid,
                "importNotManaged": annotations.get(TRIDENT + "notManaged") == "true",
            },
        }

    def _check_reference(self, namespace: str, source_ns: str, source_name: str) -> None:
        """Trident's cross-namespace checks: a TridentVolumeReference here, and the source's grant."""
        found = any(
            tvr["metadata"].get("namespace") == namespace
            and (tvr.get("spec") or {}).get("pvcName") == source_name
            and (tvr.get("spec") or {}).get("pvcNamespace") == source_ns
            for tvr in self.references.items()
        )
        if not found:
            raise Refused(
                f"rpc error: code = NotFound desc = volume reference for {source_ns}/{source_name} not found in "
                f"namespace {namespace}"
            )
        source = self.claims.get(source_ns, source_name)
        granted = [n.strip() for n in notes(source).get(TRIDENT + "cloneToNamespace", "").split(",")]
        if "*" not in granted and namespace not in granted:
            raise Refused(
                f"rpc error: code = PermissionDenied desc = PVC {source_ns}/{source_name} does not allow cloning "
                f"to namespace {namespace}"
            )

    def _place_from_claim(
        self, pvc: JSON, sc: JSON, source_ns: str, source_name: str, requested: int, pv_name: str, csi: bool
    ) -> JSON:
        source = self.claims.get(source_ns, source_name)
        if source is None:
            raise Refused(f'persistentvolumeclaims "{source_name}" not found')
        source_class = (source.get("spec") or {}).get("storageClassName")
        if csi and source_class != sc["metadata"]["name"]:
            raise Refused(
                "the source PVC and destination PVCs must be in the same storage class for cloning.  Source is in "
                f"{source_class}, but new PVC is in {sc['metadata']['name']}"
            )
        volume = self.trident_volume_of(source)
        if volume is None or (source.get("status") or {}).get("phase") != "Bound":
            raise Refused(f"error getting handle for DataSource Type PersistentVolumeClaim by Name {source_name}")
        source_size = size_bytes(((source.get("status") or {}).get("capacity") or {}).get("storage"))
        if requested < source_size:
            raise Refused(
                "error, new PVC request must be greater than or equal in size to the specified PVC data source, "
                f"requested {requested} but source is {source_size}"
            )
        backend = self._backend_of(volume)
        return {"backend": backend, "internal": internal_name(backend, pv_name), "clone": volume["metadata"]["name"]}

    def _place_from_snapshot(
        self, pvc: JSON, sc: JSON, source_ns: str, snapshot_name: str, requested: int, pv_name: str
    ) -> JSON:
        vs = self.owner.snapshots.snapshots.get(source_ns, snapshot_name)
        if vs is None:
            raise Refused(
                f"error getting handle for DataSource Type VolumeSnapshot by Name {snapshot_name}: error getting "
                f'snapshot {snapshot_name} from api server: volumesnapshots.snapshot.storage.k8s.io "{snapshot_name}" '
                "not found"
            )
        status = vs.get("status") or {}
        if status.get("readyToUse") is not True:
            raise Refused(
                f"error getting handle for DataSource Type VolumeSnapshot by Name {snapshot_name}: "
                f"snapshot {snapshot_name} is not Ready"
            )
        restore = size_bytes(status.get("restoreSize"))
        if requested < restore:
            raise Refused(
                f"requested volume size {requested} is less than the size {restore} for the source snapshot "
                f"{snapshot_name}"
            )
        content = self.http.get(_path("volumesnapshotcontents", "", str(status.get("boundVolumeSnapshotContentName"))))
        handle = str(((content or {}).get("status") or {}).get("snapshotHandle") or "")
        volume = self.volumes.get("", handle.partition("/")[0])
        if volume is None:
            raise Refused(f"rpc error: code = NotFound desc = source volume of snapshot {handle} not found")
        backend = self._backend_of(volume)
        return {
            "backend": backend,
            "internal": internal_name(backend, pv_name),
            "clone": volume["metadata"]["name"],
            "snapshot": handle,
        }

    def _backend_of(self, pv: Mapping[str, Any]) -> JSON:
        attributes = ((pv.get("spec") or {}).get("csi") or {}).get("volumeAttributes") or {}
        backend = self.backend_by_uuid(str(attributes.get("backendUUID", "")))
        if backend is None:
            raise Refused(f"rpc error: code = NotFound desc = backend {attributes.get('backendUUID')} not found")
        return backend

    @staticmethod
    def _matches(sc: Mapping[str, Any], tbc: Mapping[str, Any]) -> bool:
        spec = tbc.get("spec") or {}
        # As Trident's processStorageClass (plugin.go@v26.06.0): csi.storage.k8s.io/* and fsType are skipped, a
        # trident.netapp.io/ prefix is removed, and the trident.netapp.io/selector annotation replaces the selector.
        params = {
            key.removeprefix("trident.netapp.io/"): value
            for key, value in (sc.get("parameters") or {}).items()
            if not key.startswith("csi.storage.k8s.io/") and key != "fsType"
        }
        selector = ((sc.get("metadata") or {}).get("annotations") or {}).get("trident.netapp.io/selector")
        if selector is not None:
            params["selector"] = selector
        wanted = params.get("backendType")
        if wanted and wanted != spec.get("storageDriverName"):
            return False
        terms = [t.strip() for t in str(params.get("selector") or "").split(";") if t.strip()]
        base = dict(spec.get("labels") or {})
        pools = [{**base, **(p.get("labels") or {})} for p in spec.get("storage") or []] or [base]
        for term in terms:
            key, sep, value = term.partition("=")
            if not sep:
                continue  # only key=value terms are judged here
            if not any(str(pool.get(key.strip().rstrip("!"))) == value.strip() for pool in pools):
                return False
        return True

    def _create_volume(self, pvc: JSON, sc: JSON, pv_name: str, placement: JSON) -> None:
        meta, spec = pvc["metadata"], pvc.get("spec") or {}
        backend = placement["backend"]
        driver = str((backend.get("spec") or {}).get("storageDriverName", ""))
        block = driver.startswith("ontap-san") or spec.get("volumeMode") == "Block"
        size = str(((spec.get("resources") or {}).get("requests") or {}).get("storage"))
        backend_uuid = str((backend.get("status") or {}).get("backendInfo", {}).get("backendUUID", ""))
        trident_ns = str(self.owner._trident_ns)
        config: JSON = {
            "name": pv_name,
            "internalName": placement["internal"],
            "size": str(size_bytes(size)),
            "storageClass": sc["metadata"]["name"],
            "protocol": "block" if block else "file",
            "accessModes": list(spec.get("accessModes") or []),
            "volumeMode": spec.get("volumeMode") or "Filesystem",
            **placement.get("import", {}),
        }
        if placement.get("clone"):
            config["cloneSourceVolume"] = placement["clone"]
        if placement.get("snapshot"):
            config["cloneSourceSnapshot"] = placement["snapshot"].partition("/")[2]
        volume = {
            "apiVersion": f"{GROUP}/v1",
            "kind": "TridentVolume",
            "metadata": {"name": pv_name, "namespace": trident_ns},
            "config": config,
            "backendUUID": backend_uuid,
            "pool": f"{(backend.get('spec') or {}).get('backendName') or backend['metadata']['name']}_pool_0",
            "orphaned": False,
            "state": "online",
        }
        self.http.create(_path("tridentvolumes", trident_ns), volume)
        attributes = {
            "backendUUID": backend_uuid,
            "internalName": placement["internal"],
            "name": pv_name,
            "protocol": config["protocol"],
        }
        csi: JSON = {"driver": DRIVER, "volumeHandle": pv_name, "volumeAttributes": attributes}
        if block and spec.get("volumeMode") != "Block":
            csi["fsType"] = "ext4"
        pv_spec: JSON = {
            "accessModes": list(spec.get("accessModes") or ["ReadWriteOnce"]),
            "capacity": {"storage": size},
            "claimRef": {
                "apiVersion": "v1",
                "kind": "PersistentVolumeClaim",
                "namespace": meta["namespace"],
                "name": meta["name"],
                "uid": meta["uid"],
                "resourceVersion": meta["resourceVersion"],
            },
            "csi": csi,
            "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy") or "Delete",
            "storageClassName": sc["metadata"]["name"],
            "volumeMode": spec.get("volumeMode") or "Filesystem",
        }
        if sc.get("mountOptions"):
            pv_spec["mountOptions"] = list(sc["mountOptions"])
        pv = {
            "apiVersion": "v1",
            "kind": "PersistentVolume",
            "metadata": {"name": pv_name, "annotations": {"pv.kubernetes.io/provisioned-by": DRIVER}},
            "spec": pv_spec,
        }
        self.http.create(_path("persistentvolumes"), pv)
        _say(
            logging.INFO,
            "PersistentVolumeClaim %s/%s: volume %s (%s) on backend %s",
            meta["namespace"],
            meta["name"],
            pv_name,
            placement["internal"],
            backend["metadata"]["name"],
        )

    def _expand(self, pvc: JSON, injection: tuple[str, str] | None) -> None:
        spec, status = pvc.get("spec") or {}, pvc.get("status") or {}
        requested_text = str(((spec.get("resources") or {}).get("requests") or {}).get("storage"))
        requested = size_bytes(requested_text)
        if requested <= size_bytes((status.get("capacity") or {}).get("storage")):
            return
        pv = self.trident_volume_of(pvc)
        if pv is None or (injection and injection[0] == "hold"):
            return
        pv_name = pv["metadata"]["name"]
        failure = injection[1] if injection else None
        if failure is None and notes(pvc).get(TRIDENT + "notManaged") == "true":
            failure = f"volume {pv_name} is not managed by Trident"
        if failure is not None:
            message = (
                f'resize volume "{pv_name}" by resizer "{DRIVER}" failed: rpc error: code = Unknown desc = {failure}'
            )
            self.event(pvc, "VolumeResizeFailed", message, RESIZER_COMPONENT, "PersistentVolumeClaim")
            return
        if size_bytes((pv.get("spec") or {}).get("capacity", {}).get("storage")) < requested:
            grown = {"spec": {"capacity": {"storage": requested_text}}}
            self.http.request("PATCH", _path("persistentvolumes", "", pv_name), grown)
        trident_ns = str(self.owner._trident_ns)
        with contextlib.suppress(ApiError):
            self.http.request(
                "PATCH", _path("tridentvolumes", trident_ns, pv_name), {"config": {"size": str(requested)}}
            )
        block_fs = ((pv.get("spec") or {}).get("csi") or {}).get("fsType") and spec.get("volumeMode") != "Block"
        path = _path("persistentvolumeclaims", pvc["metadata"]["namespace"], pvc["metadata"]["name"]) + "/status"
        if block_fs:
            # The controller side is done; kubelet grows the file system when a pod next mounts the volume.
            condition = {
                "type": "FileSystemResizePending",
                "status": "True",
                "lastTransitionTime": now(),
                "message": "Waiting for user to (re-)start a pod to finish file system resize of volume on node.",
            }
            self.http.request("PATCH", path, {"status": {"conditions": [condition]}})
        else:
            self.http.request("PATCH", path, {"status": {"capacity": {"storage": requested_text}, "conditions": None}})
        _say(
            logging.INFO,
            "PersistentVolumeClaim %s/%s: grown to %s",
            pvc["metadata"]["namespace"],
            pvc["metadata"]["name"],
            requested_text,
        )

    def _release_claim(self, pvc: JSON) -> None:
        """The pvc-protection controller: release a deleted claim once no pod uses it."""
        meta = pvc["metadata"]
        if PVC_PROTECTION not in (meta.get("finalizers") or []):
            return
        pods = self.http.get(_path("pods", meta["namespace"])) or {}
        for pod in pods.get("items") or []:
            for volume in (pod.get("spec") or {}).get("volumes") or []:
                if (volume.get("persistentVolumeClaim") or {}).get("claimName") == meta["name"]:
                    return  # in use: kept until the pod is gone
        self.drop_finalizers(_path("persistentvolumeclaims", meta["namespace"], meta["name"]), pvc, (PVC_PROTECTION,))

    # ----- persistent volumes: the csi-provisioner's delete, the pv-protection controller ------------------
    def _reconcile_volume(self, name: str) -> None:
        pv = self.volumes.get("", name)
        if pv is None or ((pv.get("spec") or {}).get("csi") or {}).get("driver") != DRIVER:
            return
        meta, spec = pv["metadata"], pv.get("spec") or {}
        phase = (pv.get("status") or {}).get("phase")
        if meta.get("deletionTimestamp"):
            if phase != "Bound":
                self.drop_finalizers(_path("persistentvolumes", "", name), pv, (PV_PROTECTION,))
            return
        if phase == "Released" and spec.get("persistentVolumeReclaimPolicy") == "Delete":
            trident_ns = self.owner._trident_ns
            if trident_ns:
                with contextlib.suppress(ApiError):
                    self.http.request("DELETE", _path("tridentvolumes", trident_ns, name))
            with contextlib.suppress(ApiError):
                self.http.request("DELETE", _path("persistentvolumes", "", name))
            _say(logging.INFO, "PersistentVolume %s: released, deleted with its volume", name)
