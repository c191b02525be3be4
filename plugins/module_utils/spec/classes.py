"""The ``storage_classes`` and ``snapshot_classes`` sections."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

from . import checks, facts
from .issues import Issues, join
from .metadata import valid_annotations
from .protect import label_keys
from .schema import describe, did_you_mean, rule, spec_field
from .selector import parse_pool_list, parse_selector

AttributeValue: TypeAlias = "str | bool | int"


# The class parameters that the spec gives fields of their own (not attributes), by Trident's key.
POOL_LIST_PARAMETERS = {
    "storagePools": "storage_pools",
    "additionalStoragePools": "additional_storage_pools",
    "requiredStorage": "required_storage",  # Trident's deprecated name for additionalStoragePools
    "excludeStoragePools": "exclude_storage_pools",
}
FIELD_PARAMETERS = {"selector": "selector", **POOL_LIST_PARAMETERS}
SMB_PERMISSIONS = ("full_control", "read", "change", "no_access")
# Trident's StorageClass annotations, by spec field: (annotation, first release that reads it). Each is in
# frontend/csi/controller_helpers/kubernetes/config.go from that tag on (none at v24.06.0-v25.02.0).
CLASS_ANNOTATIONS: dict[str, tuple[str, str]] = {
    "selector_annotation": (f"{facts.TRIDENT_PARAMETER_PREFIX}selector", "25.06"),
    "smb_share_ad_user": (f"{facts.TRIDENT_PARAMETER_PREFIX}smbShareAdUser", "25.06"),
    "smb_share_ad_user_permission": (f"{facts.TRIDENT_PARAMETER_PREFIX}smbShareAdUserPermission", "25.06"),
    "additional_storage_pools_annotation": (f"{facts.TRIDENT_PARAMETER_PREFIX}additionalStoragePools", "26.02"),
    "autogrow_policy": (f"{facts.TRIDENT_PARAMETER_PREFIX}autogrowPolicy", "26.02"),
}
# A class carrying this annotation belongs to a TridentConfigurator, which rewrites it.
CONFIGURATOR_ANNOTATION = f"{facts.TRIDENT_PARAMETER_PREFIX}configuratorStatus"
# The prefixed nasType parameter that switches on secure SMB (25.06+), helper.go getVolumeConfig's caller.
SMB_NAS_TYPE = f"{facts.TRIDENT_PARAMETER_PREFIX}nasType"
SECURE_SMB_SINCE = "25.06"
NODE_STAGE_SECRET = (
    f"{facts.CSI_PARAMETER_PREFIX}node-stage-secret-name",
    f"{facts.CSI_PARAMETER_PREFIX}node-stage-secret-namespace",
)
# Characters Trident replaces by '-' in an autogrow policy name after lower-casing (utils/autogrow NameFix).
_AUTOGROW_NAME_FIX = re.compile(r"[^a-z0-9.\-]")


def autogrow_policy_name(value: str) -> str | None:
    """The TridentAutogrowPolicy a class annotation refers to, as Trident normalises it; None for 'none'."""
    if value.lower() == "none":
        return None
    return _AUTOGROW_NAME_FIX.sub("-", value.lower())


def _refuse_own_labels(labels: Mapping[str, str], path: str, issues: Issues) -> None:
    """A class's extra labels may not say tridentops' own: the render merges them over the user's."""
    for key in labels:
        if key in (facts.MANAGED_BY_LABEL, facts.STACK_LABEL):
            issues.error(join(join(path, "labels"), key), "tridentops sets this label itself")


def _topologies(values: tuple[Mapping[str, tuple[str, ...]], ...]) -> str | None:
    for term in values:
        if not term:
            return "a topology term needs at least one key"
        message = label_keys(dict.fromkeys(term, ""))
        if message:
            return message
        for key, allowed in term.items():
            if not allowed:
                return f"{key!r} needs at least one value"
    return None


