"""TEST STAND-IN for Trident's CRD controller on day-2 actions. Not Trident, never shipped.

Part of the stand-in (controller.py wires it in). It follows Trident's code, message for message where the
message comes from Trident (frontend/crd/controller/snapshot_restore.go, trident_mirror_relationship.go,
trident_action_mirror_update.go, persistent_store/crd/apis/netapp/v1/tridentmirrorrelationship.go):

* TridentActionSnapshotRestore: acted on once, when new. Trident's prechecks (PVC bound to its PV, snapshot
  and content bound and ready with a handle, the snapshot the newest of the PVC by ``creationTime``), then
  ``In progress`` (finalizer, ``startTime``), then ``Succeeded`` or ``Failed`` with the message
  (``completionTime``, finalizer removed). An action found ``In progress`` that this process did not start
  is Failed, as Trident does after a restart.
* TridentMirrorRelationship: finalizer; ``invalid`` with Trident's reason for an invalid spec; nothing while
  the local PVC or its PV does not exist; ``failed`` when the local PVC, remote handle, policy or schedule
  Trident recorded changes; otherwise the actual state moves through ``promoting``/``establishing``/
  ``reestablishing`` to the desired one, with ``localVolumeHandle`` (``<svm>:<internal name>``),
  ``remoteVolumeHandle``, policy and schedule. Status is written only when the state changes, as Trident does.
  Deletion releases the finalizer.
* TridentActionMirrorUpdate: acted on once, when new; Failed unless its relationship is established or
  reestablished (and asynchronous), else ``In progress`` then ``Succeeded``.

Deviation: there is no array, so ``reestablished`` cannot check that the volumes were related before, and a
transfer completes at once.

Failure injection (ConfigMap ``kube-system/trident-standin``): ``tasr.<ns>.<name>``, ``tmr.<ns>.<name>``,
``tamu.<ns>.<name>`` set to ``Hold`` or ``Failed: <message>``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .controller import FINALIZER, GROUP, ApiError, _Informer, _injection, _say
from .volumes import _path, now, svm_of

if TYPE_CHECKING:
    from .controller import StandIn

JSON = dict[str, Any]
IN_PROGRESS = "In progress"
VALID_STATES = ("established", "reestablished", "promoted")
TRANSITIONS = {"promoted": "promoting", "established": "establishing", "reestablished": "reestablishing"}
DEFAULT_POLICY = "MirrorAllSnapshots"


def _time(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None


def _condition(tmr: Mapping[str, Any]) -> JSON:
    conditions = (tmr.get("status") or {}).get("conditions") or []
    return dict(conditions[0]) if conditions else {}


def mirror_invalid(spec: Mapping[str, Any]) -> str | None:
    """TridentMirrorRelationship.IsValid(): the reason the spec is invalid, or None.

    Trident's CRD schema (tests/standin/crds/trident.yaml) already refuses a bad state, a mapping count other
    than one and a mapping without localPVCName; those checks stay for a relationship with no spec at all and
    an empty localPVCName, which the schema lets through."""
    mappings = spec.get("volumeMappings")
    if mappings is None:
        return ".spec.volumeMappings must be set"
    if len(mappings) != 1:
        return ".spec.volumeMappings must contain exactly one element in the list"
    if not mappings[0].get("localPVCName"):
        return ".spec.volumeMappings must specify a localPVCName"
    state = spec.get("state") or ""
    if state and state not in VALID_STATES:
        return f".spec.state must be one of {', '.join(VALID_STATES)}"
    if mappings[0].get("promotedSnapshotHandle") and state != "promoted":
        return ".spec.state must be set to 'promoted' when providing a 'latestSnapshotName'"
    if state in ("established", "reestablished") and not mappings[0].get("remoteVolumeHandle"):
        return "A remoteVolumeHandle must be provided if .spec.state is established or reestablished"
    return None


class Replication:
    """TASR, TMR and TAMU handling. ``reconcile`` is called by the stand-in's workers."""

    KINDS = ("tasr", "tmr", "tamu")

    def __init__(self, owner: StandIn) -> None:
        self.owner = owner
        self.http = owner.http
        self._started: set[str] = set()  # uids of the actions this process moved to In progress
        self.restores = self._informer("tasr", "tridentactionsnapshotrestores")
        self.mirrors = self._informer("tmr", "tridentmirrorrelationships")
        self.updates = self._informer("tamu", "tridentactionmirrorupdates")
        self.informers = [self.restores, self.mirrors, self.updates]

    def _informer(self, kind: str, plural: str) -> _Informer:
        """An informer over one of Trident's replication resources; each change queues ``kind`` for reconcile."""
        return _Informer(self.owner, f"{kind}s", _path(plural), self._on(kind), crd=f"{plural}.{GROUP}")

    def _on(self, kind: str) -> Any:
        def handler(old: JSON | None, new: JSON | None) -> None:
            obj = new or old
            assert obj is not None
            self.owner._queue.add((kind, obj["metadata"].get("namespace", ""), obj["metadata"]["name"]))
            if kind == "tmr" and old is None:
                self.owner.volumes.waiting_on_sources()  # a mirror destination's claim waits for its relationship

        return handler

    def claim_changed(self, namespace: str, name: str) -> None:
        """A relationship waits for its local PVC and PV: look again when they change."""
        for tmr in self.mirrors.items():
            mappings = (tmr.get("spec") or {}).get("volumeMappings") or [{}]
            if tmr["metadata"].get("namespace") == namespace and mappings[0].get("localPVCName") == name:
                self.owner._queue.add(("tmr", namespace, tmr["metadata"]["name"]))

    def on_scenario(self, changed: set[str]) -> None:
        for key in changed:
            prefix, _sep, rest = key.partition(".")
            namespace, _dot, name = rest.partition(".")
            if prefix in self.KINDS and name:
                self.owner._queue.add((prefix, namespace, name))

    def reconcile(self, key: tuple[str, str, str], queued_at: float) -> None:
        kind, namespace, name = key
        if kind == "tasr":
            startup = (
                f"in-progress TridentActionSnapshotRestore {namespace}/{name} detected at startup, marking as Failed"
            )
            self._act(kind, self.restores.get(namespace, name), startup, queued_at, self._restore)
        elif kind == "tmr":
            self._reconcile_mirror(namespace, name, queued_at)
        elif kind == "tamu":
            startup = f"in-progress TAMU {name} detected at startup, marking as Failed"
            self._act(kind, self.updates.get(namespace, name), startup, queued_at, self._update)

    # ----- one-shot actions: the CR is updated as a whole (no status subresource) ---------------------------
    def _begin(self, kind: str, plural: str, action: JSON, **status: Any) -> JSON:
        meta = action["metadata"]
        finalizers = list(meta.get("finalizers") or [])
        if FINALIZER not in finalizers:
            finalizers.append(FINALIZER)
        body = {
            "metadata": {"finalizers": finalizers, "resourceVersion": meta["resourceVersion"]},
            "status": {"state": IN_PROGRESS, "message": "", **status},
        }
        self._started.add(str(meta["uid"]))
        return self.http.request("PATCH", _path(plural, meta["namespace"], meta["name"]), body)

    def _complete(self, kind: str, plural: str, action: JSON, error: str | None) -> None:
        meta = action["metadata"]
        finalizers = [f for f in meta.get("finalizers") or [] if f != FINALIZER]
        status = {
            **(action.get("status") or {}),
            "state": "Failed" if error else "Succeeded",
            "message": error or "",
            "completionTime": now(),
        }
        body = {"metadata": {"finalizers": finalizers or None}, "status": status}
        try:
            self.http.request("PATCH", _path(plural, meta["namespace"], meta["name"]), body)
        except ApiError as failure:
            if failure.status != 404:
                raise
            return
        _say(
            logging.INFO,
            "%s %s/%s: %s%s",
            kind.upper(),
            meta["namespace"],
            meta["name"],
            status["state"],
            f": {error}" if error else "",
        )

    def _pending(self, kind: str, action: JSON | None, startup_message: str) -> bool:
        """Whether an action still needs work; an In progress one this process did not start fails."""
        if action is None:
            return False
        meta = action["metadata"]
        if meta.get("deletionTimestamp"):
            return False
        state = (action.get("status") or {}).get("state") or ""
        if state == IN_PROGRESS and str(meta.get("uid")) not in self._started:
            plural = "tridentactionsnapshotrestores" if kind == "tasr" else "tridentactionmirrorupdates"
            self._complete(kind, plural, action, startup_message)
            return False
        return state == ""

    def _act(
        self,
        kind: str,
        action: JSON | None,
        startup_message: str,
        queued_at: float,
        work: Callable[[JSON, str | None], None],
    ) -> None:
        """Run ``work`` on a pending action, with the failure message the scenario injects (None: none); an action
        the scenario holds is left for now."""
        if action is None or not self._pending(kind, action, startup_message):
            return
        meta = action["metadata"]
        injection = _injection(self.owner._scenario(queued_at).get(f"{kind}.{meta['namespace']}.{meta['name']}"))
        if injection and injection[0] == "hold":
            return
        work(action, injection[1] if injection else None)

    # ----- TridentActionSnapshotRestore -------------------------------------------------------------------
    def _restore(self, action: JSON, failure: str | None) -> None:
        plural = "tridentactionsnapshotrestores"
        error = self._restore_error(action)
        if error is not None:
            self._complete("tasr", plural, action, error)
            return
        started = self._begin("tasr", plural, action, startTime=now())
        self._complete("tasr", plural, started, failure)

    def _restore_error(self, action: JSON) -> str | None:
        """getKubernetesObjectsForActionSnapshotRestore(), check for check."""
        namespace = action["metadata"]["namespace"]
        spec = action.get("spec") or {}
        pvc_name, vs_name = str(spec.get("pvcName") or ""), str(spec.get("volumeSnapshotName") or "")
        pvc = self.owner.volumes.claims.get(namespace, pvc_name)
        if pvc is None:
            return f'persistentvolumeclaims "{pvc_name}" not found'
        if (pvc.get("status") or {}).get("phase") != "Bound":
            return f"PVC {namespace}/{pvc_name} is not bound to a PV"
        pv_name = str((pvc.get("spec") or {}).get("volumeName"))
        pv = self.owner.volumes.volumes.get("", pv_name)
        if pv is None:
            return f'persistentvolumes "{pv_name}" not found'
        ref = (pv.get("spec") or {}).get("claimRef") or {}
        if (pv.get("status") or {}).get("phase") != "Bound" or (ref.get("namespace"), ref.get("name")) != (
            namespace,
            pvc_name,
        ):
            return f"PV {pv_name} is not bound to PVC {namespace}/{pvc_name}"
        vs = self.owner.snapshots.snapshots.get(namespace, vs_name)
        if vs is None:
            return f'volumesnapshots.snapshot.storage.k8s.io "{vs_name}" not found'
        status = vs.get("status") or {}
        created = _time(status.get("creationTime"))
        if not status.get("boundVolumeSnapshotContentName") or created is None or status.get("readyToUse") is not True:
            return f"volume snapshot {namespace}/{vs_name} is not bound and ready to use"
        content_name = str(status["boundVolumeSnapshotContentName"])
        content = self.http.get(_path("volumesnapshotcontents", "", content_name))
        if content is None:
            return f'volumesnapshotcontents.snapshot.storage.k8s.io "{content_name}" not found'
        ref = (content.get("spec") or {}).get("volumeSnapshotRef") or {}
        if (ref.get("name"), ref.get("namespace")) != (vs_name, namespace):
            return f"volume snapshot content {content_name} is not bound to snapshot {namespace}/{vs_name}"
        content_status = content.get("status") or {}
        if content_status.get("readyToUse") is not True:
            return f"volume snapshot content {content_name} is not ready to use"
        handle = content_status.get("snapshotHandle")
        if handle is None:
            return f"volume snapshot content {content_name} does not have a snapshot handle"
        if "/" not in str(handle):
            return f"volume snapshot content {content_name} does not have a valid snapshot handle"
        for other in self.owner.snapshots.snapshots.items():
            meta, other_status = other["metadata"], other.get("status") or {}
            if meta.get("namespace") != namespace or meta["name"] == vs_name:
                continue
            source = ((other.get("spec") or {}).get("source") or {}).get("persistentVolumeClaimName")
            other_created = _time(other_status.get("creationTime"))
            if source == pvc_name and other_created is not None and other_created > created:
                return f"volume snapshot {vs_name} is not the newest snapshot of PVC {namespace}/{pvc_name}"
        return None

    # ----- TridentMirrorRelationship --------------------------------------------------------------------------
    def _reconcile_mirror(self, namespace: str, name: str, queued_at: float) -> None:
        tmr = self.mirrors.get(namespace, name)
        if tmr is None:
            return
        path = _path("tridentmirrorrelationships", namespace, name)
        meta, spec = tmr["metadata"], tmr.get("spec") or {}
        if meta.get("deletionTimestamp"):
            # Trident breaks the mirror (promotes the local volume) and releases it; nothing else to show.
            self.owner._set_finalizers(path, tmr, add=False)
            return
        injection = _injection(self.owner._scenario(queued_at).get(f"tmr.{namespace}.{name}"))
        if injection and injection[0] == "hold":
            return
        tmr = self.owner._set_finalizers(path, tmr, add=True)
        current = _condition(tmr)
        mapping = ((spec.get("volumeMappings") or [{}])[0]) if spec.get("volumeMappings") else {}
        reason = mirror_invalid(spec)
        if reason is not None:
            new = {**current, "state": "invalid", "message": reason, "localPVCName": mapping.get("localPVCName", "")}
            self._write_mirror(tmr, current, new)
            return
        failure = self._changed_fields(spec, mapping, current)
        if failure is None and injection:
            failure = injection[1]
        if failure is not None:
            self._write_mirror(tmr, current, {**current, "state": "failed", "message": failure})
            return
        local = str(mapping["localPVCName"])
        pvc = self.owner.volumes.claims.get(namespace, local)
        pv = self.owner.volumes.trident_volume_of(pvc) if pvc is not None else None
        attributes = ((pv or {}).get("spec") or {}).get("csi", {}).get("volumeAttributes") or {}
        if pv is None or not attributes.get("internalName"):
            return  # "Local PVC for TridentMirrorRelationship does not yet exist.": retried, status untouched
        backend = self.owner.volumes.backend_by_uuid(str(attributes.get("backendUUID", "")))
        svm = svm_of(backend or {})
        desired = str(spec.get("state") or "")
        state, message = self._next_state(desired, str(current.get("state") or ""), mapping)
        mirroring = state in ("established", "establishing", "reestablished", "reestablishing")
        new = {
            "state": state,
            "message": message,
            "localPVCName": local,
            "localVolumeHandle": f"{svm}:{attributes['internalName']}",
            "remoteVolumeHandle": str(mapping.get("remoteVolumeHandle") or ""),
            "replicationPolicy": str(spec.get("replicationPolicy") or DEFAULT_POLICY) if mirroring else "",
            "replicationSchedule": str(spec.get("replicationSchedule") or "") if mirroring else "",
        }
        self._write_mirror(tmr, current, new)
        if state in TRANSITIONS.values():
            self.owner._queue.add_after(("tmr", namespace, name), 0.3)

    @staticmethod
    def _changed_fields(spec: Mapping[str, Any], mapping: Mapping[str, Any], current: Mapping[str, Any]) -> str | None:
        """updateTMRHandler/validateTMRUpdate: what Trident does not let change once it recorded it."""
        old_pvc = current.get("localPVCName")
        if old_pvc and old_pvc != mapping.get("localPVCName"):
            return f"localPVCName may not be changed from {old_pvc}"
        old_remote = current.get("remoteVolumeHandle")
        if old_remote and old_remote != mapping.get("remoteVolumeHandle"):
            return f"remoteVolumeHandle may not be changed from {old_remote}"
        if spec.get("state") == "promoted":
            return None
        for field, label in (("replicationPolicy", "policy"), ("replicationSchedule", "schedule")):
            recorded = current.get(field)
            if recorded and spec.get(field) and spec.get(field) != recorded:
                return f"replication {label} may not be changed from {recorded}"
        return None

    @staticmethod
    def _next_state(desired: str, current: str, mapping: Mapping[str, Any]) -> tuple[str, str]:
        """getCurrentMirrorState + the transition handleIndividualVolumeMapping starts, one step at a time."""
        if desired == current:
            return current, ""
        if desired == "promoted":
            if current in ("", "promoted"):
                return "promoted", ""
            if current == "promoting":
                return "promoted", ""
            handle = mapping.get("promotedSnapshotHandle")
            return "promoting", f"Waiting for snapshot {handle}" if handle else ""
        transitional = TRANSITIONS.get(desired, "")
        if current == transitional:
            return desired, ""
        return transitional, ""

    def _write_mirror(self, tmr: JSON, current: Mapping[str, Any], new: JSON) -> None:
        """updateTMRStatus, only when the actual state changed (or none was recorded yet)."""
        if current.get("state") and current.get("state") == new.get("state"):
            return
        condition = {**new, "observedGeneration": tmr["metadata"].get("generation"), "lastTransitionTime": now()}
        meta = tmr["metadata"]
        try:
            self.http.request(
                "PATCH",
                _path("tridentmirrorrelationships", meta["namespace"], meta["name"]) + "/status",
                {"status": {"conditions": [condition]}},
            )
        except ApiError as error:
            if error.status != 404:
                raise
            return
        _say(
            logging.INFO,
            "TridentMirrorRelationship %s/%s: %s%s",
            meta["namespace"],
            meta["name"],
            new["state"],
            f" ({new['message']})" if new.get("message") else "",
        )

    # ----- TridentActionMirrorUpdate --------------------------------------------------------------------------
    def _update(self, action: JSON, failure: str | None) -> None:
        namespace, name = action["metadata"]["namespace"], action["metadata"]["name"]
        plural = "tridentactionmirrorupdates"
        spec = action.get("spec") or {}
        tmr_name = str(spec.get("tridentMirrorRelationshipName") or "")
        tmr = self.mirrors.get(namespace, tmr_name)
        if tmr is None:
            message = (
                f"TridentMirrorRelationship '{tmr_name}' for TridentActionMirrorUpdate '{name}' does not yet exist."
            )
            self._complete("tamu", plural, action, message)
            return
        condition = _condition(tmr)
        state = str(condition.get("state") or "")
        if state not in ("established", "reestablished"):
            message = f"mirror update failed: TAMU {name} cannot be executed for TMR {tmr_name} in {state} state"
            self._complete("tamu", plural, action, message)
            return
        if condition.get("replicationPolicy") == "Sync":
            message = (
                f"mirror update failed: TAMU {name} cannot be executed for TMR {tmr_name} is a synchronous relationship"
            )
            self._complete("tamu", plural, action, message)
            return
        handle = str(spec.get("snapshotHandle") or "")
        if handle and "/" not in handle:
            self._complete("tamu", plural, action, f"invalid snapshot handle {handle}")
            return
        status: JSON = {
            "localVolumeHandle": condition.get("localVolumeHandle", ""),
            "remoteVolumeHandle": condition.get("remoteVolumeHandle", ""),
            "previousTransferTime": (tmr["metadata"].get("creationTimestamp") or now()),
        }
        if handle:
            status["snapshotHandle"] = handle
        started = self._begin("tamu", plural, action, **status)
        self._complete("tamu", plural, started, failure)
