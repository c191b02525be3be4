"""One-shot Trident protect actions (Snapshot, Backup, the restores): create once, then report.

An action is a custom resource Trident protect works through once. Its name makes it idempotent: the name
the user gives, or one derived from everything the action asks for, so the same request finds the same
resource. A rerun creates nothing; it reports the existing resource's outcome (waiting for it if it is still
running). A resource of that name that asks for something else is refused: actions are never rewritten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..._k8s.converge import Change, LiveIndex, reporting_writes
from ..._k8s.diff import drift
from ..._k8s.session import KubeSession
from ..._k8s.wait import WaitError
from ...spec import facts
from ...spec.kinds import Kind
from ..addons.served import unserved_refusal
from ..safety import Refusal
from .waits import APPLICATION, APPVAULT, FAILED_STATES, action_judge, wait_action

LABELS = {facts.MANAGED_BY_LABEL: facts.MANAGED_BY_VALUE}


@dataclass(frozen=True)
class Action:
    kind: Kind
    namespace: str
    name: str
    spec: dict[str, Any]

    def object(self) -> dict[str, Any]:
        return {
            "apiVersion": self.kind.api_version,
            "kind": self.kind.kind,
            "metadata": {"name": self.name, "namespace": self.namespace, "labels": dict(LABELS)},
            "spec": self.spec,
        }

    @property
    def where(self) -> str:
        return f"{self.kind.kind} {self.namespace}/{self.name}"


def derived_name(prefix: str, kind: Kind, spec: Mapping[str, Any]) -> str:
    """A name that is the same for the same request: ``<prefix>-<8 hex digits of the request>``."""
    digest = hashlib.sha256(json.dumps([kind.kind, spec], sort_keys=True).encode()).hexdigest()[:8]
    return f"{prefix[:53].rstrip('-.')}-{digest}"


def require_served(index: LiveIndex, kind: Kind, namespace: str | None) -> None:
    index.objects(kind, namespace)
    refusal = unserved_refusal([kind]) if kind in index.not_served else None
    if refusal is not None:
        raise refusal


def require_application(index: LiveIndex, namespace: str, name: str) -> dict[str, Any]:
    require_served(index, APPLICATION, namespace)
    apps = index.objects(APPLICATION, namespace)
    if name not in apps:
        known = ", ".join(sorted(apps)) or "none"
        raise Refusal(
            f"Application {namespace}/{name} does not exist (applications in {namespace}: {known}); define it with "
            "tridentops.storage.protect_app first; nothing was changed"
        )
    return apps[name]


def require_vault(index: LiveIndex, namespace: str, name: str) -> dict[str, Any]:
    require_served(index, APPVAULT, namespace)
    vaults = index.objects(APPVAULT, namespace)
    vault = vaults.get(name)
    if vault is None:
        known = ", ".join(sorted(vaults)) or "none"
        raise Refusal(
            f"AppVault {name} does not exist in {namespace} (AppVaults there: {known}); create it with "
            "tridentops.storage.protect_vault first; nothing was changed"
        )
    status = vault.get("status") or {}
    if status.get("state") in FAILED_STATES:
        raise Refusal(
            f"AppVault {name} is {status['state']}: {status.get('error') or 'no error given'}; nothing was changed"
        )
    return vault


def run(
    session: KubeSession,
    index: LiveIndex,
    action: Action,
    *,
    check_mode: bool,
    wait: bool,
    timeout: float,
) -> tuple[Change, dict[str, Any] | None]:
    """Create the action's resource unless it exists; return the change and the resource as last seen."""
    require_served(index, action.kind, action.namespace)
    desired = action.object()
    key = (action.kind.api_version, action.kind.kind, action.namespace, action.name)
    live = index.objects(action.kind, action.namespace).get(action.name)
    if live is not None:
        different = drift(action.spec, live.get("spec") or {}, "spec")
        if different:
            raise Refusal(
                f"{action.where} already exists and asks for something else ({', '.join(different)} differ); "
                "actions are one-shot: give another name for a new one; nothing was changed"
            )
        change = Change(key, "unchanged", desired, live)
        state, message = action_judge(live)
        if state == "fail":
            raise WaitError(f"{message} (an earlier run created it; delete it or give another name to try again)")
        if state == "wait" and wait and not check_mode:
            live = wait_action(session, action.kind, action.namespace, action.name, None, timeout)
        return change, live
    change = Change(key, "create", desired)
    if check_mode:
        return change, None
    change.result = change.attempt(partial(session.apply, desired))
    if not wait:
        return change, change.result
    with reporting_writes([change]):  # a failed wait still reports the resource created
        found = wait_action(session, action.kind, action.namespace, action.name, change.applied_version, timeout)
    return change, found
