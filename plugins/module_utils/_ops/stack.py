"""Converge a validated spec: plan every stage from one read of the cluster, refuse unsafe changes before
writing anything, then apply stage by stage with Trident's (and Trident protect's) readiness waits in between.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from .._k8s.converge import Change, LiveIndex, execute, plan, reporting_writes
from .._k8s.session import KubeError, KubeSession, describe
from .._k8s.wait import (
    Target,
    establish_crds,
    trident_status,
    wait_backends_bound,
    wait_trident_crds,
    wait_trident_installed,
)
from ..spec import autogrow, checks, facts
from ..spec.facts import SPEC_ANNOTATION
from ..spec.kinds import CLUSTER_ROLE_BINDING as CRB
from ..spec.kinds import (
    KINDS,
    LIMIT_RANGE,
    PROMETHEUS_RULE,
    RESOURCE_QUOTA,
    ROLE_BINDING,
    SCHEDULE,
    SECRET,
    SERVICE_MONITOR,
    TAP,
    TBC,
    TORC,
    Kind,
    kind_of,
    object_ref,
)
from ..spec.kinds import STORAGE_CLASS as SC
from ..spec.kinds import VOLUME_SNAPSHOT_CLASS as VSC
from ..spec.monitoring import MONITORING_GROUP
from ..spec.protect import GROUP as PROTECT_GROUP
from ..spec.render import RenderedStack, Stage, managed_labels
from ..spec.render_addons import STAGE as ADDONS
from ..spec.stack import StorageSpec
from .addons.served import refuse_missing_namespaces, registered_kinds, unserved_refusal
from .claim import (
    MODULE_PREFIX,
    ClaimRefused,
    Ownership,
    StackClaim,
    claimant,
    ours,
    owners,
)
from .protect.waits import APPVAULT, status_summary, wait_protect_ready
from .safety import Refusal, check_backend_deletion, claims_using_class

# Kubernetes forbids changing these StorageClass fields in place.
SC_IMMUTABLE = ("provisioner", "parameters", "reclaimPolicy", "volumeBindingMode")
# What prune may remove: never Trident's installation (uninstalling is the trident module's job). And
# TridentAutogrowPolicies (_prune_candidates lists them apart).
PRUNABLE = (VSC, SC, TBC, SECRET)
# Of the addons stage, prune removes what only describes intent (schedules, alerting, quotas and access), per
# section the spec has: a stack without them is not asked for permissions it does not otherwise need. Never a
# Namespace (its volumes), nor an AppVault or Application (backups refer to them), nor protect's installation:
# their own modules remove those with state absent.
PRUNABLE_ADDONS: dict[str, tuple[Kind, ...]] = {
    "namespaces": (RESOURCE_QUOTA, LIMIT_RANGE, ROLE_BINDING),
    "protect": (SCHEDULE,),
    "monitoring": (SERVICE_MONITOR, PROMETHEUS_RULE),
}
ADDON_GROUPS = (PROTECT_GROUP, MONITORING_GROUP)
NOT_DEFAULT = "no longer the default class"


@dataclass(frozen=True)
class Options:
    check_mode: bool = False
    wait: bool = True
    wait_timeout: float = 300.0
    prune: bool = False
    force: bool = False
    replace: bool = False
    workers: int = 8
    stages: tuple[str, ...] = ("trident", "backends", "classes", ADDONS)
    ownership: Ownership = field(default_factory=Ownership)


@dataclass
class Outcome:
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    trident: dict[str, Any] = field(default_factory=dict)
    backends: dict[str, dict[str, Any]] = field(default_factory=dict)
    protect: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.changes)

    def result(self, diff: bool) -> dict[str, Any]:
        # Only what changed is listed: a stack has thousands of objects, and every value of the result
        # goes through Ansible's secret masking.
        out: dict[str, Any] = {
            "changed": self.changed,
            "objects": [c.summary() for c in self.changes if c.changed or c.kept],
            "unchanged": sum(1 for c in self.changes if not c.changed),
        }
        if self.trident:
            out["trident"] = self.trident
        if self.backends:
            out["backends"] = self.backends
        if self.protect:
            out["protect"] = self.protect
        if diff:
            out["diff"] = [c.diff() for c in self.changes if c.changed]
        return out


class StackRunner:
    def __init__(self, session: KubeSession, spec: StorageSpec, rendered: RenderedStack, options: Options) -> None:
        self.session = session
        self.spec = spec
        self.options = options
        self.index = LiveIndex(session)
        self.stages = [s for s in rendered.stages if s.name in options.stages]
        self.labels = managed_labels(spec)
        ownership = options.ownership
        # A stack run claims its stack name; per-resource modules claim only the objects they apply.
        self.claim = (
            StackClaim(session, spec.name, ownership.spec, ownership.take_over, options.wait_timeout)
            if ownership.spec and not ownership.per_object
            else None
        )
        self._refused: list[str] = []

    def run(self) -> Outcome:
        if self.claim is not None:
            self.claim.check()  # read before any list, so what is listed next is at least as new as the claim
        planned, deletions = self._plan_run()
        held = False
        try:
            writes = any(c.changed for stage, changes in planned for c in changes) or bool(deletions)
            if self.claim is not None and writes and not self.options.check_mode:
                held = True
                if self.claim.acquire():
                    # Another run of this stack wrote meanwhile: plan again from what it left.
                    self.index = LiveIndex(self.session)
                    planned, deletions = self._plan_run()
            staged = [c for stage_changes in (changes for stage, changes in planned) for c in stage_changes]
            outcome = Outcome(changes=[*staged, *deletions])
            if self.options.check_mode:
                return outcome
            # A failure after the first write (an API error, a wait, a prune deletion) reports what was written.
            with reporting_writes(outcome.changes):
                for stage, changes in planned:
                    self._execute(changes)
                    if self.options.wait and stage.wait is not None:
                        self._wait(stage, changes, outcome)
                for change in deletions:
                    kind = KINDS[change.key[:2]]
                    if not change.attempt(partial(self.session.delete, kind, change.key[3], change.key[2] or None)):
                        change.action = "unchanged"  # another writer deleted it first: this run deleted nothing
            return outcome
        finally:
            if held and self.claim is not None:
                self._release(failing=sys.exc_info()[0] is not None)

    def _release(self, failing: bool) -> None:
        """Release the stack's claim. A run that is already failing (its API server or etcd gone, say) reports
        its own failure and what it wrote, not the release's: a claim no one renews lapses by itself."""
        if self.claim is None:
            return
        try:
            self.claim.release()
        except KubeError:
            if not failing:
                raise

    def _plan_run(self) -> tuple[list[tuple[Stage, list[Change]]], list[Change]]:
        """Every stage's changes and the prune's deletions, refusing (before any write) what must not happen."""
        self._refused = []
        planned = [(stage, self._plan(stage)) for stage in self.stages]
        deletions = self._plan_prune() if self.options.prune else []
        self._refuse_unserved_kinds()
        for stage in self.stages:
            if stage.name == ADDONS:
                # Team namespaces are created by the stage itself; any other namespace must exist already.
                refuse_missing_namespaces(self.index, stage.objects)
        if self._refused:
            shown = self._refused[:10] + ([f"and {len(self._refused) - 10} more"] if len(self._refused) > 10 else [])
            raise ClaimRefused(
                f"stack '{self.spec.name}': tridentops changes only objects it applied for this stack; "
                f"{'; '.join(shown)}; nothing was changed"
            )
        return planned, deletions

    # -- planning (reads only) ---------------------------------------------------------------------

    def _plan(self, stage: Stage) -> list[Change]:
        objects = [self._claimed(o) for o in stage.objects]
        changes = plan(self.index, objects, keep_foreign=self.options.ownership.keep_foreign)
        if stage.name == "trident":
            self._refuse_move(objects)
        for change in changes:
            if change.action == "update" and not self._check_owner(change):
                continue  # refused: nothing more to judge about it
            if change.key[:2] == (SC.api_version, SC.kind) and change.action == "update":
                self._check_immutable(change)
        changes.extend(self._undefault(stage.objects))
        return changes

    # -- ownership (reads only) --------------------------------------------------------------------

    def _claimed(self, obj: dict[str, Any]) -> dict[str, Any]:
        """The object with the claimant annotation: this spec's identity, or the module's.

        A per-resource module keeps the claim already on an object (a stack's spec stays its owner); both
        apply as the same field manager, so leaving the annotation out would remove it.
        """
        ownership = self.options.ownership
        if not ownership.spec:
            return obj
        value = ownership.spec
        if ownership.per_object:
            live = self.index.get(obj)
            value = (claimant(live) if live is not None and ours(live, self.labels) else "") or value
        meta = obj["metadata"]
        annotations = {**(meta.get("annotations") or {}), SPEC_ANNOTATION: value}
        return {**obj, "metadata": {**meta, "annotations": annotations}}

    def _check_owner(self, change: Change) -> bool:
        """Whether the update may go ahead; records a refusal when it would change an object this stack (this
        spec) does not own."""
        live = change.live or {}
        kind, namespace, name = change.key[1:]
        ownership = self.options.ownership
        ref = object_ref(kind, namespace, name)
        if ownership.adopts(kind, namespace, name):
            if not ours(live, self.labels):
                change.note = f"adopted; was: {owners(live)}"
            return True
        if not ours(live, self.labels) and kind == "Namespace":
            # A namespace someone else made (with their labels, Pod Security settings) is used as it is.
            change.action, change.note = "unchanged", f"not ours, used as it is ({owners(live)})"
            return False
        if not ours(live, self.labels) and self._only_ownership_differs(change):
            # Already what the spec says (an adopted installation): nothing to change, so nothing is taken over.
            change.action = "unchanged"
            change.note = f"not ours, already as the spec says: left as it is ({owners(live)})"
            return False
        if not ours(live, self.labels):
            self._refused.append(
                f"{describe(change.key)} is not ours ({owners(live)}): pass adopt: ['{ref}'] to take it over"
            )
            return False
        other = claimant(live)
        if ownership.per_object or not other or other == ownership.spec or other.startswith(MODULE_PREFIX):
            return True
        if not ownership.take_over:
            self._refused.append(
                f"{describe(change.key)} belongs to spec '{other}', this spec is '{ownership.spec}' "
                "(same stack name): pass take_over: true to make this spec its owner"
            )
            return False
        return True

    def _only_ownership_differs(self, change: Change) -> bool:
        """Whether the object differs from the spec only by tridentops' marks of ownership (its labels and the
        claimant annotation), and belongs to no other stack (whose object stays refused)."""
        live_labels = ((change.live or {}).get("metadata") or {}).get("labels") or {}
        if facts.STACK_LABEL in live_labels:
            return False
        marks = {f"metadata.labels.{key}" for key in self.labels} | {f"metadata.annotations.{SPEC_ANNOTATION}"}
        # A live object without labels (annotations) differs there as a whole: that path is only ours when the
        # spec's labels (annotations) are only tridentops' own.
        desired_meta = (change.desired or {}).get("metadata") or {}
        if set(desired_meta.get("labels") or {}) <= set(self.labels):
            marks.add("metadata.labels")
        if set(desired_meta.get("annotations") or {}) <= {SPEC_ANNOTATION}:
            marks.add("metadata.annotations")
        return all(path in marks for path in change.paths)

    def _refuse_move(self, objects: list[dict[str, Any]]) -> None:
        """A spec must not re-point an existing Trident installation to another namespace (its operator's
        cluster-wide binding and the TridentOrchestrator), unless move_trident says so."""
        if self.options.ownership.move_trident:
            return
        wanted = self.spec.trident.namespace
        kinds = {kind_of(o) for o in objects}
        found = []
        if TORC in kinds:
            for name, live in self.index.objects(TORC).items():
                current = (live.get("spec") or {}).get("namespace") or (live.get("status") or {}).get("namespace")
                if current and current != wanted:
                    found.append(f"TridentOrchestrator {name} installs it in '{current}' ({owners(live)})")
        if CRB in kinds:
            binding = self.index.objects(CRB).get(facts.OPERATOR_NAME)
            subjects = (binding or {}).get("subjects") or []
            elsewhere = sorted({s.get("namespace") for s in subjects if s.get("namespace") not in (None, wanted)})
            if binding is not None and elsewhere:
                found.append(
                    f"ClusterRoleBinding {facts.OPERATOR_NAME} binds the operator in '{', '.join(elsewhere)}' "
                    f"({owners(binding)})"
                )
        if found:
            raise ClaimRefused(
                f"Trident is already installed in another namespace: {'; '.join(found)}. This spec would move it "
                f"to '{wanted}' and re-point its cluster-wide permissions there; pass move_trident: true only if "
                "that is intended; nothing was changed"
            )

    def _refuse_unserved_kinds(self) -> None:
        """A kind the cluster does not serve, and that nothing this run installs will register, fails the
        run before any write (rather than after Trident and its backends were applied)."""
        # The install stage creates the TridentOrchestrator CRD; Trident (operator, add-on or other tooling)
        # registers the rest before its wait completes.
        registered_by_this_run = {TORC, TBC} if "trident" in self.options.stages else set()
        if "trident" in self.options.stages and checks.release(self.spec.trident.version) >= autogrow.SINCE:
            # Trident 26.02's operator registers tridentautogrowpolicies with its other CRDs.
            registered_by_this_run.add(TAP)
        registered_by_this_run |= registered_kinds(o for s in self.stages for o in s.objects)
        unserved = self.index.not_served - registered_by_this_run
        addons = unserved_refusal(k for k in unserved if k.group in ADDON_GROUPS)
        if addons is not None:
            raise addons
        missing = sorted(k.kind for k in unserved)
        if "VolumeSnapshotClass" in missing:
            raise Refusal(
                "this cluster does not serve snapshot.storage.k8s.io/v1 VolumeSnapshotClass: install the CSI "
                "external-snapshotter's CRDs and controller (the cluster's, not Trident's), or drop snapshot_classes "
                "from the spec; nothing was changed"
            )
        if missing == [TAP.kind]:
            raise Refusal(
                f"this cluster does not serve {TAP.api_version} {TAP.kind}: it needs Trident {autogrow.SINCE} or "
                "later, whose CRD registers it (upgrade Trident first, or drop autogrow_policies from the spec); "
                "nothing was changed"
            )
        if missing:
            raise Refusal(
                f"this cluster does not serve {', '.join(missing)}: Trident is not installed "
                "(install it first, e.g. with tridentops.storage.trident); nothing was changed"
            )

    def _check_immutable(self, change: Change) -> None:
        live, desired = change.live or {}, change.desired or {}
        fields = [f for f in SC_IMMUTABLE if f in desired and live.get(f) != desired[f]]
        if not fields:
            return
        users = claims_using_class(self.index, change.key[3])
        in_use = f"; PVCs using it keep their volumes: {', '.join(users)}" if users else "; no PVC uses it"
        if not self.options.replace:
            raise Refusal(
                f"StorageClass {change.key[3]}: {', '.join(fields)} cannot change in place (Kubernetes forbids it); "
                f"use replace: true to delete and re-create it{in_use}"
            )
        change.action = "replace"
        change.note = f"re-created: {', '.join(fields)} changed{in_use}"

    def _undefault(self, objects: Iterable[dict[str, Any]]) -> list[Change]:
        """A new default class takes the annotation from any other default class of the cluster."""
        changes: list[Change] = []
        for kind, annotation in ((SC, facts.DEFAULT_SC_ANNOTATION), (VSC, facts.DEFAULT_VSC_ANNOTATION)):
            desired = [o for o in objects if kind_of(o) == kind]
            if not any(o["metadata"].get("annotations", {}).get(annotation) == "true" for o in desired):
                continue
            ours = {o["metadata"]["name"] for o in desired}
            for name, live in self.index.objects(kind).items():
                same_driver = kind is SC or live.get("driver") == facts.CSI_DRIVER
                default = (live["metadata"].get("annotations") or {}).get(annotation) == "true"
                if name not in ours and default and same_driver:
                    patch = {"metadata": {"annotations": {annotation: "false"}}}
                    changes.append(
                        Change(
                            _key(live), "update", patch, live, [f"metadata.annotations.{annotation}"], note=NOT_DEFAULT
                        )
                    )
        return changes

    def _plan_prune(self) -> list[Change]:
        wanted = {
            (o["kind"], o["metadata"].get("namespace") or "", o["metadata"]["name"])
            for s in self.stages
            for o in s.objects
        }
        labels = managed_labels(self.spec)
        deletions = []
        for kind, live in self._prune_candidates(labels):
            key = (kind.kind, live["metadata"].get("namespace") or "", live["metadata"]["name"])
            if not self._prunable(live) or key in wanted:
                continue
            change = Change(_key(live), "delete", None, live)
            if kind is TBC:
                change.note = check_backend_deletion(self.index, live, self.options.force)
            deletions.append(change)
        return deletions

    def _prunable(self, live: dict[str, Any]) -> bool:
        """Prune deletes only what this stack's own runs applied: ours (manager and labels), and claimed by
        this spec, or by no one (applied before claims were recorded). Never what a per-resource module
        claimed, nor another spec's objects (unless this spec took the stack over)."""
        if not ours(live, self.labels):
            return False
        other = claimant(live)
        ownership = self.options.ownership
        if not other or not ownership.spec or other == ownership.spec:
            return True
        return ownership.take_over and not other.startswith(MODULE_PREFIX)

    def _prune_candidates(self, labels: dict[str, str]) -> Iterator[tuple[Kind, dict[str, Any]]]:
        """Live objects of the prunable kinds, one list per kind, read as they are needed."""
        for kind in PRUNABLE:
            yield from ((kind, live) for live in self.index.objects(kind, self._namespace(kind)).values())
        # Autogrow policies exist from Trident 26.02 on: listed with a list of their own, by this stack's labels,
        # so a cluster whose Trident is older (the kind not served lists as empty) is not refused for a kind the
        # spec does not use.
        selector = ",".join(f"{k}={v}" for k, v in sorted(labels.items()))
        yield from ((TAP, live) for live in self.session.list(TAP, None, selector)[0])
        if ADDONS in self.options.stages:
            # Team objects live in any namespace: one list per kind across namespaces, of this stack's objects
            # only (a kind the cluster does not serve lists as empty).
            selector = ",".join(f"{k}={v}" for k, v in sorted(labels.items()))
            for section, kinds in PRUNABLE_ADDONS.items():
                if getattr(self.spec, section):
                    for kind in kinds:
                        yield from ((kind, live) for live in self.session.list(kind, None, selector)[0])

    def _namespace(self, kind: Kind) -> str | None:
        return self.spec.trident.namespace if kind.namespaced else None

    # -- execution ---------------------------------------------------------------------------------

    def _execute(self, changes: list[Change]) -> None:
        replaced = [c for c in changes if c.action == "replace"]
        undefaults = [c for c in changes if c.note == NOT_DEFAULT]
        for change in replaced:
            change.action = "delete"  # what the cluster has seen, should the run stop here
            change.attempt(partial(self.session.delete, SC, change.key[3]))
        for change in replaced:
            change.action, change.written = "create", False
        settle = establish_crds(self.session, self.options.wait_timeout)
        try:
            execute(self.session, [c for c in changes if c not in undefaults], self.options.workers, settle)
        finally:
            for change in replaced:
                # Deleted in any case; re-created only when the server answered its apply.
                change.action, change.written = ("replace" if change.written else "delete"), True
        # After ours became the default, so the cluster is never left without one.
        for change in undefaults:
            patch = partial(self.session.merge_patch, KINDS[change.key[:2]], change.key[3], change.desired or {})
            change.result = change.attempt(patch)

    def _wait(self, stage: Stage, changes: list[Change], outcome: Outcome) -> None:
        timeout = self.options.wait_timeout
        if stage.wait == "trident-installed":
            torc = next((c for c in changes if c.key[1] == "TridentOrchestrator"), None)
            operator = next((c for c in changes if c.key[1] == "Deployment" and c.changed), None)
            # An operator upgrade alone changes Trident too: its status must be fresh from then on.
            written = (torc.applied_version if torc else None) or (
                _current_version(self.session, torc) if operator and torc else None
            )
            trident = self.spec.trident
            found = wait_trident_installed(self.session, trident.version, written, timeout, namespace=trident.namespace)
            outcome.trident = trident_status(found.get("status") or {})
        elif stage.wait == "trident-crds":
            wait_trident_crds(self.session, timeout)
        elif stage.wait == "protect-ready":
            protect = self.spec.protect
            if protect is None:  # the stage waits only when the spec has protect
                return
            vaults = [Target(c.key[3], c.applied_version) for c in changes if KINDS[c.key[:2]] is APPVAULT]
            found = wait_protect_ready(
                self.session, protect.namespace, protect.install_method == "manifests", vaults, timeout
            )
            outcome.protect = {name: status_summary(obj) for name, obj in sorted(found.items())}
        elif stage.wait == "backends-bound":
            targets = self._backend_targets(changes)
            found = wait_backends_bound(self.session, self.spec.trident.namespace, targets, timeout)
            outcome.backends = {
                name: {k: (obj.get("status") or {}).get(k, "") for k in ("phase", "lastOperationStatus", "message")}
                for name, obj in sorted(found.items())
            }

    def _backend_targets(self, changes: list[Change]) -> list[Target]:
        """Every backend of the stage; a changed one (or one whose Secret changed) needs a fresh status."""
        secrets = {c.key[3]: c for c in changes if c.key[1] == "Secret" and c.changed}
        targets = []
        for change in changes:
            if change.key[1] != "TridentBackendConfig":
                continue
            version = change.applied_version
            secret = ((change.desired or {}).get("spec") or {}).get("credentials", {}).get("name")
            if version is None and secret in secrets:
                # Trident re-reads a rotated Secret on its own; its next status must come after our write.
                version = str(((change.live or {}).get("metadata") or {}).get("resourceVersion", "")) or None
            targets.append(Target(change.key[3], version))
        return targets


def _key(obj: dict[str, Any]) -> tuple[str, str, str, str]:
    meta = obj["metadata"]
    return (obj["apiVersion"], obj["kind"], meta.get("namespace") or "", meta["name"])


def _current_version(session: KubeSession, change: Change) -> str | None:
    kind: Kind = KINDS[change.key[:2]]
    live = session.get(kind, change.key[3])
    return str(live["metadata"]["resourceVersion"]) if live else None