@dataclass(frozen=True, kw_only=True)
class StorageClassSpec:
    name: str = spec_field("StorageClass name.", check=checks.dns_subdomain)
    default: bool | None = spec_field(
        "The annotation storageclass.kubernetes.io/is-default-class: true makes this the cluster's default "
        "StorageClass (exactly one may be), false writes it as false; unset writes none.",
        default=None,
    )
    attributes: Mapping[str, AttributeValue] = spec_field(
        "Trident storage attributes, with Trident's names: backendType, media, provisioningType, snapshots, clones, "
        "encryption, replication, IOPS, region, zone, nasType, sanType, labels (a pool label selector, matched "
        "like selector), and fsType, which Trident skips. A key may carry the prefix trident.netapp.io/ and is "
        "written as given: Trident strips the prefix, except that from 25.06 the parameter "
        "trident.netapp.io/nasType: smb (prefixed, exactly) also turns on secure SMB share access control.",
        factory=dict,
    )
    selector: str | None = spec_field(
        "Pool label selector in Trident's syntax, e.g. 'performance=gold; protection in (high,max)'.", default=None
    )
    storage_pools: str | None = spec_field("Restrict to pools: 'backendRegex:poolRegex,...;...'.", default=None)
    additional_storage_pools: str | None = spec_field("Also allow these pools whatever the attributes.", default=None)
    required_storage: str | None = spec_field(
        "Trident's deprecated name of additional_storage_pools (parameter requiredStorage), kept for classes "
        "that carry it; prefer additional_storage_pools.",
        default=None,
    )
    exclude_storage_pools: str | None = spec_field("Never use these pools.", default=None)
    prefixed_parameters: tuple[str, ...] = spec_field(
        "Of the parameters selector, storagePools, additionalStoragePools, requiredStorage and "
        "excludeStoragePools, those written with the prefix trident.netapp.io/ (Trident reads both spellings "
        "alike); attributes keep the spelling of their keys.",
        factory=tuple,
    )
    fs_type: str | None = spec_field("File system (csi.storage.k8s.io/fstype), e.g. ext4, xfs or nfs.", default=None)
    csi_parameters: Mapping[str, str] = spec_field(
        "Extra CSI parameters, keys prefixed csi.storage.k8s.io/ (e.g. node-stage secrets for LUKS or SMB).",
        factory=dict,
    )
    reclaim_policy: Literal["Delete", "Retain"] | None = spec_field(
        "What happens to a volume when its PVC goes (reclaimPolicy). Unset leaves it to Kubernetes, which "
        "sets Delete when it creates the class.",
        default=None,
    )
    volume_binding_mode: Literal["Immediate", "WaitForFirstConsumer"] | None = spec_field(
        "When volumes are provisioned (volumeBindingMode; WaitForFirstConsumer for CSI topology). Unset leaves "
        "it to Kubernetes, which sets Immediate when it creates the class.",
        default=None,
    )
    allow_volume_expansion: bool | None = spec_field(
        "Let PVCs of this class grow (allowVolumeExpansion). Unset writes no key, which means false.",
        default=None,
    )
    mount_options: tuple[str, ...] = spec_field(
        "Mount options; override the backend's nfs_mount_options.", factory=tuple
    )
    allowed_topologies: tuple[Mapping[str, tuple[str, ...]], ...] = spec_field(
        "allowedTopologies: a list of terms, each a map of topology label key to the values allowed, e.g. "
        "[{topology.kubernetes.io/zone: [us-east-1a, us-east-1b]}]; a volume may go where any term matches.",
        factory=tuple,
        check=_topologies,
    )
    selector_annotation: str | None = spec_field(
        "Annotation trident.netapp.io/selector (Trident 25.06+): replaces the selector parameter, so the "
        "selector can change without re-creating the class.",
        default=None,
    )
    additional_storage_pools_annotation: str | None = spec_field(
        "Annotation trident.netapp.io/additionalStoragePools (Trident 26.02+): overrides the "
        "additionalStoragePools parameter and can change without re-creating the class.",
        default=None,
    )
    autogrow_policy: str | None = spec_field(
        "Annotation trident.netapp.io/autogrowPolicy (Trident 26.02+): the TridentAutogrowPolicy for this "
        "class's volumes, or none. Trident lower-cases the name and replaces characters other than a-z, 0-9, "
        "'.' and '-' by '-'.",
        default=None,
    )
    smb_share_ad_user: str | None = spec_field(
        "Annotation trident.netapp.io/smbShareAdUser (Trident 25.06+): the Active Directory user given access "
        "to each SMB share (secure SMB; needs attributes trident.netapp.io/nasType: smb).",
        default=None,
    )
    smb_share_ad_user_permission: Literal["full_control", "read", "change", "no_access"] | None = spec_field(
        "Annotation trident.netapp.io/smbShareAdUserPermission (Trident 25.06+): that user's share permission; "
        "Trident's default is full_control.",
        default=None,
    )
    labels: Mapping[str, str] = spec_field(
        "Extra labels of the StorageClass object (tridentops adds its own).", factory=dict, check=label_keys
    )
    annotations: Mapping[str, str] = spec_field(
        "Extra annotations of the StorageClass object, kept as written; the default-class annotation and "
        "Trident's annotations have fields of their own.",
        factory=dict,
        check=valid_annotations,
    )

    def rendered_annotations(self) -> dict[str, str]:
        """The object's annotations: the user's extra ones, then those with fields of their own."""
        out = dict(self.annotations)
        if self.default is not None:
            out[facts.DEFAULT_SC_ANNOTATION] = "true" if self.default else "false"
        for field_name, (key, _since) in CLASS_ANNOTATIONS.items():
            value = getattr(self, field_name)
            if value is not None:
                out[key] = value
        return out

    def parameters(self) -> dict[str, str]:
        """The class's parameters, every key spelt as the spec says."""
        out: dict[str, str] = {}
        for key, value in self.attributes.items():
            out[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        for name, field_name in FIELD_PARAMETERS.items():
            value = getattr(self, field_name)
            if value is not None:
                prefix = facts.TRIDENT_PARAMETER_PREFIX if name in self.prefixed_parameters else ""
                out[prefix + name] = value
        if self.fs_type is not None:
            out[f"{facts.CSI_PARAMETER_PREFIX}fstype"] = self.fs_type
        out.update(self.csi_parameters)
        return out

    def effective_selector(self) -> str | None:
        """The selector Trident matches pools with: the annotation replaces the parameter."""
        return self.selector_annotation if self.selector_annotation is not None else self.selector

    def effective_additional_storage_pools(self) -> str | None:
        """Trident's additional pools: the annotation overrides the parameter (or its deprecated name)."""
        if self.additional_storage_pools_annotation is not None:
            return self.additional_storage_pools_annotation
        return self.additional_storage_pools if self.additional_storage_pools is not None else self.required_storage

    def effective_reclaim_policy(self) -> str:
        """reclaimPolicy as the class has it once Kubernetes created it (its default is Delete)."""
        return self.reclaim_policy or "Delete"

    def trident_attributes(self) -> dict[str, str]:
        """Attributes as class parameters: prefix stripped, values as strings."""
        out: dict[str, str] = {}
        for key, value in self.attributes.items():
            name = key.removeprefix(facts.TRIDENT_PARAMETER_PREFIX)
            out[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return out

    def storage_attributes(self) -> dict[str, str]:
        """The attributes Trident matches pools against: the parameters it skips left out."""
        skipped = set(facts.SC_SKIPPED_PARAMETERS)
        out = {k: v for k, v in self.trident_attributes().items() if k not in skipped}
        for name in facts.SC_BOOL_ATTRIBUTES:
            if name in out:  # Trident parses every spelling of ParseBool; matching compares true/false
                out[name] = "true" if out[name] in facts.GO_TRUE else "false"
        return out

    @rule("attributes")
    def _attributes(self, path: str, issues: Issues) -> None:
        seen: dict[str, str] = {}
        for key, value in self.attributes.items():
            where = join(join(path, "attributes"), key)
            _check_attribute(key, value, where, issues)
            name = key.removeprefix(facts.TRIDENT_PARAMETER_PREFIX)
            if name in seen:
                # Trident strips the prefix while it walks a Go map: which of the two it keeps is chance.
                issues.error(where, f"{seen[name]!r} gives the same Trident attribute; give it once")
            seen.setdefault(name, key)

    @rule("attributes", "fs_type")
    def _one_file_system(self, path: str, issues: Issues) -> None:
        # The CSI provisioner reads the file system from fsType (any case) or csi.storage.k8s.io/fstype and
        # fails every PVC of a class that has both.
        if self.fs_type is not None and "fsType" in self.attributes:
            issues.error(
                join(join(path, "attributes"), "fsType"),
                "give the file system once, as fs_type or as attributes.fsType: with both, the CSI provisioner fails "
                'every PVC (fstype specified in parameters with both "fstype" and "csi.storage.k8s.io/fstype" keys)',
            )
        elif "fsType" in self.attributes:
            issues.warn(
                join(join(path, "attributes"), "fsType"),
                "works, but the CSI provisioner logs fstype as deprecated; fs_type renders csi.storage.k8s.io/fstype",
            )

    @rule(
        "selector",
        "selector_annotation",
        "storage_pools",
        "additional_storage_pools",
        "required_storage",
        "additional_storage_pools_annotation",
        "exclude_storage_pools",
    )
    def _selector_and_pools_parse(self, path: str, issues: Issues) -> None:
        # Trident leaves out a class whose selector does not parse; an annotation that does not parse is
        # ignored (the parameter applies) with an error in its log, which the spec refuses as well.
        for name in ("selector", "selector_annotation"):
            text = getattr(self, name)
            if text is not None:
                message = parse_selector(text)[1]
                if message:
                    issues.error(join(path, name), message)
        for name in (
            "storage_pools",
            "additional_storage_pools",
            "required_storage",
            "additional_storage_pools_annotation",
            "exclude_storage_pools",
        ):
            text = getattr(self, name)
            if text is not None:
                message = parse_pool_list(text)[1]
                if message:
                    issues.error(join(path, name), message)

    @rule("required_storage", "additional_storage_pools")
    def _required_storage(self, path: str, issues: Issues) -> None:
        if self.required_storage is None:
            return
        if self.additional_storage_pools is not None:
            # Both are read into the same list while Trident walks a Go map: which one wins is chance.
            issues.error(
                join(path, "required_storage"),
                "give the pools once: requiredStorage is Trident's old name of additionalStoragePools",
            )
        else:
            issues.warn(
                join(path, "required_storage"),
                "Trident reads requiredStorage as additionalStoragePools and calls it deprecated; prefer "
                "additional_storage_pools",
            )

    @rule("prefixed_parameters")
    def _prefixed_parameters(self, path: str, issues: Issues) -> None:
        for index, name in enumerate(self.prefixed_parameters):
            where = join(join(path, "prefixed_parameters"), index)
            if name not in FIELD_PARAMETERS:
                issues.error(
                    where,
                    f"{name!r} is not one of {', '.join(FIELD_PARAMETERS)}{did_you_mean(name, list(FIELD_PARAMETERS))}"
                    " (an attribute is prefixed by writing its key with the prefix)",
                )
            elif getattr(self, FIELD_PARAMETERS[name]) is None:
                issues.error(where, f"the class has no {name} ({FIELD_PARAMETERS[name]} is not set)")
            elif name in self.prefixed_parameters[:index]:
                issues.error(where, f"{name!r} is listed twice")

    @rule("labels")
    def _labels(self, path: str, issues: Issues) -> None:
        _refuse_own_labels(self.labels, path, issues)

    @rule("annotations")
    def _annotations(self, path: str, issues: Issues) -> None:
        own = {key: name for name, (key, _since) in CLASS_ANNOTATIONS.items()}
        own[facts.DEFAULT_SC_ANNOTATION] = "default"
        for key in self.annotations:
            where = join(join(path, "annotations"), key)
            if key in own:
                issues.error(where, f"use the class's {own[key]} field")
            elif key == CONFIGURATOR_ANNOTATION:
                issues.error(
                    where,
                    "marks a class that a TridentConfigurator manages (it rewrites the class); leave such classes "
                    "to it",
                )

    @rule("autogrow_policy")
    def _autogrow_policy(self, path: str, issues: Issues) -> None:
        if self.autogrow_policy is None:
            return
        where = join(path, "autogrow_policy")
        if not self.autogrow_policy:
            issues.error(where, "give a TridentAutogrowPolicy name or none (Trident ignores an empty value)")
            return
        name = autogrow_policy_name(self.autogrow_policy)
        if name is None:
            return
        problem = checks.dns_subdomain(name)
        if problem:
            issues.error(where, f"Trident looks for the TridentAutogrowPolicy {name!r}, which no object can be named")
        elif name != self.autogrow_policy:
            issues.warn(where, f"Trident looks for the TridentAutogrowPolicy {name!r}")

    @rule("smb_share_ad_user", "smb_share_ad_user_permission", "attributes", "csi_parameters")
    def _secure_smb(self, path: str, issues: Issues) -> None:
        secure = self.attributes.get(SMB_NAS_TYPE) == "smb"
        for name in ("smb_share_ad_user", "smb_share_ad_user_permission"):
            if getattr(self, name) is not None and not secure:
                issues.warn(
                    join(path, name),
                    f"Trident reads it only for a class with the parameter {SMB_NAS_TYPE}: smb (prefixed, exactly)",
                )
        if secure and self.smb_share_ad_user is None and self.smb_share_ad_user_permission is not None:
            issues.warn(join(path, "smb_share_ad_user_permission"), "has no effect without smb_share_ad_user")

    @rule("csi_parameters")
    def _csi_parameters(self, path: str, issues: Issues) -> None:
        for key in self.csi_parameters:
            if key in facts.SC_SKIPPED_PARAMETERS:
                issues.error(join(join(path, "csi_parameters"), key), "use fs_type (or attributes.fsType)")
            elif not key.startswith(facts.CSI_PARAMETER_PREFIX):
                issues.error(
                    join(join(path, "csi_parameters"), key),
                    f"must start with {facts.CSI_PARAMETER_PREFIX}; Trident rejects the whole class "
                    "for any parameter it does not know (use attributes for Trident's own)",
                )
            elif key == f"{facts.CSI_PARAMETER_PREFIX}fstype":
                issues.error(join(join(path, "csi_parameters"), key), "use fs_type")


_SUGGESTIONS = [*facts.SC_ATTRIBUTES, *facts.SC_SKIPPED_PARAMETERS]


def _check_attribute(key: str, value: AttributeValue, path: str, issues: Issues) -> None:
    if key in facts.SC_SKIPPED_PARAMETERS:
        # Trident skips it (only unprefixed and spelt exactly so); the CSI provisioner takes it as the file system.
        if not isinstance(value, str):
            issues.error(path, f"must be a string, got {describe(value)}")
        return
    if key.startswith(facts.CSI_PARAMETER_PREFIX):
        issues.error(path, "Trident skips csi.storage.k8s.io/ parameters; put it in csi_parameters (or use fs_type)")
        return
    name = key.removeprefix(facts.TRIDENT_PARAMETER_PREFIX)
    if name in FIELD_PARAMETERS:
        # Trident reads these as pool lists or the selector; the spec has fields for them.
        prefixed = f" (with {name} in prefixed_parameters)" if name != key else ""
        issues.error(path, f"use the class's {FIELD_PARAMETERS[name]} field{prefixed}")
        return
    if name in facts.SC_SKIPPED_PARAMETERS:
        issues.error(
            path, f"write it as {name}: Trident skips it only without a prefix and would reject the whole class"
        )
        return
    if name not in facts.SC_ATTRIBUTES:
        issues.error(
            path,
            f"unknown Trident storage attribute{did_you_mean(name, _SUGGESTIONS)} "
            f"(allowed: {', '.join(facts.SC_ATTRIBUTES)}); Trident would reject the whole class",
        )
        return
    if name in facts.SC_LABEL_ATTRIBUTES:
        message = parse_selector(value)[1] if isinstance(value, str) else f"must be a string, got {describe(value)}"
        if message:
            issues.error(path, message)
    elif name in facts.SC_BOOL_ATTRIBUTES:
        if not (isinstance(value, bool) or value in (*facts.GO_TRUE, *facts.GO_FALSE)):
            issues.error(path, f"must be true or false, got {describe(value)}")
    elif name in facts.SC_INT_ATTRIBUTES:
        if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.isdigit())):
            issues.error(path, f"must be a whole number, got {describe(value)}")
    elif name in facts.SC_CHOICE_ATTRIBUTES:
        allowed = facts.SC_CHOICE_ATTRIBUTES[name]
        text = value.lower() if isinstance(value, str) and name in ("nasType", "sanType") else value
        if text not in allowed:
            issues.error(path, f"{describe(value)} is not one of {', '.join(allowed)}")
    elif not isinstance(value, str):
        issues.error(path, f"must be a string, got {describe(value)}")


