"""The whole storage spec and the checks that span its sections."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from . import autogrow, checks, facts
from .autogrow import AutogrowPolicySpec
from .aws import AwsSpec, check_references
from .backend import Backend
from .classes import SnapshotClassSpec, StorageClassSpec, autogrow_policy_name, check_class_release
from .issues import Issue, Issues, SpecError, join
from .matching import PoolIndex, matching_pools
from .monitoring import MonitoringSpec, tls_secret_note
from .namespaces import NamespaceSpec, check_class_references
from .protect import ProtectSpec
from .schema import build, spec_field
from .trident import TridentSpec


@dataclass(frozen=True, kw_only=True)
class StorageSpec:
    validate_partially: ClassVar[bool] = True

    name: str = spec_field(
        "Name of this stack; every object tridentops renders carries it in the label tridentops.io/stack, "
        "which prune and info use to find what this spec manages.",
        default="default",
        check=checks.dns_label,
    )
    trident: TridentSpec = spec_field("How Trident is installed.", factory=TridentSpec)
    backends: tuple[Backend, ...] = spec_field(
        "TridentBackendConfigs, one per ONTAP or FSx SVM connection.", factory=tuple
    )
    storage_classes: tuple[StorageClassSpec, ...] = spec_field("StorageClasses served by Trident.", factory=tuple)
    snapshot_classes: tuple[SnapshotClassSpec, ...] = spec_field(
        "VolumeSnapshotClasses for Trident's driver.", factory=tuple
    )
    autogrow_policies: tuple[AutogrowPolicySpec, ...] = spec_field(
        "TridentAutogrowPolicies (Trident 26.02 or later): when and by how much Trident grows a volume; "
        "classes and claims name one in the annotation trident.netapp.io/autogrowPolicy.",
        factory=tuple,
    )
    aws: AwsSpec | None = spec_field(
        "Amazon FSx for NetApp ONTAP resources tridentops creates (file system, SVM and its credentials secret, "
        "Trident's IAM role, EKS add-on); backends refer to the file system by name.",
        default=None,
    )
    namespaces: tuple[NamespaceSpec, ...] = spec_field(
        "Team namespaces to onboard: quota per StorageClass, limits, a RoleBinding for the team, the "
        "VolumeSnapshotClass to use.",
        factory=tuple,
    )
    protect: ProtectSpec | None = spec_field(
        "Trident protect: its installation, AppVaults, Applications and Schedules.", default=None
    )
    monitoring: MonitoringSpec | None = spec_field(
        "prometheus-operator ServiceMonitor for Trident's metrics and alert rules worth paging on.", default=None
    )

    def backend(self, name: str) -> Backend:
        return next(b for b in self.backends if b.name == name)

    def check(self, path: str, issues: Issues) -> None:
        _unique(issues, "backends", "name", [b.name for b in self.backends])
        # Two entries with the same name already clash; report a backend_name clash only when it is new.
        names = [b.name for b in self.backends]
        _unique(
            issues,
            "backends",
            "backend_name",
            [b.trident_name if names.count(b.name) == 1 else None for b in self.backends],
            what="Trident backend name",
        )
        rendered_secrets = [b.secret_name if b.credentials.inline else None for b in self.backends]
        _unique(issues, "backends", "credentials.name", rendered_secrets, what="rendered Secret")
        _unique(issues, "storage_classes", "name", [c.name for c in self.storage_classes])
        _unique(issues, "snapshot_classes", "name", [c.name for c in self.snapshot_classes])
        _one_default(issues, "storage_classes", self.storage_classes)
        _unique(issues, "autogrow_policies", "name", [p.name for p in self.autogrow_policies])
        _one_default(issues, "snapshot_classes", self.snapshot_classes)
        self._check_class_matches(issues)
        self._check_release_features(issues)
        self._check_autogrow_references(issues)
        # Backends with errors of their own are left out of the cross-section rules; Trident's identity is
        # still judged, so every error is reported in one run.
        backends = () if _has_errors(issues, "backends") else self.backends
        check_references(self.aws, backends, None if _has_errors(issues, "trident") else self.trident, issues)
        self._check_addons(issues)

    def _check_addons(self, issues: Issues) -> None:
        """Team namespaces, protect and monitoring against the rest of the spec."""
        _unique(issues, "namespaces", "name", [n.name for n in self.namespaces])
        if not _has_errors(issues, "storage_classes") and not _has_errors(issues, "snapshot_classes"):
            classes = {c.name for c in self.storage_classes}
            check_class_references(self.namespaces, classes, {c.name for c in self.snapshot_classes}, issues)
        managed = {} if _has_errors(issues, "trident") else {self.trident.namespace: "Trident's namespace"}
        if self.protect is not None:
            managed[self.protect.namespace] = "Trident protect's namespace"
        for index, entry in enumerate(self.namespaces):
            if entry.name in managed:
                issues.error(join(join("namespaces", index), "name"), f"'{entry.name}' is {managed[entry.name]}")
        if self.protect is not None and self.storage_classes and not self.snapshot_classes:
            issues.warn(
                "protect", "Trident protect needs a VolumeSnapshotClass for Trident's driver; the spec defines none"
            )
        if self.monitoring is not None and not _has_errors(issues, "trident"):
            note = tls_secret_note(self.monitoring, self.trident.namespace, bool(self.trident.metrics.https))
            if note:
                issues.warn("monitoring.tls_secret", note)

    def _check_release_features(self, issues: Issues) -> None:
        """Backend features that the pinned Trident release does not have yet."""
        if _has_errors(issues, "trident.version"):
            return
        autogrow.check_release(self.autogrow_policies, self.trident.version, issues)
        release = checks.release(self.trident.version)
        for index, backend in enumerate(self.backends):
            # Trident 24.06's driver factory knows only iscsi and nvme ("unsupported SAN protocol fcp").
            if backend.san_protocol == "fcp" and release < facts.FCP_SINCE:
                issues.error(
                    join(join("backends", index), "san_type"),
                    f"fcp needs Trident {facts.FCP_SINCE} or later (version is {self.trident.version})",
                )
            _check_backend_release(backend, join("backends", index), release, self.trident.version, issues)
            # With trident.enable_concurrency, Trident refuses backends of drivers its concurrent core lacks.
            since = facts.CONCURRENT_DRIVERS_SINCE.get(backend.driver)
            if self.trident.enable_concurrency and (since is None or release < since):
                issues.error(
                    join(join("backends", index), "driver"),
                    f"Trident {release} with trident.enable_concurrency refuses {backend.driver} backends "
                    f"(backend type {backend.driver} is not yet supported by concurrent Trident)",
                )
        for index, sc in enumerate(self.storage_classes):
            check_class_release(sc, join("storage_classes", index), self.trident.version, issues)

    def _check_autogrow_references(self, issues: Issues) -> None:
        """A class naming a policy this spec does not declare: Trident records the warning event
        AutogrowPolicyNotFound on the class unless the policy exists on the cluster
        (frontend/csi/controller_helpers/kubernetes/plugin.go@v26.06.0:1230-1236), so it is a warning here."""
        declared = {p.name for p in self.autogrow_policies}
        for index, sc in enumerate(self.storage_classes):
            if not sc.autogrow_policy:
                continue
            name = autogrow_policy_name(sc.autogrow_policy)
            if name is not None and name not in declared:
                issues.warn(
                    join(join("storage_classes", index), "autogrow_policy"),
                    f"autogrow policy '{name}' is not in this spec's autogrow_policies: Trident warns "
                    "AutogrowPolicyNotFound on the class unless the policy exists on the cluster",
                )

    def _check_class_matches(self, issues: Issues) -> None:
        if not self.backends or any(i.path.startswith("backends[") and i.severity == "error" for i in issues.items):
            return  # judged only against a complete, valid set of the spec's backends
        # Pools indexed once; a class is compared only with pools that can match, stops at the first that
        # does, and the reasons are worked out only for a class that matches nothing.
        pools = PoolIndex(self.backends)
        for index, sc in enumerate(self.storage_classes):
            if _has_errors(issues, join("storage_classes", index)):
                continue
            if pools.any_match(sc):
                continue
            reasons = matching_pools(sc, self.backends)[1]
            issues.error(
                join("storage_classes", index),
                f"class '{sc.name}' matches no pool of this spec's backends ({'; '.join(reasons)})",
            )


def _check_backend_release(backend: Backend, path: str, release: str, version: str, issues: Issues) -> None:
    """Backend keys the pinned release does not read yet (or no longer reads), each with its field path."""
    since = facts.BACKEND_FIELD_SINCE
    places = [(path, backend.use_balanced_placement, backend.defaults)] + [
        (join(join(path, "virtual_pools"), i), pool.use_balanced_placement, pool.defaults)
        for i, pool in enumerate(backend.virtual_pools)
    ]
    if backend.limits.deny_new_volume_pools is not None and release < since["denyNewVolumePools"]:
        issues.error(
            join(path, "limits.deny_new_volume_pools"),
            f"needs Trident {since['denyNewVolumePools']} or later (version is {version})",
        )
    for where, balanced, defaults in places:
        if balanced is not None and release < since["useBalancedPlacement"]:
            issues.error(
                join(where, "use_balanced_placement"),
                f"needs Trident {since['useBalancedPlacement']} or later (version is {version})",
            )
        for key, first in facts.DEFAULT_KEY_SINCE.items():
            if key in defaults and release < first:
                issues.error(
                    join(join(where, "defaults"), key), f"needs Trident {first} or later (version is {version})"
                )
    for i, pool in enumerate(backend.virtual_pools):
        for field, key in (("nas_type", "nasType"), ("san_type", "sanType")):
            last = facts.POOL_FIELD_UNTIL[key]
            if getattr(pool, field) is not None and release > last:
                # Trident accepts the key and reads nothing from it: a warning, as the backend still works.
                issues.warn(
                    join(join(join(path, "virtual_pools"), i), field),
                    f"Trident {version} ignores a virtual pool's {key} (read up to {last}); set the backend's",
                )


def _has_errors(issues: Issues, path: str) -> bool:
    return any(
        i.severity == "error" and (i.path == path or i.path.startswith((path + ".", path + "["))) for i in issues.items
    )


def _unique(issues: Issues, section: str, field: str, values: list[str | None], what: str = "name") -> None:
    counts = Counter(v for v in values if v is not None)
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value is not None and counts[value] > 1:
            if value in seen:
                first = values.index(value)
                issues.error(
                    join(join(section, index), field), f"{what} '{value}' is already used by {section}[{first}]"
                )
            seen.add(value)


def _one_default(issues: Issues, section: str, classes: Iterable[StorageClassSpec | SnapshotClassSpec]) -> None:
    defaults = [(i, c.name) for i, c in enumerate(classes) if c.default]
    for index in (i for i, name in defaults[1:]):
        issues.error(
            join(join(section, index), "default"), f"only one class may be the default; '{defaults[0][1]}' already is"
        )


def validate(data: object) -> tuple[StorageSpec | None, list[Issue]]:
    """Validate a spec document. Returns the model (None when there are errors) and every finding."""
    issues = Issues()
    spec = build(StorageSpec, data, "", issues)
    if issues.errors:
        return None, issues.items
    return spec, issues.items


def load(data: object) -> StorageSpec:
    """Validate and return the model, or raise SpecError carrying every error."""
    spec, found = validate(data)
    if spec is None:
        raise SpecError([i for i in found if i.severity == "error"])
    return spec
