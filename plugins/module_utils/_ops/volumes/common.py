"""What the volume operations share: the kinds they touch, sizes, one-object apply and delete, results.

Every operation reads through one ``LiveIndex`` (each kind listed once per namespace), validates and
refuses before any write, then applies the one object it owns with server-side apply, or nothing in
check mode.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..._k8s.converge import Change, LiveIndex, execute, plan
from ..._k8s.session import KubeError, KubeSession
from ..._k8s.wait import Judge, Target, WaitTimeout, wait_for
from ...spec import autogrow, checks, facts, quantity
from ...spec.issues import Issue, SpecError
from ...spec.kinds import EVENT, PVC, TAP, Kind
from ...spec.kinds import STORAGE_CLASS as SC
from ..safety import Refusal

SNAPSHOT_GROUP = "snapshot.storage.k8s.io"
TRIDENT_PREFIX = "trident.netapp.io/"
MANAGED_LABELS = {facts.MANAGED_BY_LABEL: facts.MANAGED_BY_VALUE}
quantity_bytes = quantity.quantity_bytes  # the one quantity parser, for the volume operations


@dataclass(frozen=True, kw_only=True)
class VolumeRequest:
    """What every volume operation's request carries besides its own options: whether and how long to wait for
    the result, and the run's check and diff modes. Keyword-only, so each operation's own required options
    still come first."""

    wait: bool = True
    wait_timeout: float = 300.0
    check_mode: bool = False
    diff: bool = False

    def name_issues(self, *options: str) -> list[Issue]:
        """The problems of the options naming Kubernetes objects, in the order given: a namespace (``namespace``,
        ``*_namespace``) must be a DNS label, any other name a DNS subdomain; an unset option has none."""
        issues: list[Issue] = []
        for option in options:
            value = getattr(self, option)
            if value is None:
                continue
            message = checks.dns_label(value) if option.endswith("namespace") else checks.dns_subdomain(value)
            if message:
                issues.append(Issue(option, message))
        return issues


def autogrow_issues(value: str | None, annotations: Mapping[str, str] | None = None) -> list[Issue]:
    """The ``autogrow_policy`` option of a module that creates a claim: a policy's name or ``none`` (Trident reads
    the PVC annotation trident.netapp.io/autogrowPolicy, utils/autogrow/autogrow.go@v26.06.0), and not said twice
    differently (the ``annotations`` option may carry the same annotation)."""
    if value is None:
        return []
    message = autogrow.attachment(value)
    if message:
        return [Issue("autogrow_policy", message)]
    other = (annotations or {}).get(autogrow.ANNOTATION)
    if other is not None and other != value:
        return [Issue("autogrow_policy", f"'{value}' differs from annotations' {autogrow.ANNOTATION}: '{other}'")]
    return []


def refuse_autogrow_unserved(index: LiveIndex, value: str | None) -> None:
    """A policy's name on a cluster whose Trident predates 26.02 stops the run before any write: the claim would
    carry an annotation no Trident reads. Whether the cluster serves TridentAutogrowPolicy is the signal, since
    every install method (operator, Helm, tridentctl) registers Trident's CRDs, and an installation tridentctl made
    has no TridentOrchestrator reporting a version. ``none`` asks for what an older Trident does anyway."""
    if value is None or value.lower() == autogrow.DISABLE:
        return
    index.objects(TAP)
    if TAP in index.not_served:
        raise Refusal(
            f"autogrow_policy: this cluster does not serve {TAP.api_version} {TAP.kind}: a policy needs Trident "
            f"{autogrow.SINCE} or later, whose CRD registers it (upgrade Trident first, or leave autogrow_policy "
            "unset); nothing was changed"
        )


def require(issues: list[Issue]) -> None:
    """Invalid input stops the run before anything is read or written, with every problem at once."""
    if issues:
        raise SpecError(issues)


def check_size(issues: list[Issue], option: str, value: str | None) -> int | None:
    if value is None:
        return None
    size = quantity_bytes(value)
    if size is None or size <= 0:
        issues.append(Issue(option, f"{value!r} is not a size (a number with a unit such as 10Gi, 500Mi or 1Ti)"))
        return None
    return size


def refuse_unserved(index: LiveIndex, kinds: Iterable[Kind]) -> None:
    """A kind whose CRD the cluster does not serve stops the run before any write, saying what to install."""
    missing = [k for k in kinds if k in index.not_served]
    if not missing:
        return
    names = ", ".join(f"{k.api_version} {k.kind}" for k in missing)
    if all(k.group == SNAPSHOT_GROUP for k in missing):
        hint = "install the CSI external-snapshotter's CRDs and snapshot controller (the cluster's, not Trident's)"
    else:
        hint = "Trident is not installed (install it first, e.g. with tridentops.storage.trident)"
    raise Refusal(f"this cluster does not serve {names}: {hint}; nothing was changed")


def apply_one(session: KubeSession, index: LiveIndex, desired: Mapping[str, Any], check_mode: bool) -> Change:
    """Plan one object against the listed state and, outside check mode, apply it if it differs."""
    (change,) = plan(index, [desired])
    if not check_mode:
        execute(session, [change], workers=1)
    return change


def delete_one(session: KubeSession, kind: Kind, live: Mapping[str, Any] | None, check_mode: bool) -> list[Change]:
    """Delete a listed object (nothing when it is absent); the Change records what went."""
    if live is None:
        return []
    meta = live["metadata"]
    key = (kind.api_version, kind.kind, meta.get("namespace") or "", meta["name"])
    change = Change(key, "delete", None, dict(live))
    if not check_mode and not meta.get("deletionTimestamp"):
        session.delete(kind, meta["name"], meta.get("namespace"))
    return [change]


def result(changes: list[Change], diff: bool, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "changed": any(c.changed for c in changes),
        "objects": [c.summary() for c in changes],
        **extra,
    }
    if diff:
        out["diff"] = [c.diff() for c in changes if c.changed]
    return out


def annotations_of(obj: Mapping[str, Any] | None) -> dict[str, str]:
    return dict(((obj or {}).get("metadata") or {}).get("annotations") or {})


def labels_of(obj: Mapping[str, Any] | None) -> dict[str, str]:
    return dict(((obj or {}).get("metadata") or {}).get("labels") or {})


def claim_request(pvc: Mapping[str, Any]) -> str:
    return str(((pvc.get("spec") or {}).get("resources") or {}).get("requests", {}).get("storage", ""))


def claim_capacity(pvc: Mapping[str, Any]) -> str:
    return str(((pvc.get("status") or {}).get("capacity") or {}).get("storage", ""))


def claim_summary(pvc: Mapping[str, Any] | None) -> dict[str, Any]:
    """What a task reports about a claim after its wait."""
    if pvc is None:
        return {}
    meta, spec, status = pvc["metadata"], pvc.get("spec") or {}, pvc.get("status") or {}
    return {
        "name": meta["name"],
        "namespace": meta.get("namespace", ""),
        "phase": status.get("phase", ""),
        "volume_name": spec.get("volumeName", ""),
        "storage_class": spec.get("storageClassName", ""),
        "request": claim_request(pvc),
        "capacity": claim_capacity(pvc),
    }


def trident_class(index: LiveIndex, name: str | None, option: str) -> dict[str, Any]:
    """The named StorageClass, refused unless Trident provisions it."""
    sc = index.objects(SC).get(name or "")
    if sc is None:
        raise Refusal(f"{option}: StorageClass {name} does not exist; nothing was changed")
    if sc.get("provisioner") != facts.CSI_DRIVER:
        raise Refusal(
            f"{option}: StorageClass {name} is provisioned by {sc.get('provisioner')}, not by Trident "
            f"({facts.CSI_DRIVER}); nothing was changed"
        )
    return sc


def waits_for_consumer(sc: Mapping[str, Any]) -> bool:
    return sc.get("volumeBindingMode") == "WaitForFirstConsumer"


def last_warning(session: KubeSession, kind: str, namespace: str, name: str) -> str:
    """The newest Warning event about an object (what the CSI provisioner or resizer reported), or ''."""
    selector = f"involvedObject.kind={kind},involvedObject.name={name}"
    try:
        listed = session.request("GET", EVENT.collection_path(namespace), query={"fieldSelector": selector})
    except KubeError:
        return ""  # events are a hint; a user without access to them still gets the timeout itself
    warnings = [e for e in (listed or {}).get("items") or [] if e.get("type") == "Warning"]
    if not warnings:
        return ""
    newest = max(warnings, key=lambda e: str(e.get("lastTimestamp") or e.get("eventTime") or ""))
    return f"{newest.get('reason', 'Warning')}: {newest.get('message', '')}"


def wait_for_claim(
    session: KubeSession, namespace: str, name: str, version: str | None, judge: Judge, timeout: float
) -> dict[str, Any]:
    """Watch a claim until ``judge`` says done; at the deadline the timeout names the claim's newest Warning event
    (why the provisioner or resizer did not finish)."""
    try:
        found = wait_for(session, PVC, namespace, [Target(name, version)], judge, timeout)
    except WaitTimeout as error:
        warning = last_warning(session, PVC.kind, namespace, name)
        raise WaitTimeout(f"{error}; last warning event: {warning}") if warning else error from None
    return found[name]
