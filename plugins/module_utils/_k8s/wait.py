"""Wait for Trident to act on what was applied: watch the real status fields, with a deadline.

Trident's status carries no observed generation, so a status is only trusted once it is *fresh*:
written after our own write (its resourceVersion differs from the one our apply returned). When
Trident's outcome is the same as before it writes nothing (an identical status is a no-op on the
server), so after a quiet window with no new status, the current one is taken as the answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from ..spec import facts, readiness
from ..spec.kinds import KINDS, Kind
from .converge import Change
from .session import KubeSession

Verdict = tuple[Literal["done", "fail", "wait"], str]


class Judge(Protocol):
    """Says whether an object (None: absent) is done, failed, or still to wait for, and why."""

    def __call__(self, obj: dict[str, Any] | None) -> Verdict:
        """The verdict on ``obj``."""


QUIET_SECONDS = 5.0

TORC = KINDS[("trident.netapp.io/v1", "TridentOrchestrator")]
TBC = KINDS[("trident.netapp.io/v1", "TridentBackendConfig")]
CRD = KINDS[("apiextensions.k8s.io/v1", "CustomResourceDefinition")]


class WaitError(Exception):
    """Trident reported a failure; the message is Trident's own."""


class WaitTimeout(WaitError):
    """The deadline passed before Trident reported an outcome."""


@dataclass
class Target:
    name: str
    applied_version: str | None  # resourceVersion our write produced; None: not written by this run


def wait_for(
    session: KubeSession,
    kind: Kind,
    namespace: str | None,
    targets: list[Target],
    judge: Judge,
    timeout: float,
    quiet: float = QUIET_SECONDS,
) -> dict[str, dict[str, Any]]:
    """Watch one kind until every target is judged done; raise on a (fresh) failure or at the deadline."""
    started = time.monotonic()
    deadline = started + timeout
    items, version = session.list(kind, namespace)
    wanted = {t.name: t for t in targets}
    current = {i["metadata"]["name"]: i for i in items if i["metadata"]["name"] in wanted}
    while True:
        quiet_over = time.monotonic() - started >= quiet
        verdicts = {name: _verdict(current.get(name), wanted[name], judge, quiet_over) for name in wanted}
        failures = [message for state, message in verdicts.values() if state == "fail"]
        if failures:
            raise WaitError("; ".join(failures))
        pending = {name: message for name, (state, message) in verdicts.items() if state == "wait"}
        if not pending:
            return current
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            waiting = "; ".join(f"{kind.kind} {name}: {message}" for name, message in sorted(pending.items()))
            raise WaitTimeout(f"timed out after {timeout:g} s waiting for Trident ({waiting})")
        window = remaining if quiet_over else min(remaining, quiet - (time.monotonic() - started))
        version = _watch_window(session, kind, namespace, version, window, wanted, current)
        if version == "":  # the watch expired (410 Gone): list again
            items, version = session.list(kind, namespace)
            current = {i["metadata"]["name"]: i for i in items if i["metadata"]["name"] in wanted}


def _verdict(obj: dict[str, Any] | None, target: Target, judge: Judge, quiet_over: bool) -> Verdict:
    state, message = judge(obj)
    fresh = obj is not None and (
        target.applied_version is None or obj["metadata"].get("resourceVersion") != target.applied_version
    )
    if state != "wait" and not fresh and not quiet_over:
        return "wait", f"waiting for Trident to report on the change ({message})"
    return state, message


def _watch_window(
    session: KubeSession,
    kind: Kind,
    namespace: str | None,
    version: str,
    window: float,
    wanted: Mapping[str, Target],
    current: dict[str, dict[str, Any]],
) -> str:
    """Apply watch events to ``current`` until one concerns a target or the window ends; return the new version."""
    for event in session.watch(kind, namespace, version, max(window, 1.0)):
        obj = event.get("object") or {}
        if event.get("type") == "ERROR":
            return ""  # typically 410 Gone: the version is too old to watch from
        version = str(obj.get("metadata", {}).get("resourceVersion", version))
        name = obj.get("metadata", {}).get("name")
        if name in wanted:
            if event.get("type") == "DELETED":
                current.pop(name, None)
            else:
                current[name] = obj
            return version
    return version


# -- judges: what "done" means for each kind ----------------------------------------------------


def trident_version(status: dict[str, Any]) -> str:
    """The release a TridentOrchestrator's status reports, as the spec writes it: Trident's operator writes
    status.version with a leading v (v26.06.0, its version label); tridentops reports 26.06.0."""
    return str(status.get("version") or "").removeprefix("v")


