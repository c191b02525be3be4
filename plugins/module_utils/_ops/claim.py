"""Who owns what on the cluster: a stack's claim (a Lease), and the ownership of each object.

An object is ours when tridentops applied it (a ``managedFields`` entry of manager ``tridentops``, operation
``Apply``) and it carries the stack's labels. The annotation ``tridentops.io/spec`` records which claimant
applied it: the identity of a stack module's spec, or ``module:<name>`` for a per-resource module. Objects
applied before the annotation existed have our manager and labels, so they are ours.

A stack (its name) is claimed with a Lease in a namespace every cluster has (``default``), so two specs
that use the same stack name meet on the same Lease whatever namespace they install Trident in. The Lease
records the spec that owns the stack (annotation ``tridentops.io/spec``) and, while a run writes, the run
holding it (``spec.holderIdentity``); it is released (holder cleared) at the end and kept as the record
of ownership.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .._k8s.diff import field_managers, is_ours
from .._k8s.session import FIELD_MANAGER, KubeError, KubeSession
from ..spec.facts import SPEC_ANNOTATION
from ..spec.kinds import LEASE, object_ref
from .safety import Refusal

CLAIM_NAMESPACE = "default"
TAKEN_FROM_ANNOTATION = "tridentops.io/taken-from"
MODULE_PREFIX = "module:"
# A run renews its claim every third of this; a run that died leaves a claim others may take after it.
LEASE_SECONDS = 60
POLL_SECONDS = 0.5


class ClaimRefused(Refusal):
    """The stack or an object belongs to someone else; the message names them. Nothing was written."""


@dataclass(frozen=True)
class Ownership:
    """How a run claims what it writes, and what it may take from others (module options of the same names).

    ``spec`` is the identity recorded on the objects a run applies (and, for a stack run, on the stack's
    Lease); empty means the objects carry no claimant annotation and no Lease is taken.
    """

    spec: str = ""
    per_object: bool = False  # per-resource modules claim objects, never the whole stack
    adopt: tuple[str, ...] = ()
    take_over: bool = False
    keep_foreign: bool = False
    move_trident: bool = False

    def adopts(self, kind: str, namespace: str, name: str) -> bool:
        return object_ref(kind, namespace, name) in self.adopt


def ownership_options(params: Mapping[str, Any], spec: str, per_object: bool) -> Ownership:
    """Ownership from the module options of _args.OWNERSHIP_ARG_SPEC (and STACK_CLAIM/MOVE_TRIDENT, if the
    module has them)."""
    return Ownership(
        spec=spec,
        per_object=per_object,
        adopt=tuple(params.get("adopt") or ()),
        take_over=bool(params.get("take_over")),
        keep_foreign=params.get("foreign_changes") == "keep",
        move_trident=bool(params.get("move_trident")),
    )


def owners(live: Mapping[str, Any]) -> str:
    """What owns a live object today, for a message: its field managers and the labels that name a tool."""
    meta = live.get("metadata") or {}
    labels = meta.get("labels") or {}
    parts = []
    managers = field_managers(live)
    parts.append(f"field managers {', '.join(managers)}" if managers else "no field manager")
    telling = {
        k: v
        for k, v in sorted(labels.items())
        if k.startswith(("app.kubernetes.io/managed-by", "helm.sh/", "tridentops.io/", "app.kubernetes.io/instance"))
    }
    if telling:
        parts.append("labels " + ", ".join(f"{k}={v}" for k, v in telling.items()))
    claimant = (meta.get("annotations") or {}).get(SPEC_ANNOTATION)
    if claimant:
        parts.append(f"claimed by {claimant}")
    return "; ".join(parts)


def claimant(live: Mapping[str, Any]) -> str:
    return str(((live.get("metadata") or {}).get("annotations") or {}).get(SPEC_ANNOTATION) or "")


def ours(live: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    return is_ours(live, FIELD_MANAGER, labels)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _expired(spec: Mapping[str, Any]) -> bool:
    renewed = spec.get("renewTime") or spec.get("acquireTime")
    if not renewed:
        return True
    when = datetime.strptime(str(renewed).replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z")
    return (datetime.now(UTC) - when).total_seconds() > int(spec.get("leaseDurationSeconds") or 0)


def _abandoned(holder: str) -> bool:
    """A holder on this host whose process is gone (a run killed before it could release): its claim would
    only lapse when its lease ran out. Holders are ``host/pid/suffix``; another host's run is never judged."""
    host, _sep, rest = holder.partition("/")
    pid = rest.partition("/")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


