"""What "done", "failed" and "wait" mean for each kind a controller reports on: one table for both front ends.

The Ansible waits (``_k8s/wait.py`` and the judges built on it) and the Pulumi components' readiness annotation
(``pulumi_components/tridentops_pulumi/declare.py``) read these entries, so both wait for the same thing.

A ``Readiness`` names the status fields a kind's controller writes and what their values mean:

- failed: any ``failed`` test holds; Trident's own message is in the first non-empty ``message`` field;
- done: every ``done`` test holds;
- retry: a ``retried`` test holds: the controller failed and tries again by itself, so it is waited for;
- wait: anything else (no status yet, work in progress).

Where ``failed`` and ``done`` can hold at once, ``done_first`` says which wins.

Every value is cited where the controller that writes it defines it: Trident's at tag v26.06.0 of
github.com/NetApp/trident (the paths below are inside that tree); Kubernetes' in its API types at the release
Trident 26.06 builds with (k8s.io/api and k8s.io/apiextensions-apiserver v0.36.2, external-snapshotter client
v8.6.0, per Trident's go.mod); Trident protect's from its 26.06 documentation, since protect is closed source
and its CRDs declare no status schema (docs/trident-facts/crds.md), as tests/standin/protect.py plays them.

TridentVersion is not here: it carries no status (its fields are written once by Trident at start-up), so
there is nothing to wait for on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeAlias

from . import facts
from .protect import GROUP as PROTECT_GROUP

State = Literal["done", "fail", "retry", "wait"]
Scalar: TypeAlias = "str | bool"


@dataclass(frozen=True)
class Field:
    """A field of an object, by its path from the object's root (an int indexes a list)."""

    path: tuple[str | int, ...]

    def read(self, obj: Mapping[str, Any] | None) -> Any:
        value: Any = obj
        for step in self.path:
            if isinstance(step, int):
                value = value[step] if isinstance(value, list) and len(value) > step else None
            else:
                value = value.get(step) if isinstance(value, Mapping) else None
        return value

    def text(self, obj: Mapping[str, Any] | None) -> str:
        """The field as text; "" when it is absent or null."""
        value = self.read(obj)
        return "" if value is None else str(value)

    @property
    def jsonpath(self) -> str:
        """The field in kubectl's JSONPath syntax: ``{.status.conditions[0].state}``."""
        steps = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in self.path)
        return "{" + steps + "}"


@dataclass(frozen=True)
class Is:
    """The field holds one of ``values`` (a boolean only matches a boolean)."""

    field: Field
    values: tuple[Scalar, ...]

    def holds(self, obj: Mapping[str, Any] | None) -> bool:
        value = self.field.read(obj)
        return any(type(value) is type(wanted) and value == wanted for wanted in self.values)


@dataclass(frozen=True)
class Given:
    """The field holds something (an error the controller recorded, say)."""

    field: Field

    def holds(self, obj: Mapping[str, Any] | None) -> bool:
        return bool(self.field.read(obj))


@dataclass(frozen=True)
class Condition:
    """``status.conditions`` holds a ``type`` entry with ``status`` (Kubernetes' condition convention)."""

    type: str
    status: str = "True"

    def holds(self, obj: Mapping[str, Any] | None) -> bool:
        conditions = CONDITIONS.read(obj)
        return any(
            isinstance(c, Mapping) and c.get("type") == self.type and c.get("status") == self.status
            for c in conditions or []
        )


Test: TypeAlias = "Is | Given | Condition"
CONDITIONS = Field(("status", "conditions"))


def describe_conditions(obj: Mapping[str, Any] | None) -> str:
    """Every condition ``obj`` reports, as ``type: message`` (or its reason), for a message about a wait."""
    conditions = [c for c in CONDITIONS.read(obj) or [] if isinstance(c, Mapping)]
    return "; ".join(f"{c.get('type')}: {c.get('message') or c.get('reason') or ''}" for c in conditions)