def check_class_release(sc: StorageClassSpec, path: str, version: str, issues: Issues) -> None:
    """Class fields that the pinned Trident release does not read yet, and what its secure SMB path needs."""
    release = checks.release(version)
    for field_name, (key, since) in CLASS_ANNOTATIONS.items():
        if getattr(sc, field_name) is not None and release < since:
            issues.error(
                join(path, field_name), f"Trident reads the annotation {key} from {since} on (version is {version})"
            )
    # From 25.06 every PVC of a class with trident.netapp.io/nasType: smb fails without the node-stage secret
    # (helper.go@v26.06.0:103-108, updateVolumeConfigWithSecureSMBAccessControl).
    if sc.attributes.get(SMB_NAS_TYPE) == "smb" and release >= SECURE_SMB_SINCE:
        missing = [key for key in NODE_STAGE_SECRET if not sc.csi_parameters.get(key)]
        if missing:
            issues.error(
                join(join(path, "attributes"), SMB_NAS_TYPE),
                f"from Trident {SECURE_SMB_SINCE} this turns on secure SMB, which fails every PVC of the class "
                f"without csi_parameters {' and '.join(missing)}",
            )


@dataclass(frozen=True, kw_only=True)
class SnapshotClassSpec:
    name: str = spec_field("VolumeSnapshotClass name.", check=checks.dns_subdomain)
    default: bool | None = spec_field(
        "The annotation snapshot.storage.kubernetes.io/is-default-class: true makes this the default "
        "VolumeSnapshotClass for Trident's driver, false writes it as false; unset writes none.",
        default=None,
    )
    # Required by the API (external-snapshotter client/apis/volumesnapshot/v1/types.go: DeletionPolicy has
    # no omitempty and the CRD lists it as required), so the spec writes it always.
    deletion_policy: Literal["Delete", "Retain"] = spec_field(
        "Whether the ONTAP snapshot goes when the VolumeSnapshot is deleted.", default="Delete"
    )
    parameters: Mapping[str, str] = spec_field(
        "Parameters for the CSI snapshotter, e.g. csi.storage.k8s.io/snapshotter-secret-name and "
        "-namespace; Trident reads none of them.",
        factory=dict,
    )
    labels: Mapping[str, str] = spec_field(
        "Extra labels of the VolumeSnapshotClass object (tridentops adds its own).", factory=dict, check=label_keys
    )
    annotations: Mapping[str, str] = spec_field(
        "Extra annotations of the VolumeSnapshotClass object, kept as written (the default-class annotation "
        "is the default field).",
        factory=dict,
        check=valid_annotations,
    )

    def rendered_annotations(self) -> dict[str, str]:
        out = dict(self.annotations)
        if self.default is not None:
            out[facts.DEFAULT_VSC_ANNOTATION] = "true" if self.default else "false"
        return out

    @rule("labels")
    def _labels(self, path: str, issues: Issues) -> None:
        _refuse_own_labels(self.labels, path, issues)

    @rule("annotations")
    def _annotations(self, path: str, issues: Issues) -> None:
        if facts.DEFAULT_VSC_ANNOTATION in self.annotations:
            issues.error(join(join(path, "annotations"), facts.DEFAULT_VSC_ANNOTATION), "use the class's default field")