class StackClaim:
    """The Lease of one stack name: read while planning, held while the run writes."""

    def __init__(self, session: KubeSession, stack: str, spec: str, take_over: bool, timeout: float) -> None:
        self.session = session
        self.stack = stack
        self.spec = spec
        self.take_over = take_over
        self.timeout = timeout
        self.name = f"tridentops-stack-{stack}"
        self.holder = f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:8]}"
        self.lease: dict[str, Any] | None = None
        self._read = False
        self._held = False
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    @property
    def where(self) -> str:
        return f"Lease {CLAIM_NAMESPACE}/{self.name}"

    def check(self) -> None:
        """Read the claim (before anything else of the cluster) and refuse a stack another spec owns."""
        self.lease = self.session.get(LEASE, self.name, CLAIM_NAMESPACE)
        self._read = True
        self._refuse_other_spec(self.lease)

    def _refuse_other_spec(self, lease: Mapping[str, Any] | None) -> None:
        owner = claimant(lease) if lease else ""
        if owner and owner != self.spec and not self.take_over:
            raise ClaimRefused(
                f"stack '{self.stack}' belongs to spec '{owner}' ({self.where}); this spec is '{self.spec}'. "
                "Two specs that use the same stack name would overwrite and prune each other: give this spec "
                "its own name, or pass take_over: true to make it the stack's owner; nothing was changed"
            )

    def acquire(self) -> bool:
        """Hold the claim before the first write; True when another run held it meanwhile (plan again).

        The claim read while planning is taken with its resourceVersion: if nobody took it since, what was
        listed after that read is what the cluster holds. Otherwise wait (up to ``timeout``) until the other
        run releases it, then take it.
        """
        if not self._read:
            self.check()
        lease = self.lease
        waited = False
        deadline = time.monotonic() + self.timeout
        while True:
            spec = (lease or {}).get("spec") or {}
            holder = str(spec.get("holderIdentity") or "")
            if lease is None or not holder or _expired(spec) or _abandoned(holder):
                try:
                    self.lease = self._take(lease)
                except KubeError as exc:
                    if exc.status != 409:  # 409: another run created or took it first
                        raise
                else:
                    self._held = True
                    self._start_renewing()
                    return waited
            elif time.monotonic() >= deadline:
                raise ClaimRefused(
                    f"stack '{self.stack}' is being converged by another run ({spec.get('holderIdentity')}, "
                    f"since {spec.get('acquireTime')}, {self.where}); waited {self.timeout:.0f} s (wait_timeout); "
                    "nothing was changed"
                )
            waited = True
            time.sleep(POLL_SECONDS)
            lease = self.session.get(LEASE, self.name, CLAIM_NAMESPACE)
            self._refuse_other_spec(lease)

    def _take(self, lease: Mapping[str, Any] | None) -> dict[str, Any]:
        now = _now()
        annotations = dict(((lease or {}).get("metadata") or {}).get("annotations") or {})
        previous = annotations.get(SPEC_ANNOTATION)
        if previous and previous != self.spec:
            annotations[TAKEN_FROM_ANNOTATION] = previous
        annotations[SPEC_ANNOTATION] = self.spec
        metadata: dict[str, Any] = {
            "name": self.name,
            "namespace": CLAIM_NAMESPACE,
            "labels": {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": self.stack},
            "annotations": annotations,
        }
        # Each take of an existing Lease is one more transition, as client-go's leader election counts them.
        transitions = int(((lease or {}).get("spec") or {}).get("leaseTransitions") or 0) + (1 if lease else 0)
        spec = {
            "holderIdentity": self.holder,
            "leaseDurationSeconds": LEASE_SECONDS,
            "acquireTime": now,
            "renewTime": now,
            "leaseTransitions": transitions,
        }
        body = {"apiVersion": LEASE.api_version, "kind": LEASE.kind, "metadata": metadata, "spec": spec}
        if lease is None:
            created: dict[str, Any] = self.session.request(
                "POST", LEASE.collection_path(CLAIM_NAMESPACE), query={"fieldManager": FIELD_MANAGER}, body=body
            )
            return created
        metadata["resourceVersion"] = lease["metadata"]["resourceVersion"]  # taken only as it was read
        return self._put(body)

    def _put(self, body: Mapping[str, Any]) -> dict[str, Any]:
        updated: dict[str, Any] = self.session.request(
            "PUT", LEASE.object_path(self.name, CLAIM_NAMESPACE), query={"fieldManager": FIELD_MANAGER}, body=body
        )
        return updated

    def _start_renewing(self) -> None:
        def renew() -> None:
            while not self._stop.wait(LEASE_SECONDS / 3):
                lease = dict(self.lease or {})
                lease["spec"] = {**(lease.get("spec") or {}), "renewTime": _now()}
                try:
                    self.lease = self._put(lease)
                except KubeError:
                    return  # the next write of the run fails the same way, or the release reports it

        self._stop.clear()
        self._renewer = threading.Thread(target=renew, name=f"claim-{self.stack}", daemon=True)
        self._renewer.start()

    def release(self) -> None:
        """Let the next run of this stack go; the Lease stays as the record of which spec owns the stack."""
        if not self._held:
            return
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
        self._held = False
        lease = dict(self.lease or {})
        lease["spec"] = {**(lease.get("spec") or {}), "holderIdentity": ""}
        try:
            self.lease = self._put(lease)
        except KubeError as exc:
            if exc.status == 409:  # someone took it after it expired: it is theirs now
                return
            raise