@dataclass(frozen=True)
class Readiness:
    """What one kind's status says about the work its controller was given."""

    kinds: tuple[tuple[str, str], ...]  # (API group, kind) pairs this entry judges
    done: tuple[Test, ...]
    failed: tuple[Test, ...] = ()
    retried: tuple[Test, ...] = ()
    message: tuple[Field, ...] = ()
    done_first: bool = False

    def state(self, obj: Mapping[str, Any] | None) -> State:
        """The state ``obj`` reports (an absent object: wait; what absence means is the waiting code's call)."""
        done = obj is not None and all(test.holds(obj) for test in self.done)
        if done and self.done_first:
            return "done"
        if any(test.holds(obj) for test in self.failed):
            return "fail"
        if done:
            return "done"
        if any(test.holds(obj) for test in self.retried):
            return "retry"
        return "wait"

    def explanation(self, obj: Mapping[str, Any] | None) -> str:
        """The controller's own words: the first non-empty ``message`` field."""
        return next((text for field in self.message if (text := field.text(obj))), "")

    def reaching(self, value: Scalar) -> Readiness:
        """This entry, done only at ``value`` of its one ``done`` field (a mirror's desired state, say)."""
        (test,) = self.done
        if not isinstance(test, Is) or value not in test.values:
            raise ValueError(f"{value!r} is not a state {self.kinds[0][1]} reaches")
        return replace(self, done=(Is(test.field, (value,)),))


def wait_expressions(entry: Readiness) -> tuple[str, ...]:
    """The ``done`` tests as ``kubectl wait --for`` expressions (``jsonpath=...``, ``condition=...``), all to hold.

    ``failed`` and ``retried`` have no such form: kubectl wait, and the pulumi.com/waitFor annotation that
    takes its expressions, only wait for a state, so a failure shows as the state never reached.
    """
    expressions = []
    for test in entry.done:
        if isinstance(test, Condition):
            expressions.append(f"condition={test.type}" + ("" if test.status == "True" else f"={test.status}"))
        elif isinstance(test, Given):
            expressions.append(f"jsonpath={test.field.jsonpath}")
        elif len(test.values) == 1:
            value = test.values[0]
            # JSONPath prints a boolean as Go does: true, false.
            shown = str(value).lower() if isinstance(value, bool) else value
            expressions.append(f"jsonpath={test.field.jsonpath}={shown}")
        else:
            raise ValueError(f"{test.field.jsonpath} has several done values {test.values}: narrow it with reaching()")
    return tuple(expressions)


TRIDENT = facts.TRIDENT_GROUP
SNAPSHOT_GROUP = "snapshot.storage.k8s.io"

# -- TridentOrchestrator: Trident's operator ---------------------------------------------------------------------
# Fields: operator/crd/apis/netapp/v1/types.go (TridentOrchestratorStatus: status, message, version, namespace).
# Values: operator/crd/apis/netapp/v1/tridentorchestrator.go (AppStatus): "" (not installed), Installing,
# Installed, Uninstalling, Uninstalled, Failed, Updating, Error ("should not be set on controlling CR": another
# CR controls Trident, or the Kubernetes version is unsupported). The operator requeues a Failed reconcile with
# backoff and installs once the cause is gone (operator/controllers/orchestrator/controller.go), so Failed is
# retried; Error is final.
ORCHESTRATOR_STATUS = Field(("status", "status"))
ORCHESTRATOR_MESSAGE = Field(("status", "message"))
ORCHESTRATOR_VERSION = Field(("status", "version"))  # with a leading v, Trident's version label (v26.06.0)
ORCHESTRATOR_NAMESPACE = Field(("status", "namespace"))
_TORC = ((TRIDENT, "TridentOrchestrator"),)
ORCHESTRATOR_INSTALLED = Readiness(
    _TORC,
    done=(Is(ORCHESTRATOR_STATUS, ("Installed",)),),
    failed=(Is(ORCHESTRATOR_STATUS, ("Error",)),),
    retried=(Is(ORCHESTRATOR_STATUS, ("Failed",)),),
    message=(ORCHESTRATOR_MESSAGE,),
)
# spec.uninstall: true: the operator removes Trident and reports Uninstalled (same AppStatus values).
ORCHESTRATOR_UNINSTALLED = Readiness(
    _TORC,
    done=(Is(ORCHESTRATOR_STATUS, ("Uninstalled",)),),
    failed=(Is(ORCHESTRATOR_STATUS, ("Failed", "Error")),),
    message=(ORCHESTRATOR_MESSAGE,),
)