def trident_status(status: dict[str, Any]) -> dict[str, str]:
    """What the trident and stack modules return about Trident: the operator's status, version as the spec writes it."""
    return {
        "status": str(status.get("status") or ""),
        "version": trident_version(status),
        "namespace": str(status.get("namespace") or ""),
        "message": str(status.get("message") or ""),
    }


def orchestrator_judge(version: str, namespace: str | None = None) -> Judge:
    """Installed at ``version`` is done. Trident's operator requeues every failed reconcile with backoff and
    installs once the cause is gone (pods up, CR fixed), so Failed is waited on until the deadline, whose
    message then carries the operator's last one. Final at once: Error (another CR controls Trident, or
    the Kubernetes version is unsupported) and a namespace change, which the operator refuses on every retry
    until the CR's namespace is the installed one again: this run asked for it, so it will not change back."""
    entry = readiness.ORCHESTRATOR_INSTALLED

    def judge(obj: dict[str, Any] | None) -> Verdict:
        if obj is None:
            return "wait", "not found"
        state, message = entry.state(obj), entry.explanation(obj)
        reported_state = readiness.ORCHESTRATOR_STATUS.text(obj)
        reported = readiness.ORCHESTRATOR_VERSION.text(obj).removeprefix("v")
        name = obj["metadata"]["name"]
        installed_in = readiness.ORCHESTRATOR_NAMESPACE.text(obj)
        if state == "fail" or (state == "retry" and namespace and installed_in and installed_in != namespace):
            return "fail", f"TridentOrchestrator {name} is {reported_state}: {message or 'no message'}"
        if state == "retry":
            return "wait", f"{reported_state}, the operator retries: {message or 'no message'}"
        if state == "done" and (not reported or reported == version):
            return "done", message
        detail = f", version {reported} (want {version})" if state == "done" else ""
        return "wait", f"{reported_state or 'no status yet'}{detail}{': ' + message if message else ''}"

    return judge


def backend_judge(obj: dict[str, Any] | None) -> Verdict:
    if obj is None:
        return "wait", "not found"
    entry = readiness.BACKEND_BOUND
    state, message = entry.state(obj), entry.explanation(obj)
    if state == "fail":
        return "fail", f"TridentBackendConfig {obj['metadata']['name']}: {message or 'failed without a message'}"
    if state == "done":
        return "done", message
    phase = readiness.BACKEND_PHASE.text(obj) or readiness.BACKEND_UNBOUND
    last = readiness.BACKEND_LAST_OPERATION.text(obj) or "no operation yet"
    return "wait", f"phase {phase}, {last}{': ' + message if message else ''}"


def crd_judge(obj: dict[str, Any] | None) -> Verdict:
    if obj is None:
        return "wait", "not registered yet"
    if readiness.CRD_ESTABLISHED.state(obj) == "done":
        return "done", "established"
    return "wait", "registered, not established yet"


def wait_trident_installed(
    session: KubeSession,
    version: str,
    applied_version: str | None,
    timeout: float,
    quiet: float = QUIET_SECONDS,
    namespace: str | None = None,
) -> dict[str, Any]:
    """Wait for the operator to report ``version`` Installed (in ``namespace``, when given)."""
    found = wait_for(
        session,
        TORC,
        None,
        [Target(facts.ORCHESTRATOR_NAME, applied_version)],
        orchestrator_judge(version, namespace),
        timeout,
        quiet,
    )
    return found[facts.ORCHESTRATOR_NAME]


def wait_trident_crds(session: KubeSession, timeout: float) -> None:
    name = f"tridentbackendconfigs.{facts.TRIDENT_GROUP}"
    wait_for(session, CRD, None, [Target(name, None)], crd_judge, timeout)


def wait_backends_bound(
    session: KubeSession, namespace: str, targets: list[Target], timeout: float, quiet: float = QUIET_SECONDS
) -> dict[str, dict[str, Any]]:
    return wait_for(session, TBC, namespace, targets, backend_judge, timeout, quiet) if targets else {}


def establish_crds(session: KubeSession, timeout: float) -> Callable[[list[Change]], None]:
    """The settle step of ``execute``: custom resources of a CRD created or changed just now can only be applied
    once it is established."""

    def settle(batch: list[Change]) -> None:
        crds = [Target(c.key[3], None) for c in batch if c.key[1] == CRD.kind and c.changed]
        if crds:
            wait_for(session, CRD, None, crds, crd_judge, timeout)

    return settle
