"""The ``backends`` section: one TridentBackendConfig per entry, with its credentials."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

from . import checks, facts, metadata
from .issues import Issues, join
from .schema import rule, spec_field

DefaultValue: TypeAlias = "str | bool | int"

# Suffix of the Secret tridentops renders for inline credentials; Secret names are limited to 253 characters.
SECRET_SUFFIX = "-credentials"
MAX_NAME = 253


# The credentials a backend may carry inline: spec field -> the key of Trident's credentials Secret. One table
# for the Secret tridentops renders and for the policy that finds credentials left in plain text.
INLINE_CREDENTIALS: dict[str, str] = {
    "username": "username",
    "password": "password",
    "client_private_key": "clientPrivateKey",
    "chap_username": "chapUsername",
    "chap_initiator_secret": "chapInitiatorSecret",
    "chap_target_username": "chapTargetUsername",
    "chap_target_initiator_secret": "chapTargetInitiatorSecret",
}
_SPEC_FIELDS = {key: field for field, key in INLINE_CREDENTIALS.items()}


@dataclass(frozen=True, kw_only=True)
class Credentials:
    """Where the backend's ONTAP credentials come from.

    Three forms: ``name`` alone refers to an existing Secret in the Trident namespace;
    inline values (username/password, or client_private_key for certificate auth) make
    tridentops render that Secret; ``type: awsarn`` with ``name`` set to an AWS Secrets
    Manager ARN (FSx for NetApp ONTAP) lets Trident read them from AWS.
    """

    name: str | None = spec_field(
        "An existing Secret's name (type secret), the Secret to render (with inline values), "
        "or a Secrets Manager ARN (type awsarn).",
        default=None,
    )
    type: Literal["secret", "awsarn"] | None = spec_field(
        "Kind of reference Trident resolves. Left out, Trident reads a Kubernetes Secret (as with secret), and the "
        "TridentBackendConfig's credentials carry no type key; set secret to write it.",
        default=None,
    )
    username: str | None = spec_field("ONTAP user (SVM-scoped vsadmin or cluster admin).", default=None, secret=True)
    password: str | None = spec_field("Password of that user.", default=None, secret=True)
    client_private_key: str | None = spec_field(
        "Base64 private key for certificate authentication.", default=None, secret=True
    )
    chap_username: str | None = spec_field("iSCSI CHAP user (use_chap).", default=None, secret=True)
    chap_initiator_secret: str | None = spec_field("iSCSI CHAP initiator secret.", default=None, secret=True)
    chap_target_username: str | None = spec_field("iSCSI CHAP target user.", default=None, secret=True)
    chap_target_initiator_secret: str | None = spec_field("iSCSI CHAP target secret.", default=None, secret=True)

    @property
    def inline(self) -> dict[str, str]:
        """Secret keys as Trident reads them, for the Secret tridentops renders."""
        values = {key: getattr(self, field) for field, key in INLINE_CREDENTIALS.items()}
        return {k: v for k, v in values.items() if v is not None}

    @property
    def has_chap(self) -> bool:
        return all(
            v is not None
            for v in (
                self.chap_username,
                self.chap_initiator_secret,
                self.chap_target_username,
                self.chap_target_initiator_secret,
            )
        )

    @rule("name", "type", *INLINE_CREDENTIALS)
    def _one_consistent_source(self, path: str, issues: Issues) -> None:
        inline = self.inline
        if self.type == "awsarn":
            # A missing name is judged by Backend._awsarn_needs_fsx: a backend naming the spec's own file system
            # gets its SVM's secret ARN from resolve.
            if self.name is not None and not checks.secrets_manager_arn(self.name):
                issues.error(
                    join(path, "name"),
                    "with type awsarn must be a Secrets Manager ARN "
                    "(arn:aws:secretsmanager:<region>:<account>:secret:<name>)",
                )
            if inline:
                issues.error(
                    path,
                    "type awsarn reads the credentials from AWS Secrets Manager; "
                    f"remove the inline {', '.join(sorted(_SPEC_FIELDS[k] for k in inline))}",
                )
            return
        if self.name is not None:
            message = checks.dns_subdomain(self.name)
            if message:
                issues.error(join(path, "name"), message)
        if not inline and self.name is None:
            issues.error(
                path,
                "give name (an existing Secret), inline username and password, "
                "or type: awsarn with a Secrets Manager ARN",
            )
            return
        has_user = self.username is not None or self.password is not None
        if has_user and (self.username is None or self.password is None):
            missing = "password" if self.password is None else "username"
            issues.error(join(path, missing), f"is required with {'username' if missing == 'password' else 'password'}")
        if has_user and self.client_private_key is not None:
            issues.error(
                path,
                "give either username/password or client_private_key, not both "
                "(Trident fails to initialise a backend with more than one authentication method)",
            )
        chap = [
            self.chap_username,
            self.chap_initiator_secret,
            self.chap_target_username,
            self.chap_target_initiator_secret,
        ]
        if any(v is not None for v in chap) and not all(v is not None for v in chap):
            issues.error(
                path,
                "CHAP needs all four of chap_username, chap_initiator_secret, "
                "chap_target_username and chap_target_initiator_secret",
            )
        if inline and not has_user and self.client_private_key is None:
            issues.error(path, "inline credentials need username and password, or client_private_key")


@dataclass(frozen=True, kw_only=True)
class AwsBackend:
    fsx_filesystem_id: str | None = spec_field(
        "Amazon FSx for NetApp ONTAP file system id; Trident finds the SVM's management LIF from it.",
        default=None,
        check=checks.fsx_filesystem_id,
    )
    file_system: str | None = spec_field(
        "Instead of fsx_filesystem_id: the name of the spec's aws.file_system, whose id (and SVM, credentials "
        "secret, region) tridentops fills in once the file system exists.",
        default=None,
    )
    api_region: str | None = spec_field("AWS region of the file system (defaults to Trident's).", default=None)
    api_key: str | None = spec_field(
        "Static AWS access key id (apiKey) Trident uses for the FSx API instead of its pod's IAM role. It is "
        "written into the TridentBackendConfig itself: prefer the role.",
        default=None,
        secret=True,
    )
    secret_key: str | None = spec_field(
        "Static AWS secret access key (secretKey) paired with api_key.", default=None, secret=True
    )

    @rule("fsx_filesystem_id", "file_system")
    def _one_file_system(self, path: str, issues: Issues) -> None:
        if (self.fsx_filesystem_id is None) == (self.file_system is None):
            issues.error(path, "give fsx_filesystem_id or file_system (the spec's aws.file_system), one of them")

    @rule("api_key", "secret_key")
    def _key_pair(self, path: str, issues: Issues) -> None:
        # Trident builds static credentials from both (aws_common.go@v26.06.0:104); one alone is no credential.
        if (self.api_key is None) != (self.secret_key is None):
            missing = "secret_key" if self.secret_key is None else "api_key"
            issues.error(
                join(path, missing), "is required with " + ("api_key" if missing == "secret_key" else "secret_key")
            )


@dataclass(frozen=True, kw_only=True)
class Limits:
    volume_size: str | None = spec_field(
        "Largest volume Trident may create (limitVolumeSize), as Trident reads sizes: an integer with an optional "
        "unit, any case; k/m/g/t with or without i are binary (50G is 50 GiB), kb/mb/gb/tb decimal.",
        default=None,
        check=checks.trident_size,
    )
    volume_pool_size: str | None = spec_field(
        "Largest FlexVol for economy drivers (limitVolumePoolSize); same size grammar as volume_size.",
        default=None,
        check=checks.trident_size,
    )
    aggregate_usage: int | str | None = spec_field(
        "Refuse new volumes above this aggregate usage percentage (limitAggregateUsage; not for FSx). An integer "
        "is written with '%' (80 -> '80%'); a string (80, 80%, 80.5%) is written as given.",
        default=None,
        check=checks.aggregate_usage,
    )
    qtrees_per_flexvol: int | None = spec_field(
        "Qtrees per FlexVol, ontap-nas-economy only.", default=None, check=checks.in_range(*facts.QTREES_PER_FLEXVOL)
    )
    luns_per_flexvol: int | None = spec_field(
        "LUNs per FlexVol, ontap-san-economy only.", default=None, check=checks.in_range(*facts.LUNS_PER_FLEXVOL)
    )
    deny_new_volume_pools: bool | str | None = spec_field(
        "Economy drivers: only reuse existing FlexVols (denyNewVolumePools, Trident 24.10+). A string is one of "
        "Go's boolean spellings (true, false, 1, 0, t, f, ...) and is written as given.",
        default=None,
        check=checks.string_bool,
    )


@dataclass(frozen=True, kw_only=True)
class VirtualPool:
    labels: Mapping[str, str] = spec_field("Labels the pool offers to StorageClass selectors.", factory=dict)
    region: str | None = spec_field("Topology region the pool serves.", default=None)
    zone: str | None = spec_field("Topology zone the pool serves.", default=None)
    supported_topologies: tuple[Mapping[str, str], ...] = spec_field(
        "CSI topology segments (topology.kubernetes.io/region and /zone).", factory=tuple
    )
    defaults: Mapping[str, DefaultValue] = spec_field(
        "Volume defaults for this pool, with Trident's names (spaceReserve, snapshotPolicy, encryption, ...).",
        factory=dict,
    )
    smb_share: str | None = spec_field(
        "smbShare of this pool (NAS drivers). Trident 26.06 parses it but uses the backend's smb_share only.",
        default=None,
    )
    use_balanced_placement: bool | str | None = spec_field(
        "useBalancedPlacement for this pool (Trident 26.06+); overrides the backend's. true lets ONTAP place "
        "volumes (REST only, not with aggregate or flexgroup_aggregate_list). A string is one of Go's boolean "
        "spellings, written as given.",
        default=None,
        check=checks.string_bool,
    )
    nas_type: str | None = spec_field(
        "nasType this pool offers instead of the backend's (Trident up to 26.02; 26.06 ignores a pool's nasType). "
        "Only 'smb' selects SMB, as in Trident.",
        default=None,
    )
    san_type: str | None = spec_field(
        "sanType of this pool (Trident up to 26.02, which refuses a pool whose sanType differs from the "
        "backend's; 26.06 ignores it). Any case, as Trident lower-cases it.",
        default=None,
        check=checks.one_of_any_case("iscsi", "nvme", "fcp"),
    )

    @rule("defaults")
    def _defaults(self, path: str, issues: Issues) -> None:
        check_defaults(self.defaults, join(path, "defaults"), issues)

    @rule("supported_topologies")
    def _topologies(self, path: str, issues: Issues) -> None:
        check_topologies(self.supported_topologies, join(path, "supported_topologies"), issues)


@dataclass(frozen=True, kw_only=True)
class Backend:
    name: str = spec_field(
        "TridentBackendConfig name (and Trident backend name unless backend_name is set).", check=checks.dns_subdomain
    )
    driver: facts.Driver = spec_field("Trident storage driver (storageDriverName).")
    backend_name: str | None = spec_field(
        "Trident's backend name (backendName). Left out, the TridentBackendConfig has no backendName and Trident "
        "names the backend after the TridentBackendConfig (name). Set it to keep the name of a backend created "
        "another way (tridentctl names them after the driver and data LIF, e.g. ontapnas_10.0.0.2).",
        default=None,
        check=checks.backend_name,
    )
    management_lif: str | None = spec_field(
        "Cluster or SVM management LIF (IP, [IPv6] or DNS name), optionally with ':port' as Trident takes it "
        "(written as given). Optional with aws.fsx_filesystem_id.",
        default=None,
        check=checks.host_port,
    )
    data_lif: str | None = spec_field(
        "NAS data LIF. Not for SAN (Trident uses Selective LUN Map).", default=None, check=checks.host
    )
    svm: str | None = spec_field(
        "SVM name; derived from an SVM management LIF when omitted.", default=None, check=checks.svm_name
    )
    credentials: Credentials = spec_field("Credentials: an existing Secret, inline values, or a Secrets Manager ARN.")
    aws: AwsBackend | None = spec_field("Amazon FSx for NetApp ONTAP connection.", default=None)
    nas_type: facts.NasType | None = spec_field("NAS protocol (NAS drivers).", default=None)
    san_type: str | None = spec_field(
        "SAN protocol (SAN drivers): iscsi, nvme or fcp (Trident 24.10+), in any case, as Trident lower-cases it "
        "(written as given). Trident's default is iscsi.",
        default=None,
        check=checks.one_of_any_case("iscsi", "nvme", "fcp"),
    )
    use_rest: bool | None = spec_field("Force ONTAP REST (true) or ZAPI (false).", default=None)
    use_chap: bool | None = spec_field("Bidirectional CHAP for iSCSI (SAN drivers).", default=None)
    smb_share: str | None = spec_field("SMB share (nas_type smb).", default=None)
    nfs_mount_options: str | None = spec_field("NFS mount options when the class sets none.", default=None)
    auto_export_policy: bool | None = spec_field("Let Trident manage export policies.", default=None)
    auto_export_cidrs: tuple[str, ...] = spec_field("CIDRs auto export policies admit.", factory=tuple)
    storage_prefix: str | None = spec_field("Prefix of volume names on the array; cannot change later.", default=None)
    aggregate: str | None = spec_field("Aggregate to provision in.", default=None)
    flexgroup_aggregate_list: tuple[str, ...] = spec_field("Aggregates for FlexGroups.", factory=tuple)
    limits: Limits = spec_field("Size and density limits.", factory=Limits)
    labels: Mapping[str, str] = spec_field("Labels every pool of this backend offers.", factory=dict)
    region: str | None = spec_field("Topology region.", default=None)
    zone: str | None = spec_field("Topology zone.", default=None)
    supported_topologies: tuple[Mapping[str, str], ...] = spec_field("CSI topology segments.", factory=tuple)
    defaults: Mapping[str, DefaultValue] = spec_field("Volume defaults, with Trident's names.", factory=dict)
    virtual_pools: tuple[VirtualPool, ...] = spec_field("Virtual pools (Trident's storage list).", factory=tuple)
    deletion_policy: str | None = spec_field(
        "delete or retain (any case, as Trident reads it): retain keeps the Trident backend when the "
        "TridentBackendConfig is deleted. Left out, the TridentBackendConfig has no deletionPolicy and Trident "
        "deletes the backend with it (as delete).",
        default=None,
        check=checks.one_of_any_case("delete", "retain"),
    )
    replication_policy: str | None = spec_field("SnapMirror policy for mirror relationships.", default=None)
    replication_schedule: str | None = spec_field("SnapMirror schedule for mirror relationships.", default=None)
    client_certificate: str | None = spec_field("Base64 client certificate (certificate auth).", default=None)
    trusted_ca_certificate: str | None = spec_field("Base64 CA certificate that signed the array's.", default=None)
    user_state: str | None = spec_field(
        "normal or suspended (any case, as Trident lower-cases it); suspended: no new volumes.",
        default=None,
        check=checks.one_of_any_case("normal", "suspended"),
    )
    igroup_name: str | None = spec_field(
        "igroupName (SAN drivers). Trident's CSI plugin ignores it with a warning and makes per-node igroups; "
        "kept so an existing backend that sets it renders unchanged.",
        default=None,
    )
    usage_heartbeat: str | None = spec_field(
        "usageHeartbeat: hours between the EMS usage heartbeats Trident sends to ONTAP, a number as Go's "
        "ParseFloat reads it (Trident's default 24; 0 or less sends none).",
        default=None,
    )
    clone_split_delay: str | None = spec_field(
        "cloneSplitDelay: seconds before Trident splits a clone from its snapshot, a positive integer "
        "(Trident's default 86400; Trident refuses the backend otherwise).",
        default=None,
    )
    qtree_prune_flexvols_period: str | None = spec_field(
        "qtreePruneFlexvolsPeriod (ontap-nas-economy): seconds between prunes of empty FlexVols, a positive "
        "integer (Trident's default 600).",
        default=None,
    )
    qtree_quota_resize_period: str | None = spec_field(
        "qtreeQuotaResizePeriod (ontap-nas-economy): seconds between FlexVol resizes to fit the qtree quotas, a "
        "positive integer (Trident's default 60).",
        default=None,
    )
    empty_flexvol_deferred_delete_period: str | None = spec_field(
        "emptyFlexvolDeferredDeletePeriod (ontap-nas-economy): seconds an empty FlexVol stays before it is "
        "deleted, an integer of 0 or more (Trident's default 28800).",
        default=None,
    )
    use_balanced_placement: bool | str | None = spec_field(
        "useBalancedPlacement (Trident 26.06+): true lets ONTAP place volumes (REST only, not with aggregate or "
        "flexgroup_aggregate_list); Trident's default is false, true on AFX. A string is one of Go's boolean "
        "spellings, written as given.",
        default=None,
        check=checks.string_bool,
    )
    debug_trace_flags: Mapping[str, bool] = spec_field(
        "debugTraceFlags: extra driver logging by topic, e.g. {api: true, method: true}.", factory=dict
    )
    object_labels: Mapping[str, str] = spec_field(
        "Labels of the TridentBackendConfig object itself (e.g. a team label), merged with the labels tridentops "
        "adds; not the pools' labels (labels) nor the credentials Secret's. tridentops' own labels are refused.",
        factory=dict,
        check=metadata.valid_labels,
    )
    object_annotations: Mapping[str, str] = spec_field(
        "Annotations of the TridentBackendConfig object (e.g. argocd.argoproj.io/sync-wave), kept as written. "
        "tridentops.io/ keys, kubectl's last-applied configuration and Helm's release annotations are refused.",
        factory=dict,
        check=metadata.valid_annotations,
    )

    @property
    def trident_name(self) -> str:
        """The name Trident gives the backend: backendName, else the TridentBackendConfig's name (Trident fills an
        absent backendName with metadata.name, backendconfig.go@v26.06.0:113-118)."""
        return self.backend_name or self.name

    @property
    def san_protocol(self) -> str | None:
        """san_type as Trident reads it (lower-cased, ontap_factory.go@v26.06.0:213-233); None when not set."""
        return self.san_type.lower() if self.san_type is not None else None

    @property
    def is_fsx(self) -> bool:
        return self.aws is not None

    @property
    def refers_to_spec_fsx(self) -> bool:
        """The backend names the spec's aws.file_system instead of an id (filled in by resolve)."""
        return self.aws is not None and self.aws.file_system is not None

    @property
    def is_san(self) -> bool:
        return self.driver in facts.SAN_DRIVERS

    @property
    def secret_name(self) -> str | None:
        """The Kubernetes Secret this backend references (rendered or existing), None for awsarn."""
        if self.credentials.type == "awsarn":
            return None
        return self.credentials.name or f"{self.name}{SECRET_SUFFIX}"

    @property
    def pool_defaults(self) -> list[tuple[str, Mapping[str, DefaultValue]]]:
        """Each defaults section with its path suffix: the backend's, then every virtual pool's."""
        return [("defaults", self.defaults)] + [
            (f"virtual_pools[{i}].defaults", pool.defaults) for i, pool in enumerate(self.virtual_pools)
        ]

    @rule("name", "credentials")
    def _rendered_secret_name_fits(self, path: str, issues: Issues) -> None:
        if self.credentials.type == "awsarn" or self.credentials.name is not None or not self.credentials.inline:
            return
        if len(self.name) + len(SECRET_SUFFIX) > MAX_NAME:
            issues.error(
                join(path, "name"),
                f"is {len(self.name)} characters: the rendered Secret <name>{SECRET_SUFFIX} would exceed Kubernetes' "
                f"{MAX_NAME}; use at most {MAX_NAME - len(SECRET_SUFFIX)} or set credentials.name",
            )

    @rule("object_labels", "object_annotations")
    def _object_metadata(self, path: str, issues: Issues) -> None:
        metadata.check_reserved(
            self.object_labels,
            self.object_annotations,
            path,
            issues,
            labels_field="object_labels",
            annotations_field="object_annotations",
        )

    @rule("management_lif", "aws")
    def _needs_a_management_lif(self, path: str, issues: Issues) -> None:
        if self.management_lif is None and not self.is_fsx:
            issues.error(
                join(path, "management_lif"), "is required (or set aws.fsx_filesystem_id for FSx for NetApp ONTAP)"
            )

    @rule("credentials", "aws")
    def _awsarn_needs_fsx(self, path: str, issues: Issues) -> None:
        if self.credentials.type == "awsarn" and not self.is_fsx:
            issues.error(
                join(path, "credentials.type"),
                "awsarn only works with aws.fsx_filesystem_id; Trident ignores the ARN otherwise",
            )
        elif self.credentials.type == "awsarn" and self.credentials.name is None and not self.refers_to_spec_fsx:
            issues.error(
                join(path, "credentials.name"),
                "with type awsarn must be a Secrets Manager ARN "
                "(arn:aws:secretsmanager:<region>:<account>:secret:<name>); it may be left out only when "
                "aws.file_system refers to the spec's file system (its SVM's secret is used)",
            )

    @rule(
        "driver",
        "nas_type",
        "smb_share",
        "nfs_mount_options",
        "auto_export_policy",
        "san_type",
        "use_chap",
        "igroup_name",
        "virtual_pools",
    )
    def _protocol_options_match_the_driver(self, path: str, issues: Issues) -> None:
        wrong = (
            ("nas_type", "smb_share", "nfs_mount_options", "auto_export_policy")
            if self.is_san
            else ("san_type", "use_chap", "igroup_name")
        )
        kind = "NAS" if self.is_san else "SAN"
        for name in wrong:
            if getattr(self, name) is not None:
                issues.error(join(path, name), f"only applies to {kind} drivers, not {self.driver}")
        for index, pool in enumerate(self.virtual_pools):
            for name in ("nas_type", "smb_share") if self.is_san else ("san_type",):
                if getattr(pool, name) is not None:
                    where = join(join(join(path, "virtual_pools"), index), name)
                    issues.error(where, f"only applies to {kind} drivers, not {self.driver}")

    @rule("driver", "igroup_name")
    def _csi_ignores_igroup_name(self, path: str, issues: Issues) -> None:
        # A warning, as in Trident: "Specifying an igroup is no longer supported for SAN backends in a CSI
        # environment" (ontap_common.go@v26.06.0:1888-1894); the backend works with per-node igroups.
        if self.is_san and self.igroup_name is not None:
            issues.warn(
                join(path, "igroup_name"),
                "Trident's CSI plugin ignores igroupName (it makes an igroup per node) and logs a warning",
            )

    @rule("driver", "qtree_prune_flexvols_period", "qtree_quota_resize_period", "empty_flexvol_deferred_delete_period")
    def _economy_periods(self, path: str, issues: Issues) -> None:
        # NewPruneTask/NewResizeTask (ontap_nas_qtree.go@v26.06.0:2684-2734) read them with ToPositiveInt64/
        # ToPositiveInt: a value they cannot read is replaced by the default with a warning. 0 passes that parser
        # but becomes time.NewTicker(0) for the two tickers, which panics; the deferred delete period is no ticker.
        periods = (
            ("qtree_prune_flexvols_period", 1),
            ("qtree_quota_resize_period", 1),
            ("empty_flexvol_deferred_delete_period", 0),
        )
        for name, low in periods:
            value = getattr(self, name)
            if value is None:
                continue
            where = join(path, name)
            if self.driver != "ontap-nas-economy":
                issues.error(where, f"only applies to ontap-nas-economy, not {self.driver}")
                continue
            number = checks.go_int(value)
            if number is None or number < 0:
                issues.error(
                    where, f"{value!r} is not a whole number of seconds; Trident would ignore it and use its default"
                )
            elif number < low:
                issues.error(where, f"{value!r}: must be at least {low} (Trident's timer cannot tick every 0 seconds)")

    @rule("clone_split_delay")
    def _clone_split_delay(self, path: str, issues: Issues) -> None:
        # PopulateConfigurationDefaults (ontap_common.go@v26.06.0:2106-2110): strconv.ParseInt, then > 0.
        value = self.clone_split_delay
        if value is not None and ((number := checks.go_int(value)) is None or number <= 0):
            issues.error(
                join(path, "clone_split_delay"),
                f"Trident refuses the backend: invalid value for cloneSplitDelay: {value} (a positive number of "
                "seconds)",
            )

    @rule("usage_heartbeat")
    def _usage_heartbeat(self, path: str, issues: Issues) -> None:
        # NewOntapTelemetry (ontap_common.go@v26.06.0:193-207): strconv.ParseFloat; an unreadable value is replaced
        # by 24 hours with a warning, so a mistake here would silently change nothing.
        if self.usage_heartbeat is not None and not checks.go_float(self.usage_heartbeat):
            issues.error(
                join(path, "usage_heartbeat"),
                f"{self.usage_heartbeat!r} is not a number of hours; Trident would ignore it and use 24",
            )

    @rule("use_balanced_placement", "virtual_pools", "aggregate", "flexgroup_aggregate_list", "use_rest")
    def _balanced_placement(self, path: str, issues: Issues) -> None:
        # ValidateStoragePools (ontap_common.go@v26.06.0:3487-3510): each pool's value (its own, else the
        # backend's) must parse; true needs REST and no explicit aggregate selection.
        pools = [("", self.use_balanced_placement)] + [
            (f"virtual_pools[{i}]", p.use_balanced_placement) for i, p in enumerate(self.virtual_pools)
        ]
        for where, value in pools:
            if value is None or default_string(value) not in facts.GO_TRUE:
                continue
            at = join(join(path, where) if where else path, "use_balanced_placement")
            if self.aggregate is not None:
                issues.error(
                    at,
                    "Trident refuses the backend: balanced placement may not be used with explicit "
                    "aggregate selection (remove aggregate)",
                )
            if self.flexgroup_aggregate_list:
                issues.error(
                    at,
                    "Trident refuses the backend: balanced placement may not be used with FlexGroup "
                    "aggregate selection (remove flexgroup_aggregate_list)",
                )
            if self.use_rest is False:
                issues.error(at, "Trident refuses the backend: balanced placement requires ONTAP REST API")

    @rule("driver", "san_type", "virtual_pools")
    def _pool_san_type_matches(self, path: str, issues: Issues) -> None:
        # Up to 26.02 Trident refuses a pool whose sanType differs: "trident does not support mixing of <pool> and
        # <backend> SAN types" (ontap_common.go@v26.02.0:3236-3243).
        backend = self.san_protocol or "iscsi"
        for index, pool in enumerate(self.virtual_pools):
            if self.is_san and pool.san_type is not None and pool.san_type.lower() != backend:
                issues.error(
                    join(join(join(path, "virtual_pools"), index), "san_type"),
                    f"Trident refuses the backend: trident does not support mixing of {pool.san_type.lower()} and "
                    f"{backend} SAN types",
                )

    @rule("driver", "san_type")
    def _economy_san_is_iscsi(self, path: str, issues: Issues) -> None:
        # Trident accepts the backend, but ontap-san-economy looks up iSCSI data LIFs and publishes LUNs over
        # iSCSI whatever sanType says, while its pools offer the sanType written: volumes fail to attach.
        if self.driver == "ontap-san-economy" and self.san_protocol not in (None, "iscsi"):
            issues.error(join(path, "san_type"), f"ontap-san-economy is iSCSI only, not {self.san_type}")

    @rule("driver", "san_type", "use_rest")
    def _nvme_needs_rest(self, path: str, issues: Issues) -> None:
        if self.is_san and self.san_protocol == "nvme" and self.use_rest is False:
            issues.error(
                join(path, "use_rest"),
                "NVMe needs ONTAP REST: Trident's ZAPI client manages no NVMe namespaces "
                "(every volume would fail with 'ZAPI call is not supported yet')",
            )

    @rule("driver", "data_lif")
    def _san_ignores_data_lif(self, path: str, issues: Issues) -> None:
        # A warning, as in Trident: the backend works (Trident logs "Specifying data LIF is no longer supported
        # for SAN backends." and uses every data LIF of the protocol), so refusing it would refuse a working
        # TridentBackendConfig; the setting is only useless.
        if self.is_san and self.data_lif is not None:
            issues.warn(
                join(path, "data_lif"), "Trident ignores dataLIF for SAN (Selective LUN Map) and logs a warning"
            )

    @rule("driver", "nas_type", "defaults", "virtual_pools")
    def _pool_defaults_fit_the_driver(self, path: str, issues: Issues) -> None:
        nas_type = self.nas_type or "nfs"
        for where, defaults in self.pool_defaults:
            at = join(path, where)
            luks = defaults.get("LUKSEncryption")
            if luks is not None and not self.is_san and default_string(luks) in facts.GO_TRUE:
                # Trident checks the backend's value first, then every pool's, with different messages.
                drivers = ", ".join(facts.LUKS_DRIVERS)
                refusal = (
                    "ONTAP NAS drivers do not support LUKS encrypted volumes"
                    if where == "defaults"
                    else f"LUKS encrypted volumes are only supported by the following drivers: {drivers}"
                )
                issues.error(join(at, "LUKSEncryption"), f"Trident refuses the backend: {refusal}")
            style = defaults.get("securityStyle")
            allowed = facts.SECURITY_STYLES[nas_type]
            known = facts.ONTAP_DEFAULTS["securityStyle"] or ()
            if style is not None and not self.is_san and style in known and style not in allowed:
                issues.error(
                    join(at, "securityStyle"),
                    f"{style!r} does not go with nas_type {nas_type}: Trident refuses the backend "
                    f"(allowed: {', '.join(allowed)})",
                )
            if "adaptiveQosPolicy" in defaults and self.driver == "ontap-nas-economy":
                issues.error(
                    join(at, "adaptiveQosPolicy"),
                    "Trident refuses the backend: qtrees do not support adaptive QoS policies",
                )
        # A virtual pool inherits each QoS key it does not set: one kind from the backend and the other from
        # the pool give the pool both, which Trident refuses.
        for index, pool in enumerate(self.virtual_pools):
            qos = "qosPolicy" in pool.defaults or "qosPolicy" in self.defaults
            adaptive = "adaptiveQosPolicy" in pool.defaults or "adaptiveQosPolicy" in self.defaults
            both_here = "qosPolicy" in pool.defaults and "adaptiveQosPolicy" in pool.defaults
            both_above = "qosPolicy" in self.defaults and "adaptiveQosPolicy" in self.defaults
            if qos and adaptive and not both_here and not both_above:
                issues.error(
                    join(join(join(path, "virtual_pools"), index), "defaults"),
                    "the pool gets qosPolicy and adaptiveQosPolicy (one inherited from the backend's defaults); "
                    "Trident refuses it: only one kind of QoS policy group may be defined",
                )

    @rule("driver", "storage_prefix")
    def _storage_prefix(self, path: str, issues: Issues) -> None:
        if self.storage_prefix is None:
            return
        economy = self.driver in ("ontap-nas-economy", "ontap-san-economy")
        pattern = facts.STORAGE_PREFIX_ECONOMY if economy else facts.STORAGE_PREFIX
        if self.storage_prefix and not re.fullmatch(pattern, self.storage_prefix):
            rule_text = "letters, digits, '_', '.' and '-'" + ("" if economy else ", not starting with a digit")
            issues.error(join(path, "storage_prefix"), f"{self.storage_prefix!r}: {self.driver} takes {rule_text}")

    @rule("driver", "use_chap", "san_type", "credentials")
    def _chap(self, path: str, issues: Issues) -> None:
        if not (self.is_san and self.use_chap):
            return
        if self.san_protocol not in (None, "iscsi"):
            issues.error(join(path, "use_chap"), f"CHAP is iSCSI only, san_type is {self.san_type}")
        if self.credentials.inline and not self.credentials.has_chap:
            issues.error(
                join(path, "credentials"),
                "use_chap needs chap_username, chap_initiator_secret, "
                "chap_target_username and chap_target_initiator_secret",
            )

    @rule("driver", "nas_type", "aws", "smb_share")
    def _smb_on_fsx_needs_a_share(self, path: str, issues: Issues) -> None:
        if not self.is_san and self.nas_type == "smb" and self.is_fsx and self.smb_share is None:
            issues.error(join(path, "smb_share"), "is required for SMB on FSx for NetApp ONTAP")

    @rule("auto_export_cidrs", "auto_export_policy")
    def _cidrs_need_auto_export(self, path: str, issues: Issues) -> None:
        if self.auto_export_cidrs and not self.auto_export_policy:
            issues.error(join(path, "auto_export_cidrs"), "only applies with auto_export_policy: true")
        for index, block in enumerate(self.auto_export_cidrs):
            message = checks.cidr(block)
            if message:
                issues.error(join(join(path, "auto_export_cidrs"), index), message)

    @rule("driver", "limits", "aws")
    def _limits_fit_the_driver(self, path: str, issues: Issues) -> None:
        limits, where = self.limits, join(path, "limits")
        if limits.qtrees_per_flexvol is not None and self.driver != "ontap-nas-economy":
            issues.error(join(where, "qtrees_per_flexvol"), f"only applies to ontap-nas-economy, not {self.driver}")
        if limits.luns_per_flexvol is not None and self.driver != "ontap-san-economy":
            issues.error(join(where, "luns_per_flexvol"), f"only applies to ontap-san-economy, not {self.driver}")
        for name in ("volume_pool_size", "deny_new_volume_pools"):
            if getattr(limits, name) is not None and self.driver not in ("ontap-nas-economy", "ontap-san-economy"):
                issues.error(join(where, name), f"only applies to economy drivers, not {self.driver}")
        if limits.aggregate_usage is not None and self.is_fsx:
            issues.error(join(where, "aggregate_usage"), "is not supported on FSx for NetApp ONTAP")

    @rule("defaults")
    def _defaults(self, path: str, issues: Issues) -> None:
        check_defaults(self.defaults, join(path, "defaults"), issues)

    @rule("supported_topologies")
    def _topologies(self, path: str, issues: Issues) -> None:
        check_topologies(self.supported_topologies, join(path, "supported_topologies"), issues)