# -- TridentBackendConfig: Trident's CRD controller --------------------------------------------------------------
# Fields: persistent_store/crd/apis/netapp/v1/types.go (TridentBackendConfigStatus: message, phase,
# lastOperationStatus). Phases: persistent_store/crd/apis/netapp/v1/backendconfig.go: "" (PhaseUnbound), Bound,
# Deleting, Unknown, Lost. lastOperationStatus: frontend/crd/controller/crd_controller.go (OperationStatusSuccess
# "Success", OperationStatusFailed "Failed"), written by frontend/crd/controller/trident_backend_config.go.
# A failed update leaves the config Bound to its old backend with lastOperationStatus Failed: failed wins.
BACKEND_PHASE = Field(("status", "phase"))
BACKEND_LAST_OPERATION = Field(("status", "lastOperationStatus"))
BACKEND_MESSAGE = Field(("status", "message"))
BACKEND_UNBOUND = "Unbound"  # Trident's name (PhaseUnbound) for the empty phase
BACKEND_BOUND = Readiness(
    ((TRIDENT, "TridentBackendConfig"),),
    done=(Is(BACKEND_PHASE, ("Bound",)), Is(BACKEND_LAST_OPERATION, ("Success",))),
    failed=(Is(BACKEND_LAST_OPERATION, ("Failed",)),),
    message=(BACKEND_MESSAGE,),
)

# -- Trident's one-shot actions: TridentActionSnapshotRestore, TridentActionMirrorUpdate -------------------------
# Fields: persistent_store/crd/apis/netapp/v1/types.go (TridentActionSnapshotRestoreStatus and
# TridentActionMirrorUpdateStatus: state, message). Values: the same file (TridentActionStateSucceeded
# "Succeeded", TridentActionStateInProgress "In progress", TridentActionStateFailed "Failed").
TRIDENT_ACTION_STATE = Field(("status", "state"))
TRIDENT_ACTION_MESSAGE = Field(("status", "message"))
TRIDENT_ACTION_SUCCEEDED = Readiness(
    ((TRIDENT, "TridentActionSnapshotRestore"), (TRIDENT, "TridentActionMirrorUpdate")),
    done=(Is(TRIDENT_ACTION_STATE, ("Succeeded",)),),
    failed=(Is(TRIDENT_ACTION_STATE, ("Failed",)),),
    message=(TRIDENT_ACTION_MESSAGE,),
)

# -- TridentMirrorRelationship: Trident's CRD controller --------------------------------------------------------
# Fields: persistent_store/crd/apis/netapp/v1/types.go (TridentMirrorRelationshipStatus.conditions, each with
# state and message; one condition per volume mapping, and a relationship has exactly one mapping).
# Values: persistent_store/crd/apis/netapp/v1/tridentmirrorrelationship.go: established, reestablished,
# promoted (reachable, GetValidMirrorStates), establishing, reestablishing, promoting (on the way,
# GetTransitionalMirrorStates), failed ("could not reach the desired state"), invalid ("can never reach the
# desired state with the current spec"). Done is the state asked for: see Readiness.reaching.
MIRROR_STATE = Field(("status", "conditions", 0, "state"))
MIRROR_MESSAGE = Field(("status", "conditions", 0, "message"))
MIRROR_REACHED = Readiness(
    ((TRIDENT, "TridentMirrorRelationship"),),
    done=(Is(MIRROR_STATE, ("established", "reestablished", "promoted")),),
    failed=(Is(MIRROR_STATE, ("failed", "invalid")),),
    message=(MIRROR_MESSAGE,),
)

# -- Kubernetes' own kinds, as their controllers report on Trident's work ---------------------------------------
# CustomResourceDefinition: k8s.io/apiextensions-apiserver pkg/apis/apiextensions/v1/types.go (condition type
# Established, status True once the API server serves the kind).
CRD_ESTABLISHED = Readiness((("apiextensions.k8s.io", "CustomResourceDefinition"),), done=(Condition("Established"),))

