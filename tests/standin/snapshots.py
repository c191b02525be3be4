"""TEST STAND-IN for what cuts snapshots in a real cluster. Not Trident, never shipped.

Part of the stand-in (controller.py wires it in). VolumeSnapshots of Trident claims get what the snapshot
controller, the csi-snapshotter sidecar and Trident's CreateSnapshot write: the controller's finalizer, a
VolumeSnapshotContent ``snapcontent-<uid>`` with Trident's handle ``<pv>/snapshot-<uid>``, then
``readyToUse``, ``creationTime`` (whole seconds, as a metav1.Time), ``restoreSize`` and
``boundVolumeSnapshotContentName``; ``status.error`` with the controller's or Trident's message on a failure
(no claim, an unbound claim, no class, an injected failure). Deleting one deletes its content (policy
Delete) and releases the finalizer. Pre-provisioned contents are not emulated.

Failure injection (ConfigMap ``kube-system/trident-standin``): ``snapshot.<ns>.<name>`` set to ``Hold`` (do
nothing) or ``Failed: <message>``.
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import TYPE_CHECKING, Any

from .controller import ApiError, _Informer, _injection, _say
from .volumes import DRIVER, SNAPSHOT_GROUP, Refused, _path, now, size_bytes

if TYPE_CHECKING:
    from .controller import StandIn

JSON = dict[str, Any]
SNAPSHOT_FINALIZERS = (
    "snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection",
    "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection",
)


class Snapshots:
    """VolumeSnapshots of Trident volumes. ``reconcile`` is called by the stand-in's workers."""

    KINDS = ("vs",)

    def __init__(self, owner: StandIn) -> None:
        self.owner = owner
        self.http = owner.http
        self.snapshots = _Informer(
            owner,
            "volumesnapshots",
            _path("volumesnapshots"),
            self._on_snapshot,
            crd=f"volumesnapshots.{SNAPSHOT_GROUP}",
        )
        self.snapshot_classes = _Informer(
            owner,
            "volumesnapshotclasses",
            f"/apis/{SNAPSHOT_GROUP}/v1/volumesnapshotclasses",
            lambda old, new: None,
            crd=f"volumesnapshotclasses.{SNAPSHOT_GROUP}",
        )
        self.informers = [self.snapshots, self.snapshot_classes]

    def _on_snapshot(self, old: JSON | None, new: JSON | None) -> None:
        obj = new or old
        assert obj is not None
        self.owner._queue.add(("vs", obj["metadata"].get("namespace", ""), obj["metadata"]["name"]))
        self.owner.volumes.waiting_on_sources()

    def claim_changed(self, namespace: str, name: str) -> None:
        """A snapshot waits for its claim to be bound: look again when it changes."""
        for vs in self.snapshots.items():
            source = ((vs.get("spec") or {}).get("source") or {}).get("persistentVolumeClaimName")
            if vs["metadata"].get("namespace") == namespace and source == name:
                self.owner._queue.add(("vs", namespace, vs["metadata"]["name"]))

    def on_scenario(self, changed: set[str]) -> None:
        for key in changed:
            prefix, _sep, rest = key.partition(".")
            namespace, _dot, name = rest.partition(".")
            if prefix == "snapshot" and name:
                self.owner._queue.add(("vs", namespace, name))

    def reconcile(self, key: tuple[str, str, str], queued_at: float) -> None:
        self._reconcile_snapshot(key[1], key[2], queued_at)

    def _reconcile_snapshot(self, namespace: str, name: str, queued_at: float) -> None:
        vs = self.snapshots.get(namespace, name)
        if vs is None:
            return
        meta, spec, status = vs["metadata"], vs.get("spec") or {}, vs.get("status") or {}
        path = _path("volumesnapshots", namespace, name)
        if meta.get("deletionTimestamp"):
            self._delete_snapshot(vs, path)
            return
        if status.get("readyToUse") is True and status.get("boundVolumeSnapshotContentName"):
            return
        source = (spec.get("source") or {}).get("persistentVolumeClaimName")
        if not source:
            return  # pre-provisioned contents are not emulated
        pvc = self.owner.volumes.claims.get(namespace, str(source))
        if pvc is not None and not self.owner.volumes.is_trident_claim(pvc):
            return  # another driver's volume
        injection = _injection(self.owner._scenario(queued_at).get(f"snapshot.{namespace}.{name}"))
        if injection and injection[0] == "hold":
            return
        try:
            if pvc is None:
                raise Refused(
                    f"Failed to create snapshot content with error snapshot controller failed to update "
                    f'{namespace}/{name} on API server: persistentvolumeclaims "{source}" not found'
                )
            volume = self.owner.volumes.trident_volume_of(pvc)
            if volume is None:
                raise Refused(f"the PVC {source} is not yet bound to a PV, will not attempt to take a snapshot")
            class_name = spec.get("volumeSnapshotClassName")
            snapshot_class = self.snapshot_classes.get("", str(class_name)) if class_name else None
            if snapshot_class is None:
                raise Refused(
                    f"Failed to get snapshot class with error volumesnapshotclass.snapshot.storage.k8s.io "
                    f'"{class_name}" not found'
                )
            if injection:
                raise Refused(
                    f"Failed to check and update snapshot content: failed to take snapshot of the volume "
                    f'{volume["metadata"]["name"]}: "rpc error: code = Internal desc = {injection[1]}"'
                )
        except Refused as refusal:
            error = {"message": str(refusal), "time": now()}
            current = status.get("error") or {}
            if current.get("message") != error["message"]:
                self.http.request("PATCH", path + "/status", {"status": {"error": error, "readyToUse": False}})
            return
        self._cut(vs, volume, snapshot_class, path)

    def _cut(self, vs: JSON, volume: JSON, snapshot_class: JSON, path: str) -> None:
        meta = vs["metadata"]
        finalizers = list(meta.get("finalizers") or [])
        if SNAPSHOT_FINALIZERS[1] not in finalizers:
            patch = {
                "metadata": {
                    "finalizers": [*finalizers, SNAPSHOT_FINALIZERS[1]],
                    "resourceVersion": meta["resourceVersion"],
                }
            }
            self.http.request("PATCH", path, patch)
        uid = str(meta["uid"])
        content_name = f"snapcontent-{uid}"
        handle = f"{volume['metadata']['name']}/snapshot-{uid}"
        size_text = str((volume.get("spec") or {}).get("capacity", {}).get("storage"))
        taken = time.time()
        content = {
            "apiVersion": f"{SNAPSHOT_GROUP}/v1",
            "kind": "VolumeSnapshotContent",
            "metadata": {"name": content_name},
            "spec": {
                "deletionPolicy": snapshot_class.get("deletionPolicy") or "Delete",
                "driver": DRIVER,
                "source": {"volumeHandle": (volume.get("spec") or {}).get("csi", {}).get("volumeHandle")},
                "volumeSnapshotClassName": snapshot_class["metadata"]["name"],
                "volumeSnapshotRef": {
                    "apiVersion": f"{SNAPSHOT_GROUP}/v1",
                    "kind": "VolumeSnapshot",
                    "name": meta["name"],
                    "namespace": meta["namespace"],
                    "uid": uid,
                },
            },
        }
        self.http.create(_path("volumesnapshotcontents"), content)
        content_status = {
            "creationTime": int(taken * 1e9),
            "readyToUse": True,
            "restoreSize": size_bytes(size_text),
            "snapshotHandle": handle,
        }
        self.http.request(
            "PATCH", _path("volumesnapshotcontents", "", content_name) + "/status", {"status": content_status}
        )
        vs_status = {
            "boundVolumeSnapshotContentName": content_name,
            "creationTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(taken)),
            "readyToUse": True,
            "restoreSize": size_text,
            "error": None,
        }
        self.http.request("PATCH", path + "/status", {"status": vs_status})
        _say(logging.INFO, "VolumeSnapshot %s/%s: ready (%s)", meta["namespace"], meta["name"], handle)

    def _delete_snapshot(self, vs: JSON, path: str) -> None:
        content_name = (vs.get("status") or {}).get("boundVolumeSnapshotContentName")
        if content_name:
            content = self.http.get(_path("volumesnapshotcontents", "", str(content_name)))
            if content is not None and (content.get("spec") or {}).get("deletionPolicy") == "Delete":
                with contextlib.suppress(ApiError):
                    self.http.request("DELETE", _path("volumesnapshotcontents", "", str(content_name)))
        self.owner.volumes.drop_finalizers(path, vs, SNAPSHOT_FINALIZERS)
