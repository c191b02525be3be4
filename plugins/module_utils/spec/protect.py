"""The ``protect`` section: Trident protect's installation, AppVaults, Applications and Schedules.

Facts (field names, allowed values, granularity rules) come from the Trident protect documentation of
releases 24.10 to 26.06 (the project's API reference, section 6). Credentials are only ever referenced
(a Secret in the protect namespace, or the controller's IAM identity): the spec holds no secret value.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from . import checks
from .issues import Issues, join
from .schema import rule, spec_field

GROUP = "protect.trident.netapp.io"
DEFAULT_VERSION = "26.06.0"
OLDEST_RELEASE = "24.10"  # Trident protect first shipped with Trident 24.10
DEFAULT_NAMESPACE = "trident-protect"
DEFAULT_REGISTRY = "docker.io/netapp"
CONTROLLER_NAME = "trident-protect-controller-manager"

Provider = Literal["AWS", "Azure", "GCP", "GenericS3", "OntapS3", "StorageGridS3"]
S3_PROVIDERS = frozenset({"AWS", "GenericS3", "OntapS3", "StorageGridS3"})
ENDPOINT_REQUIRED = frozenset({"GenericS3", "OntapS3", "StorageGridS3"})
# providerCredentials keys each provider reads from the referenced Secret (the Secret's keys have these names).
CREDENTIAL_KEYS: Mapping[str, tuple[str, ...]] = {
    "s3": ("accessKeyID", "secretAccessKey"),
    "azure": ("accountKey",),
    "gcp": ("credentials",),
}
DataMover = Literal["Kopia", "Restic"]
ReclaimPolicy = Literal["Retain", "Delete"]
Granularity = Literal["Hourly", "Daily", "Weekly", "Monthly", "Custom"]
# Which time fields each granularity needs; the others must be empty (Custom uses recurrence_rule only).
GRANULARITY_FIELDS: Mapping[str, tuple[str, ...]] = {
    "Hourly": ("minute",),
    "Daily": ("minute", "hour"),
    "Weekly": ("minute", "hour", "day_of_week"),
    "Monthly": ("minute", "hour", "day_of_month"),
    "Custom": ("recurrence_rule",),
}
TIME_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "recurrence_rule")

_VERSION = re.compile(r"^(\d{2})\.(\d{2})\.(\d+)$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_ENDPOINT = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:\d{1,5})?$")
_LABEL_KEY = re.compile(r"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")


def protect_version(value: str) -> str | None:
    match = _VERSION.match(value)
    if not match:
        return f"{value!r} is not a Trident protect release (YY.MM.patch, e.g. {DEFAULT_VERSION})"
    if checks.release(value) < OLDEST_RELEASE:
        return f"Trident protect {value} does not exist: it first shipped with {OLDEST_RELEASE}"
    return None


def chart_version(version: str) -> str:
    """The Helm chart version of a release: '26.06.0' -> '100.2606.0'."""
    year, month, patch = version.split(".")
    return f"100.{year}{month}.{patch}"


def bucket_name(value: str) -> str | None:
    if not _BUCKET.match(value) or ".." in value:
        return f"{value!r} is not a valid bucket name (3 to 63 lower-case letters, digits, '.' and '-')"
    return None


def endpoint(value: str) -> str | None:
    if "://" in value:
        return f"{value!r}: give host[:port] without a scheme (set secure: false for plain HTTP)"
    if not _ENDPOINT.match(value):
        return f"{value!r} is not a host[:port]"
    return None


def label_keys(values: Mapping[str, str]) -> str | None:
    for key in values:
        if not _LABEL_KEY.match(key):
            return f"{key!r} is not a valid label key"
    return None


@dataclass(frozen=True, kw_only=True)
class Vault:
    name: str = spec_field("AppVault name (it lives in the protect namespace).", check=checks.dns_subdomain)
    provider: Provider = spec_field(
        "Object store type (providerType): AWS (Amazon S3), Azure, GCP, GenericS3, OntapS3 or StorageGridS3."
    )
    bucket: str = spec_field("Bucket (Azure: container) holding the backups.", check=bucket_name)
    endpoint: str | None = spec_field(
        "S3 endpoint as host[:port], no scheme. Required for GenericS3, OntapS3 and StorageGridS3; "
        "AWS defaults to s3.amazonaws.com (s3.<region>.amazonaws.com with region).",
        default=None,
        check=endpoint,
    )
    region: str | None = spec_field("AWS region of the bucket (AWS only).", default=None)
    secure: bool = spec_field("Use HTTPS to reach the endpoint (S3 providers).", default=True)
    skip_cert_validation: bool = spec_field(
        "Do not verify the endpoint's TLS certificate (S3 providers).", default=False
    )
    credentials_secret: str | None = spec_field(
        "Name of an existing Secret in the protect namespace holding the provider's keys: accessKeyID and "
        "secretAccessKey (S3 providers), accountKey (Azure), credentials (GCP, the service account JSON). "
        "Referenced only: tridentops never writes it nor shows its values.",
        default=None,
        check=checks.dns_subdomain,
    )
    use_iam: bool = spec_field(
        "AWS only: the protect controller reaches the bucket with its own IAM identity (EKS Pod Identity or "
        "IRSA) instead of a Secret.",
        default=False,
    )
    account_name: str | None = spec_field("Azure storage account name (Azure only).", default=None)
    project_id: str | None = spec_field("Google Cloud project id (GCP only).", default=None)
    data_mover_password_secret: str | None = spec_field(
        "Secret holding the Kopia/Restic repository password (dataMoverPasswordSecretRef); Trident protect "
        "creates a default one when omitted.",
        default=None,
        check=checks.dns_subdomain,
    )

    @property
    def config_key(self) -> str:
        """The providerConfig block this provider uses."""
        if self.provider in S3_PROVIDERS:
            return "s3"
        return "azure" if self.provider == "Azure" else "gcp"

    @rule("provider", "credentials_secret", "use_iam")
    def _credentials(self, path: str, issues: Issues) -> None:
        if self.use_iam and self.provider != "AWS":
            issues.error(join(path, "use_iam"), f"only works with provider AWS, not {self.provider}")
        elif self.use_iam and self.credentials_secret is not None:
            issues.error(join(path, "credentials_secret"), "give either credentials_secret or use_iam, not both")
        elif not self.use_iam and self.credentials_secret is None:
            hint = " (or use_iam: true)" if self.provider == "AWS" else ""
            issues.error(join(path, "credentials_secret"), f"is required{hint}: the Secret with the provider's keys")

    @rule("provider", "endpoint", "region", "secure", "skip_cert_validation")
    def _provider_fields(self, path: str, issues: Issues) -> None:
        if self.provider in ENDPOINT_REQUIRED and self.endpoint is None:
            issues.error(join(path, "endpoint"), f"is required for provider {self.provider}")
        if self.provider not in S3_PROVIDERS:
            for name in ("endpoint",):
                if getattr(self, name) is not None:
                    issues.error(join(path, name), f"only applies to S3 providers, not {self.provider}")
            if not self.secure or self.skip_cert_validation:
                issues.error(join(path, "secure"), "secure and skip_cert_validation only apply to S3 providers")
        if self.region is not None and self.provider != "AWS":
            issues.error(join(path, "region"), f"only applies to provider AWS, not {self.provider}")

    @rule("provider", "account_name", "project_id")
    def _cloud_fields(self, path: str, issues: Issues) -> None:
        for name, provider in (("account_name", "Azure"), ("project_id", "GCP")):
            value = getattr(self, name)
            if self.provider == provider and value is None:
                issues.error(join(path, name), f"is required for provider {provider}")
            elif self.provider != provider and value is not None:
                issues.error(join(path, name), f"only applies to provider {provider}")


@dataclass(frozen=True, kw_only=True)
class LabelRequirement:
    key: str = spec_field("Label key.")
    operator: Literal["In", "NotIn", "Exists", "DoesNotExist"] = spec_field("How the key's value is compared.")
    values: tuple[str, ...] = spec_field("Values for In and NotIn.", factory=tuple)

    @rule("operator", "values")
    def _values(self, path: str, issues: Issues) -> None:
        if self.operator in ("In", "NotIn") and not self.values:
            issues.error(join(path, "values"), f"must list at least one value with operator {self.operator}")
        if self.operator in ("Exists", "DoesNotExist") and self.values:
            issues.error(join(path, "values"), f"must be empty with operator {self.operator}")


@dataclass(frozen=True, kw_only=True)
class IncludedNamespace:
    namespace: str = spec_field("Namespace holding (part of) the application.", check=checks.dns_label)
    match_labels: Mapping[str, str] = spec_field(
        "Only resources with these labels (labelSelector.matchLabels); empty: all of the namespace.",
        factory=dict,
        check=label_keys,
    )
    match_expressions: tuple[LabelRequirement, ...] = spec_field(
        "Further label requirements (labelSelector.matchExpressions).", factory=tuple
    )

    def selected(self, labels: Mapping[str, str]) -> bool:
        """Whether a resource with ``labels`` belongs to the application (Kubernetes label selector rules)."""
        if any(labels.get(k) != v for k, v in self.match_labels.items()):
            return False
        for req in self.match_expressions:
            present = req.key in labels
            if req.operator == "In" and labels.get(req.key) not in req.values:
                return False
            if req.operator == "NotIn" and present and labels[req.key] in req.values:
                return False
            if req.operator == "Exists" and not present:
                return False
            if req.operator == "DoesNotExist" and present:
                return False
        return True


@dataclass(frozen=True, kw_only=True)
class Application:
    name: str = spec_field("Application name (metadata.name of the Application).", check=checks.dns_subdomain)
    namespace: str = spec_field(
        "Namespace the Application lives in: the application's own namespace (snapshots, backups and "
        "schedules of it go there too).",
        check=checks.dns_label,
    )
    included_namespaces: tuple[IncludedNamespace, ...] = spec_field(
        "Namespaces (with optional label selectors) that make up the application; they must include its own "
        "namespace. Empty: the application's namespace, whole.",
        factory=tuple,
    )

    @property
    def namespaces(self) -> tuple[IncludedNamespace, ...]:
        return self.included_namespaces or (IncludedNamespace(namespace=self.namespace),)

    @rule("namespace", "included_namespaces")
    def _own_namespace_included(self, path: str, issues: Issues) -> None:
        listed = [n.namespace for n in self.included_namespaces]
        if listed and self.namespace not in listed:
            issues.error(
                join(path, "included_namespaces"),
                f"must include the application's own namespace '{self.namespace}' (Trident protect requires it)",
            )
        for index, name in enumerate(listed):
            if name in listed[:index]:
                issues.error(
                    join(join(path, "included_namespaces"), index),
                    f"namespace '{name}' is already listed; put all its selectors in one entry",
                )


def _minute(value: int) -> str | None:
    return None if 0 <= value <= 59 else f"{value} is out of range; Trident protect accepts 0 to 59"


def _hour(value: int) -> str | None:
    return None if 0 <= value <= 23 else f"{value} is out of range; Trident protect accepts 0 to 23"


def _day_of_week(value: int) -> str | None:
    return None if 0 <= value <= 7 else f"{value} is out of range; Trident protect accepts 0 to 7 (0 and 7: Sunday)"


def _day_of_month(value: int) -> str | None:
    return None if 1 <= value <= 31 else f"{value} is out of range; Trident protect accepts 1 to 31"


def _retention(value: int) -> str | None:
    return None if 0 <= value <= 10_000 else f"{value} is out of range (0 to 10000)"


def _recurrence(value: str) -> str | None:
    if "RRULE:" not in value:
        return "must be an iCalendar rule with an RRULE line, e.g. 'DTSTART:20250106T000100Z\\nRRULE:FREQ=HOURLY'"
    return None


@dataclass(frozen=True, kw_only=True)
class Schedule:
    name: str = spec_field("Schedule name (in the application's namespace).", check=checks.dns_subdomain)
    application: str = spec_field("Name of the Application to protect.", check=checks.dns_subdomain)
    vault: str = spec_field("Name of the AppVault backups go to.", check=checks.dns_subdomain)
    granularity: Granularity = spec_field(
        "How often: Hourly (needs minute), Daily (minute, hour), Weekly (minute, hour, day_of_week), "
        "Monthly (minute, hour, day_of_month), Custom (recurrence_rule)."
    )
    minute: int | None = spec_field("Minute of the hour (0 to 59).", default=None, check=_minute)
    hour: int | None = spec_field("Hour of the day, UTC (0 to 23).", default=None, check=_hour)
    day_of_week: int | None = spec_field(
        "Day of the week (0 to 7; 0 and 7 are Sunday).", default=None, check=_day_of_week
    )
    day_of_month: int | None = spec_field("Day of the month (1 to 31).", default=None, check=_day_of_month)
    recurrence_rule: str | None = spec_field(
        "Custom only: iCalendar DTSTART and RRULE lines separated by a newline (DTSTART:20250106T000100Z, then "
        "RRULE:FREQ=MINUTELY;INTERVAL=30).",
        default=None,
        check=_recurrence,
    )
    backup_retention: int = spec_field("Backups to keep; 0 takes snapshots only.", default=3, check=_retention)
    snapshot_retention: int = spec_field("Snapshots to keep.", default=3, check=_retention)
    data_mover: DataMover = spec_field("Data mover for backups.", default="Kopia")
    backup_reclaim_policy: ReclaimPolicy = spec_field(
        "Whether a backup's data goes when its Backup resource is deleted.", default="Retain"
    )
    snapshot_reclaim_policy: ReclaimPolicy = spec_field(
        "Whether a snapshot's data goes when its Snapshot resource is deleted.", default="Delete"
    )
    enabled: bool = spec_field("Run the schedule (false pauses it).", default=True)

    @rule(*TIME_FIELDS, "granularity")
    def _granularity_fields(self, path: str, issues: Issues) -> None:
        needed = GRANULARITY_FIELDS[self.granularity]
        for name in TIME_FIELDS:
            value = getattr(self, name)
            if name in needed and value is None:
                issues.error(join(path, name), f"is required with granularity {self.granularity}")
            elif name not in needed and value is not None:
                allowed = ", ".join(needed)
                issues.error(join(path, name), f"does not apply to granularity {self.granularity} (it uses {allowed})")

    @rule("backup_retention", "snapshot_retention")
    def _keeps_something(self, path: str, issues: Issues) -> None:
        if self.backup_retention == 0 and self.snapshot_retention == 0:
            issues.error(join(path, "snapshot_retention"), "with backup_retention 0 too the schedule keeps nothing")


@dataclass(frozen=True, kw_only=True)
class ProtectSpec:
    version: str = spec_field(
        "Trident protect release (YY.MM.patch); pins the controller image (and the Helm chart 100.YYMM.patch).",
        default=DEFAULT_VERSION,
        check=protect_version,
    )
    namespace: str = spec_field(
        "Namespace Trident protect runs in; AppVaults and their credential Secrets live here.",
        default=DEFAULT_NAMESPACE,
        check=checks.dns_label,
    )
    install_method: Literal["manifests", "external"] = spec_field(
        "manifests: tridentops applies the chart's objects of the pinned release (namespace, CRDs, RBAC, "
        "controller Deployment). external: Trident protect is installed by other means (its Helm chart); "
        "tridentops only manages vaults, applications and schedules, once protect's CRDs are registered.",
        default="manifests",
    )
    cluster_name: str | None = spec_field(
        "Name of this cluster for Trident protect (the chart's clusterName). Required with install_method manifests.",
        default=None,
        check=checks.dns_subdomain,
    )
    image_registry: str | None = spec_field(
        "Registry mirroring docker.io/netapp's protect images (air-gapped installs).", default=None
    )
    image_pull_secrets: tuple[str, ...] = spec_field(
        "Secrets (in the protect namespace) used to pull images.", factory=tuple, check=checks.dns_names
    )
    vaults: tuple[Vault, ...] = spec_field("AppVaults: the buckets backups go to.", factory=tuple)
    applications: tuple[Application, ...] = spec_field(
        "Applications Trident protect manages (namespaces and label selectors).", factory=tuple
    )
    schedules: tuple[Schedule, ...] = spec_field("Scheduled snapshots and backups of the applications.", factory=tuple)

    def application(self, name: str) -> Application | None:
        return next((a for a in self.applications if a.name == name), None)

    @rule("install_method", "cluster_name")
    def _cluster_name(self, path: str, issues: Issues) -> None:
        if self.install_method == "manifests" and self.cluster_name is None:
            issues.error(
                join(path, "cluster_name"), "is required with install_method manifests (the chart's clusterName)"
            )

    @rule("vaults", "applications", "schedules")
    def _names_and_references(self, path: str, issues: Issues) -> None:
        _unique(issues, join(path, "vaults"), [(v.name, v.name) for v in self.vaults])
        _unique(issues, join(path, "applications"), [((a.namespace, a.name), a.name) for a in self.applications])
        vaults = {v.name for v in self.vaults}
        apps = {a.name: a for a in self.applications}
        for name in {a.name for a in self.applications}:
            spaces = sorted({a.namespace for a in self.applications if a.name == name})
            if len(spaces) > 1:
                issues.error(
                    join(path, "applications"),
                    f"application name '{name}' is used in {', '.join(spaces)}: schedules refer to applications "
                    "by name, so names must be unique",
                )
        # An entry with errors is left out of its list; a reference to it is not reported a second time.
        apps_complete = not _has_errors(issues, join(path, "applications"))
        vaults_complete = not _has_errors(issues, join(path, "vaults"))
        keys = []
        for index, schedule in enumerate(self.schedules):
            where = join(join(path, "schedules"), index)
            app = apps.get(schedule.application)
            if app is None and apps_complete:
                known = ", ".join(sorted(apps)) or "none defined"
                issues.error(join(where, "application"), f"'{schedule.application}' is not in applications ({known})")
            if schedule.vault not in vaults and vaults_complete:
                known = ", ".join(sorted(vaults)) or "none defined"
                issues.error(join(where, "vault"), f"'{schedule.vault}' is not in vaults ({known})")
            keys.append(((app.namespace if app else "", schedule.name), schedule.name))
        _unique(issues, join(path, "schedules"), keys)


def _has_errors(issues: Issues, path: str) -> bool:
    return any(i.severity == "error" and i.path.startswith((path + ".", path + "[")) for i in issues.items)


def _unique(issues: Issues, path: str, keys: Sequence[tuple[Hashable, str]]) -> None:
    seen: dict[Hashable, int] = {}
    for index, (key, name) in enumerate(keys):
        if key in seen:
            issues.error(join(join(path, index), "name"), f"name '{name}' is already used by {path}[{seen[key]}]")
        else:
            seen[key] = index
