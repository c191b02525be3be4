"""What "done" means for Trident protect's resources, and the waits that watch for it.

The states and what they mean are read from spec/readiness.py, the one table the Pulumi components read
too: protect reports progress in ``status.state`` with ``status.error`` on failure.

- Installation: protect's CRDs are registered (Established) and, when tridentops installs it, its controller
  Deployment exists. Nothing is awaited of the pods: protect's own resources report whether it works.
- AppVault: ``status.state`` ``Available`` once the controller reached the bucket; ``Error`` (or ``Failed``)
  fails with ``status.error``. (The state names of an AppVault are not in the reference; these are the ones
  the tridentctl-protect listings show [unverified].)
- Snapshot, Backup and the restores: ``Completed``; ``Failed``, ``Error`` or ``Removed`` fail with
  ``status.error``; anything else (``Running``, none yet) is waited for, and a timeout names the last state.
"""

from __future__ import annotations

import time
from typing import Any

from ..._k8s.session import KubeSession
from ..._k8s.wait import CRD, Judge, Target, Verdict, crd_judge, wait_for
from ...spec import readiness
from ...spec.kinds import KINDS, Kind
from ...spec.protect import CONTROLLER_NAME, GROUP
from ...spec.render_protect import REQUIRED_CRDS

API_VERSION = f"{GROUP}/v1"
APPVAULT = KINDS[(API_VERSION, "AppVault")]
APPLICATION = KINDS[(API_VERSION, "Application")]
SNAPSHOT = KINDS[(API_VERSION, "Snapshot")]
BACKUP = KINDS[(API_VERSION, "Backup")]
SCHEDULE = KINDS[(API_VERSION, "Schedule")]
DEPLOYMENT = KINDS[("apps/v1", "Deployment")]
RESTORE_KINDS = {
    (source, in_place): KINDS[(API_VERSION, f"{source}{'Inplace' if in_place else ''}Restore")]
    for source in ("Backup", "Snapshot")
    for in_place in (False, True)
}
FAILED_STATES = readiness.PROTECT_FAILED


def vault_judge(obj: dict[str, Any] | None) -> Verdict:
    if obj is None:
        return "wait", "not found"
    return _judged(obj, readiness.VAULT_AVAILABLE, f"AppVault {obj['metadata']['name']} is", error_while_waiting=True)


def action_judge(obj: dict[str, Any] | None) -> Verdict:
    if obj is None:
        return "wait", "not found"
    where = f"{obj['kind']} {obj['metadata'].get('namespace', '')}/{obj['metadata']['name']}"
    return _judged(obj, readiness.PROTECT_COMPLETED, where, error_while_waiting=False)


def _judged(obj: dict[str, Any], entry: readiness.Readiness, where: str, *, error_while_waiting: bool) -> Verdict:
    """The verdict on a protect resource, with its state as protect reports it and protect's error."""
    state, reported, error = entry.state(obj), readiness.PROTECT_STATE.text(obj), entry.explanation(obj)
    if state == "done":
        return "done", reported
    if state == "fail":
        return "fail", f"{where} {reported}: {error or 'no error given'}"
    shown = f": {error}" if error and error_while_waiting else ""
    return "wait", f"state {reported or 'not reported yet'}{shown}"


def present_judge(obj: dict[str, Any] | None) -> Verdict:
    return ("done", "present") if obj is not None else ("wait", "not created")


def wait_protect_ready(
    session: KubeSession,
    namespace: str,
    installed_by_us: bool,
    vaults: list[Target],
    timeout: float,
) -> dict[str, dict[str, Any]]:
    """Protect's CRDs registered, its controller there (when tridentops installs it), every AppVault Available."""
    deadline = time.monotonic() + timeout
    wait_for(session, CRD, None, [Target(name, None) for name in REQUIRED_CRDS], crd_judge, timeout)
    if installed_by_us:
        wait_for(session, DEPLOYMENT, namespace, [Target(CONTROLLER_NAME, None)], present_judge, _left(deadline))
    if not vaults:
        return {}
    return wait_for(session, APPVAULT, namespace, vaults, vault_judge, _left(deadline))


def wait_for_vault(
    session: KubeSession, namespace: str, name: str, applied_version: str | None, timeout: float
) -> dict[str, Any]:
    return wait_for(session, APPVAULT, namespace, [Target(name, applied_version)], vault_judge, timeout)[name]


def wait_action(
    session: KubeSession, kind: Kind, namespace: str, name: str, applied_version: str | None, timeout: float
) -> dict[str, Any]:
    found = wait_for(session, kind, namespace, [Target(name, applied_version)], judge_for(kind), timeout)
    return found[name]


def judge_for(kind: Kind) -> Judge:
    return vault_judge if kind is APPVAULT else action_judge


def _left(deadline: float) -> float:
    return max(deadline - time.monotonic(), 0.1)


def status_summary(obj: dict[str, Any] | None) -> dict[str, Any]:
    """What a module returns about a protect resource's state."""
    if obj is None:
        return {}
    status = obj.get("status") or {}
    out: dict[str, Any] = {
        "name": obj["metadata"]["name"],
        "namespace": obj["metadata"].get("namespace", ""),
        "state": status.get("state", ""),
    }
    for key, name in (("appArchivePath", "app_archive_path"), ("error", "error")):
        if status.get(key):
            out[name] = status[key]
    return out
