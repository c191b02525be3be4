"""SnapMirror through Trident: a TridentMirrorRelationship driven to promoted, established or reestablished,
and on-demand updates with TridentActionMirrorUpdate.

Trident's own rules (persistent_store/crd/apis/netapp/v1/tridentmirrorrelationship.go and the mirror
controller) are checked before writing: one volume mapping, a ``remoteVolumeHandle`` for established and
reestablished, ``promotedSnapshotHandle`` only with promoted, and no change to the local PVC, the remote
volume, the replication policy or schedule once Trident recorded them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..._k8s.converge import Change, LiveIndex
from ..._k8s.session import KubeSession
from ..._k8s.wait import Target, WaitTimeout, wait_for
from ...spec.issues import Issue, SpecError
from ...spec.kinds import PVC, TAMU, TMR
from ..safety import Refusal
from ..task import Task
from . import actions, judges
from .common import MANAGED_LABELS, VolumeRequest, apply_one, delete_one, refuse_unserved, require, result
from .gone import wait_gone

STATES = ("promoted", "established", "reestablished")
MIRRORING = ("established", "reestablished")
_VOLUME_HANDLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,46}:[A-Za-z_][A-Za-z0-9_.-]*$")
_SNAPSHOT_HANDLE = re.compile(r"^[^/\s]+/[^/\s]+$")


@dataclass(frozen=True)
class MirrorRequest(VolumeRequest):
    name: str
    namespace: str
    pvc: str | None = None
    mirror_state: str | None = None
    remote_volume_handle: str | None = None
    promoted_snapshot_handle: str | None = None
    replication_policy: str | None = None
    replication_schedule: str | None = None
    update: bool = False
    update_snapshot_handle: str | None = None
    update_key: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)


def _validate(request: MirrorRequest, present: bool) -> None:
    issues = request.name_issues("name", "namespace", "pvc")
    state = request.mirror_state
    handle = request.remote_volume_handle
    if handle is not None and not _VOLUME_HANDLE.match(handle):
        issues.append(
            Issue(
                "remote_volume_handle",
                f"{handle!r} is not <svm>:<volume> "
                "(for example svm_dr:trident_pvc_3bedd23c_46a8_4384_b12b_3c38b313c1e1)",
            )
        )
    if request.promoted_snapshot_handle is not None:
        if state != "promoted":
            issues.append(
                Issue("promoted_snapshot_handle", "only with mirror_state promoted (Trident rejects it otherwise)")
            )
        elif not _SNAPSHOT_HANDLE.match(request.promoted_snapshot_handle):
            issues.append(
                Issue(
                    "promoted_snapshot_handle",
                    f"{request.promoted_snapshot_handle!r} is not a snapshot handle <volume>/<snapshot>",
                )
            )
    if request.update_snapshot_handle is not None:
        if not request.update:
            issues.append(Issue("update_snapshot_handle", "only with update: true"))
        elif not _SNAPSHOT_HANDLE.match(request.update_snapshot_handle):
            issues.append(
                Issue(
                    "update_snapshot_handle",
                    f"{request.update_snapshot_handle!r} is not a snapshot handle <volume>/<snapshot>",
                )
            )
    if present and state is None and not request.update:
        issues.append(Issue("mirror_state", "required (unless update: true, which leaves the relationship as it is)"))
    if request.update and state == "promoted":
        issues.append(
            Issue(
                "update",
                "an on-demand update runs on a mirror destination (mirror_state established or reestablished), "
                "not on a promoted volume",
            )
        )
    require(issues)


def condition(tmr: Mapping[str, Any] | None) -> dict[str, Any]:
    conditions = ((tmr or {}).get("status") or {}).get("conditions") or []
    return dict(conditions[0]) if conditions and isinstance(conditions[0], Mapping) else {}


def summary(tmr: Mapping[str, Any] | None) -> dict[str, Any]:
    if tmr is None:
        return {}
    spec = tmr.get("spec") or {}
    current = condition(tmr)
    mappings = spec.get("volumeMappings") or [{}]
    return {
        "name": tmr["metadata"]["name"],
        "namespace": tmr["metadata"].get("namespace", ""),
        "desired_state": spec.get("state", ""),
        "state": current.get("state", ""),
        "message": current.get("message", ""),
        "local_pvc": mappings[0].get("localPVCName", ""),
        "local_volume_handle": current.get("localVolumeHandle", ""),
        "remote_volume_handle": current.get("remoteVolumeHandle") or mappings[0].get("remoteVolumeHandle", ""),
        "replication_policy": current.get("replicationPolicy", ""),
        "replication_schedule": current.get("replicationSchedule", ""),
    }


def _check_change(request: MirrorRequest, live: Mapping[str, Any] | None) -> None:
    """What Trident would turn into a ``failed`` state: changing what it already recorded."""
    if live is None:
        return
    where = f"TridentMirrorRelationship {request.namespace}/{request.name}"
    current = condition(live)
    mappings = (live.get("spec") or {}).get("volumeMappings") or [{}]
    local = current.get("localPVCName") or mappings[0].get("localPVCName")
    if local and local != request.pvc:
        raise Refusal(
            f"pvc: {where} maps PVC {local}; Trident does not let it change (localPVCName may not be changed): "
            "delete the relationship and create a new one; nothing was changed"
        )
    remote = current.get("remoteVolumeHandle")
    if remote and request.remote_volume_handle and remote != request.remote_volume_handle:
        raise Refusal(
            f"remote_volume_handle: {where} mirrors {remote}; Trident does not change remoteVolumeHandle once set; "
            "nothing was changed"
        )
    if request.mirror_state == "promoted":
        return  # Trident ignores policy and schedule changes on the way to promoted
    for option, recorded in (
        ("replication_policy", current.get("replicationPolicy")),
        ("replication_schedule", current.get("replicationSchedule")),
    ):
        wanted = getattr(request, option)
        if recorded and wanted and wanted != recorded:
            raise Refusal(
                f"{option}: {where} uses {recorded}; Trident does not change it on a live relationship (delete the "
                "relationship to change it); nothing was changed"
            )


def _desired(request: MirrorRequest, live: Mapping[str, Any] | None) -> dict[str, Any]:
    """The relationship as asked; what the request leaves out and Trident recorded (the remote volume, the
    policy, the schedule) is kept, since Trident fails a relationship whose recorded values change."""
    live_spec = (live or {}).get("spec") or {}
    live_mapping = (live_spec.get("volumeMappings") or [{}])[0]
    mapping: dict[str, Any] = {"localPVCName": request.pvc}
    remote = request.remote_volume_handle or live_mapping.get("remoteVolumeHandle")
    if remote:
        mapping["remoteVolumeHandle"] = remote
    if request.promoted_snapshot_handle:
        mapping["promotedSnapshotHandle"] = request.promoted_snapshot_handle
    spec: dict[str, Any] = {"state": request.mirror_state, "volumeMappings": [mapping]}
    policy = request.replication_policy or live_spec.get("replicationPolicy")
    if policy:
        spec["replicationPolicy"] = policy
    schedule = request.replication_schedule or live_spec.get("replicationSchedule")
    if schedule:
        spec["replicationSchedule"] = schedule
    return {
        "apiVersion": TMR.api_version,
        "kind": TMR.kind,
        "metadata": {
            "name": request.name,
            "namespace": request.namespace,
            "labels": {**MANAGED_LABELS, **request.labels},
        },
        "spec": spec,
    }


def ensure(session: KubeSession, request: MirrorRequest) -> dict[str, Any]:
    _validate(request, present=True)
    index = LiveIndex(session)
    ns = request.namespace
    live = index.objects(TMR, ns).get(request.name)
    if request.update:
        index.objects(TAMU, ns)
    refuse_unserved(index, [TMR, TAMU] if request.update else [TMR])
    where = f"TridentMirrorRelationship {ns}/{request.name}"
    if request.mirror_state is None:
        # An update alone: the relationship is Trident's as it is.
        if live is None:
            raise Refusal(f"update: {where} does not exist; nothing was changed")
        change, action = _plan_update(session, index, request, live, run=not request.check_mode)
        return result([change], request.diff, mirror=summary(live), update=action)
    recorded = ((live or {}).get("spec") or {}).get("volumeMappings") or [{}]
    request = replace(request, pvc=request.pvc or recorded[0].get("localPVCName"))
    if not request.pvc:
        raise Refusal(f"pvc: required to create {where}; nothing was changed")
    if request.mirror_state in MIRRORING and not (
        request.remote_volume_handle or recorded[0].get("remoteVolumeHandle")
    ):
        issue = f"required when mirror_state is {request.mirror_state} (the source volume), as {where} has none"
        raise SpecError([Issue("remote_volume_handle", issue)])
    _check_change(request, live)
    change = apply_one(session, index, _desired(request, live), request.check_mode)
    changes = [change]
    extra: dict[str, Any] = {"mirror": summary(live)}
    if request.check_mode or not request.wait:
        if request.update:
            update_change, action = _plan_update(session, index, request, live, run=not request.check_mode)
            changes.append(update_change)
            extra["update"] = action
        return result(changes, request.diff, **extra)
    try:
        found = wait_for(
            session,
            TMR,
            ns,
            [Target(request.name, change.applied_version)],
            judges.mirror_reached(str(request.mirror_state)),
            request.wait_timeout,
        )
    except WaitTimeout as error:
        if request.pvc not in index.objects(PVC, ns):
            raise WaitTimeout(f"{error}; PVC {ns}/{request.pvc} does not exist yet: Trident waits for it") from None
        raise
    tmr = found[request.name]
    extra["mirror"] = summary(tmr)
    if request.update:
        update_change, action = _plan_update(session, index, request, tmr, run=True)
        changes.append(update_change)
        extra["update"] = action
    return result(changes, request.diff, **extra)


def _plan_update(
    session: KubeSession, index: LiveIndex, request: MirrorRequest, tmr: Mapping[str, Any] | None, run: bool
) -> tuple[Change, dict[str, Any]]:
    """The TridentActionMirrorUpdate for this request: found from an earlier run, or created (and awaited)."""
    ns = request.namespace
    uid = str(((tmr or {}).get("metadata") or {}).get("uid", ""))
    handle = request.update_snapshot_handle or ""
    name = actions.action_name("update", request.name, ns, request.name, uid, handle, request.update_key or "")
    earlier = index.objects(TAMU, ns).get(name)
    spec: dict[str, Any] = {"tridentMirrorRelationshipName": request.name}
    if handle:
        spec["snapshotHandle"] = handle
    desired = {
        "apiVersion": TAMU.api_version,
        "kind": TAMU.kind,
        "metadata": {"name": name, "namespace": ns, "labels": dict(MANAGED_LABELS)},
        "spec": spec,
    }
    if earlier is not None:
        change = Change((TAMU.api_version, TAMU.kind, ns, name), "unchanged", desired, earlier)
    elif not run:
        return Change((TAMU.api_version, TAMU.kind, ns, name), "create", desired), {}
    else:
        state = condition(tmr).get("state", "")
        if state not in MIRRORING:
            raise Refusal(
                f"update: TridentMirrorRelationship {ns}/{request.name} is {state or 'without a state'}; Trident "
                "updates only a mirror destination that is established or reestablished"
            )
        change = apply_one(session, index, desired, check_mode=False)
    if not request.wait:
        return change, actions.summary(earlier)
    return change, actions.outcome(session, TAMU, ns, change, request.wait_timeout, earlier is not None)


def remove(session: KubeSession, request: MirrorRequest) -> dict[str, Any]:
    """Delete the relationship; Trident breaks the mirror (promotes the local volume) before it lets it go."""
    _validate(request, present=False)
    index = LiveIndex(session)
    live = index.objects(TMR, request.namespace).get(request.name)
    changes = delete_one(session, TMR, live, request.check_mode)
    if changes and request.wait and not request.check_mode:
        wait_gone(session, TMR, request.namespace, request.name, request.wait_timeout)
    return result(changes, request.diff, mirror=summary(live))


def run(task: Task) -> dict[str, Any]:
    """The mirror_relationship module's run: its options as a MirrorRequest."""
    session = task.session()
    request = task.request(MirrorRequest)
    return remove(session, request) if task["state"] == "absent" else ensure(session, request)