def check_defaults(defaults: Mapping[str, DefaultValue], path: str, issues: Issues) -> None:
    """Volume defaults use Trident's own names; unknown keys and values Trident rejects are errors."""
    for key, value in defaults.items():
        where = join(path, key)
        if key not in facts.ONTAP_DEFAULTS:
            names = sorted(facts.ONTAP_DEFAULTS, key=str.lower)
            issues.error(where, f"unknown ONTAP volume default (allowed: {', '.join(names)})")
            continue
        text = default_string(value)
        if key in facts.CASE_INSENSITIVE_DEFAULTS:
            text = text.lower()
        allowed = facts.ONTAP_DEFAULTS[key]
        if allowed is not None and text not in allowed:
            issues.error(where, f"{text!r} is not one of {', '.join(allowed)}")
        elif key == "snapshotReserve" and (
            not text.isdigit() or not facts.SNAPSHOT_RESERVE[0] <= int(text) <= facts.SNAPSHOT_RESERVE[1]
        ):
            issues.error(
                where, f"{text!r} is not a percentage from {facts.SNAPSHOT_RESERVE[0]} to {facts.SNAPSHOT_RESERVE[1]}"
            )
        elif key == "size" and (message := checks.trident_size(text)):
            issues.error(where, message)
    if "qosPolicy" in defaults and "adaptiveQosPolicy" in defaults:
        issues.error(path, "set qosPolicy or adaptiveQosPolicy, not both")


def default_string(value: DefaultValue) -> str:
    """Trident's defaults are strings; YAML booleans and numbers are written the way Trident expects."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_TOPOLOGY_KEYS = ("topology.kubernetes.io/region", "topology.kubernetes.io/zone")


def check_topologies(topologies: tuple[Mapping[str, str], ...], path: str, issues: Issues) -> None:
    for i, segment in enumerate(topologies):
        for key in segment:
            if key not in _TOPOLOGY_KEYS:
                issues.error(join(join(path, i), key), f"unknown topology key (allowed: {', '.join(_TOPOLOGY_KEYS)})")