# PersistentVolumeClaim: k8s.io/api core/v1/types.go (PersistentVolumeClaimPhase: Pending, Bound, Lost; condition
# type FileSystemResizePending; status.capacity). The persistent volume binder sets Bound once the CSI
# provisioner (Trident) made the volume; Lost when the bound volume is gone.
CLAIM_PHASE = Field(("status", "phase"))
CLAIM_CAPACITY = Field(("status", "capacity", "storage"))
CLAIM_VOLUME = Field(("spec", "volumeName"))
CLAIM_PENDING = "Pending"  # the phase of a claim that reports none yet
_PVC = (("", "PersistentVolumeClaim"),)
CLAIM_BOUND = Readiness(_PVC, done=(Is(CLAIM_PHASE, ("Bound",)),), failed=(Is(CLAIM_PHASE, ("Lost",)),))
# A grown claim reports its new status.capacity (compared with the size asked for by the waiting code); a block
# volume's file system grows when a pod next mounts it, which the resizer reports as this condition.
CLAIM_RESIZED = Readiness(_PVC, done=(Condition("FileSystemResizePending"),))

# VolumeSnapshot: external-snapshotter client/apis/volumesnapshot/v1/types.go (VolumeSnapshotStatus:
# readyToUse, error.message, boundVolumeSnapshotContentName; a VolumeSnapshotContent's status reports readyToUse
# and error.message the same way). Trident cuts the snapshot; the snapshot controller
# copies the outcome. A snapshot that is readyToUse is usable whatever error an earlier attempt left: done first.
SNAPSHOT_READY_TO_USE = Field(("status", "readyToUse"))
SNAPSHOT_ERROR = Field(("status", "error", "message"))
SNAPSHOT_CONTENT = Field(("status", "boundVolumeSnapshotContentName"))
SNAPSHOT_READY = Readiness(
    ((SNAPSHOT_GROUP, "VolumeSnapshot"), (SNAPSHOT_GROUP, "VolumeSnapshotContent")),
    done=(Is(SNAPSHOT_READY_TO_USE, (True,)),),
    failed=(Given(SNAPSHOT_ERROR),),
    message=(SNAPSHOT_ERROR,),
    done_first=True,
)

# -- Trident protect ---------------------------------------------------------------------------------------------
# Protect reports progress in status.state and failure in status.error (Trident protect 26.06 documentation:
# Running, Completed, Failed, Removed, Error; status.appArchivePath). An AppVault is Available once the
# controller reached its bucket, Error otherwise; the AppVault state names are the ones tridentctl-protect lists,
# not in the reference pages [unverified], and its failure states are taken to be the same as the actions'.
PROTECT_STATE = Field(("status", "state"))
PROTECT_ERROR = Field(("status", "error"))
PROTECT_MESSAGE = Field(("status", "message"))
PROTECT_FAILED: tuple[str, ...] = ("Failed", "Error", "Removed")
VAULT_AVAILABLE = Readiness(
    ((PROTECT_GROUP, "AppVault"),),
    done=(Is(PROTECT_STATE, ("Available",)),),
    failed=(Is(PROTECT_STATE, PROTECT_FAILED),),
    message=(PROTECT_ERROR, PROTECT_MESSAGE),
)
PROTECT_ACTIONS = (
    "Snapshot",
    "Backup",
    *(f"{source}{how}Restore" for source in ("Backup", "Snapshot") for how in ("", "Inplace")),
)
PROTECT_COMPLETED = Readiness(
    tuple((PROTECT_GROUP, kind) for kind in PROTECT_ACTIONS),
    done=(Is(PROTECT_STATE, ("Completed",)),),
    failed=(Is(PROTECT_STATE, PROTECT_FAILED),),
    message=(PROTECT_ERROR,),
)

# What each kind reports once the work its object asked for is done: read after an apply (Ansible) and as the
# readiness of a declared resource (Pulumi). The TridentMirrorRelationship is done at the state asked for
# (MIRROR_REACHED.reaching), the other entries above judge something other than an apply (uninstall, resize).
READY: Mapping[tuple[str, str], Readiness] = {
    kind: entry
    for entry in (
        ORCHESTRATOR_INSTALLED,
        BACKEND_BOUND,
        TRIDENT_ACTION_SUCCEEDED,
        CRD_ESTABLISHED,
        CLAIM_BOUND,
        SNAPSHOT_READY,
        VAULT_AVAILABLE,
        PROTECT_COMPLETED,
    )
    for kind in entry.kinds
}
