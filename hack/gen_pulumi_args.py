"""Generate pulumi_components/tridentops_pulumi/spec_args.py: the components' TypedDict args, mirrored from the
storage spec model.

The spec's dataclasses are the one schema; the components' args must say the same thing in the form
Pulumi's analyzer understands (TypedDicts, ``pulumi.Input[...]``, no Literal or Union types). Writing
them by hand would let the two drift, so they are generated (``make generate``) and a test fails while the file
is stale:

    python hack/gen_pulumi_args.py            # rewrites spec_args.py
    python hack/gen_pulumi_args.py --check    # exits 1 if it is stale
"""

from __future__ import annotations

import dataclasses
import sys
import textwrap
import types
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

# ruff: noqa: E402 (the package is imported from this tree, once it is on the path)

ROOT = Path(__file__).resolve().parent.parent
# The package of this tree, whatever else is installed: the generator reads the spec this tree holds.
sys.path.insert(0, str(ROOT / "pulumi_components"))
sys.path.insert(0, str(ROOT / "hack"))

from generated import write_or_check

from tridentops_pulumi.spec.autogrow import AutogrowPolicySpec
from tridentops_pulumi.spec.aws import AwsSpec, DiskIops, EksAddon, FileSystem, Svm, TridentIdentity
from tridentops_pulumi.spec.backend import AwsBackend, Backend, Credentials, Limits, VirtualPool
from tridentops_pulumi.spec.classes import SnapshotClassSpec, StorageClassSpec
from tridentops_pulumi.spec.monitoring import Alerts, MonitoringSpec
from tridentops_pulumi.spec.namespaces import Limits as NamespaceLimits
from tridentops_pulumi.spec.namespaces import NamespaceSpec, StorageQuota
from tridentops_pulumi.spec.protect import (
    Application,
    IncludedNamespace,
    LabelRequirement,
    ProtectSpec,
    Schedule,
    Vault,
)
from tridentops_pulumi.spec.schema import is_required, type_hints, unwrap_optional
from tridentops_pulumi.spec.stack import StorageSpec
from tridentops_pulumi.spec.trident import (
    Autosupport,
    ContainerQuantities,
    ContainerResources,
    Metrics,
    NodeResources,
    Placement,
    Resources,
    SidecarImages,
    Toleration,
    TridentSpec,
)

TARGET = ROOT / "pulumi_components" / "tridentops_pulumi" / "spec_args.py"
WIDTH = 120

# Model class -> TypedDict name (Pulumi's schema puts every type in one module, so names must be unique).
NAMES: dict[type, str] = {
    Toleration: "TolerationArgs",
    Placement: "PlacementArgs",
    Metrics: "MetricsArgs",
    Autosupport: "AutosupportArgs",
    SidecarImages: "SidecarImagesArgs",
    ContainerQuantities: "ContainerQuantitiesArgs",
    ContainerResources: "ContainerResourcesArgs",
    NodeResources: "NodeResourcesArgs",
    Resources: "TridentResourcesArgs",
    TridentSpec: "TridentArgs",
    Credentials: "CredentialsArgs",
    AwsBackend: "AwsBackendArgs",
    Limits: "LimitsArgs",
    VirtualPool: "VirtualPoolArgs",
    Backend: "BackendArgs",
    StorageClassSpec: "StorageClassArgs",
    SnapshotClassSpec: "SnapshotClassArgs",
    AutogrowPolicySpec: "AutogrowPolicyArgs",
    StorageQuota: "StorageQuotaArgs",
    NamespaceLimits: "NamespaceLimitsArgs",
    NamespaceSpec: "NamespaceArgs",
    Vault: "VaultArgs",
    LabelRequirement: "LabelRequirementArgs",
    IncludedNamespace: "IncludedNamespaceArgs",
    Application: "ApplicationArgs",
    Schedule: "ScheduleArgs",
    ProtectSpec: "ProtectArgs",
    Alerts: "AlertsArgs",
    MonitoringSpec: "MonitoringArgs",
    DiskIops: "DiskIopsConfigurationArgs",
    FileSystem: "FsxFileSystemArgs",
    Svm: "FsxSvmArgs",
    TridentIdentity: "TridentIdentityArgs",
    EksAddon: "EksAddonArgs",
    AwsSpec: "AwsArgs",
}

SUMMARIES: dict[type, str] = {
    Toleration: "A taint the Trident pods tolerate.",
    Placement: "Node selector and tolerations for a set of Trident pods.",
    Metrics: "Trident's Prometheus metrics endpoint.",
    Autosupport: "NetApp AutoSupport telemetry.",
    SidecarImages: "Full references of the CSI sidecar images (the operator's environment, Trident >= 25.02).",
    ContainerQuantities: "CPU and memory quantities of a container.",
    ContainerResources: "Requests and limits of one Trident container.",
    NodeResources: "Resources of the Trident node pods, per operating system.",
    Resources: "Resources of Trident's containers (the TridentOrchestrator's resources, Trident >= 25.10).",
    TridentSpec: "The spec's ``trident`` section: how Trident itself is installed.",
    Credentials: "Where a backend's ONTAP credentials come from.",
    AwsBackend: "Amazon FSx for NetApp ONTAP connection of a backend.",
    Limits: "Size and density limits of a backend.",
    VirtualPool: "A virtual pool (an entry of Trident's ``storage`` list).",
    Backend: "A ``backends[]`` entry of the spec: one TridentBackendConfig.",
    StorageClassSpec: "A ``storage_classes[]`` entry of the spec: one StorageClass served by Trident.",
    SnapshotClassSpec: "A ``snapshot_classes[]`` entry of the spec: one VolumeSnapshotClass for Trident's driver.",
    AutogrowPolicySpec: "An ``autogrow_policies[]`` entry of the spec: one TridentAutogrowPolicy (Trident 26.02+).",
    StorageQuota: "The storage a team namespace may use from one StorageClass.",
    NamespaceLimits: "Claim sizes and container defaults of a team namespace (a LimitRange).",
    NamespaceSpec: "A ``namespaces[]`` entry of the spec: a team namespace to onboard.",
    Vault: "An AppVault: the bucket Trident protect keeps backups in.",
    LabelRequirement: "A label selector requirement (matchExpressions).",
    IncludedNamespace: "A namespace (with an optional label selector) that is part of an application.",
    Application: "An application Trident protect manages.",
    Schedule: "Scheduled snapshots and backups of an application.",
    ProtectSpec: "The spec's ``protect`` section: Trident protect's installation, vaults, applications, schedules.",
    Alerts: "Trident's alert rules.",
    MonitoringSpec: "The spec's ``monitoring`` section: ServiceMonitor and PrometheusRule for Trident.",
    DiskIops: "SSD IOPS of an FSx for NetApp ONTAP file system.",
    FileSystem: "The FSx for NetApp ONTAP file system of the spec's ``aws`` section.",
    Svm: "The storage virtual machine Trident uses, and its credentials secret.",
    TridentIdentity: "The IAM role Trident's controller uses, and how it gets it (IRSA or EKS Pod Identity).",
    EksAddon: "Trident's EKS add-on.",
    AwsSpec: "The spec's ``aws`` section: the FSx for NetApp ONTAP resources to provision for Trident.",
}

# String fields whose values usually come from other resources or a secret store (LIFs and SVM names
# from an FSx SVM, ids, ARNs, credentials): these may be pulumi Outputs. Every other field shapes what
# is created (names, choices, lists, selectors) and is a plain value.
INPUT_FIELDS: dict[type, frozenset[str]] = {
    Credentials: frozenset(f.name for f in dataclasses.fields(Credentials) if f.name != "type"),
    Backend: frozenset({"management_lif", "data_lif", "svm", "client_certificate", "trusted_ca_certificate"}),
    AwsBackend: frozenset({"fsx_filesystem_id", "api_region"}),
    TridentSpec: frozenset({"cloud_identity", "image_registry"}),
    Autosupport: frozenset({"proxy"}),
    # A bucket, its region and endpoint, and the Secret holding its keys often come from other resources.
    Vault: frozenset({"bucket", "region", "endpoint", "credentials_secret", "account_name", "project_id"}),
    ProtectSpec: frozenset({"cluster_name", "image_registry"}),
}


@dataclass(frozen=True)
class Extra:
    """A component arg that is not a field of the section it mirrors."""

    name: str
    annotation: str
    doc: str
    required: bool = False


STACK = Extra(
    "stack",
    "str",
    "Name of the stack these objects belong to: the value of their tridentops.io/stack label (a spec's top-level "
    "name). Defaults to default.",
)
TRIDENT_NAMESPACE = Extra(
    "trident_namespace",
    "str",
    "Namespace Trident runs in; the TridentBackendConfig and its Secret go there. Defaults to trident.",
)


VSADMIN_PASSWORD = (
    "Password of the SVM's vsadmin user, which Trident logs in as (8 to 50 characters; kept secret). It goes to "
    "the SVM and to the aws.svm.credentials_secret secret, nowhere else."
)
TRIDENT_NAMESPACE_FSX = Extra(
    "trident_namespace",
    "str",
    "Namespace Trident runs in (the IAM role trusts its trident-controller ServiceAccount). Defaults to trident.",
)
FSX_FILESYSTEM_ID = Extra(
    "fsx_filesystem_id", "pulumi.Input[str]", "The file system (FsxOntapStorage.file_system_id).", required=True
)
FSX_API_REGION = Extra("api_region", "pulumi.Input[str]", "AWS region of the file system (defaults to Trident's).")
CREDENTIALS_SECRET_ARN = Extra(
    "credentials_secret_arn",
    "pulumi.Input[str]",
    "Secrets Manager secret holding {username: vsadmin, password} (FsxOntapStorage.secret_arn).",
    required=True,
)


TRIDENT_NAMESPACE_MONITORED = Extra(
    "trident_namespace", "str", "Namespace Trident runs in (where the trident-csi Service is). Defaults to trident."
)
METRICS_HTTPS = Extra(
    "https",
    "bool",
    "Whether Trident serves its metrics over HTTPS (the spec's trident.metrics.https). Defaults to false.",
)


# A component's args class repeats the fields of the section it mirrors instead of inheriting them from the
# section's class: Pulumi's analyzer takes a field's description from the source of the class it analyzes only
# (pulumi.provider.experimental.analyzer.Analyzer.get_docstring, pulumi 3.272), so an inherited field would reach
# the package schema, and the SDKs of other languages, without its description.
@dataclass(frozen=True)
class ComponentArgs:
    name: str
    model: type
    doc: str
    extras: tuple[Extra, ...] = ()
    skip: frozenset[str] = frozenset()


COMPONENT_ARGS = (
    ComponentArgs(
        "TridentStackArgs",
        StorageSpec,
        "The whole storage spec (the same document ``tridentops validate`` reads), as the TridentStack's args.",
        (Extra("vsadmin_password", "pulumi.Input[str]", VSADMIN_PASSWORD + " Required with an aws section."),),
    ),
    ComponentArgs(
        "TridentOperatorArgs",
        TridentSpec,
        "Args of TridentOperator: the spec's ``trident`` section (install method operator).",
        (STACK,),
        frozenset({"install_method"}),
    ),
    ComponentArgs(
        "OntapBackendArgs",
        Backend,
        "Args of OntapBackend: a ``backends[]`` entry of the spec, plus where Trident runs.",
        (TRIDENT_NAMESPACE, STACK),
    ),
    ComponentArgs(
        "FsxTridentBackendArgs",
        Backend,
        "Args of FsxTridentBackend: a ``backends[]`` entry on an FSx for NetApp ONTAP SVM, with its connection "
        "(``aws``) and Secrets Manager credentials (``credentials``) as plain args.",
        (FSX_FILESYSTEM_ID, FSX_API_REGION, CREDENTIALS_SECRET_ARN, TRIDENT_NAMESPACE, STACK),
        frozenset({"aws", "credentials"}),
    ),
    ComponentArgs(
        "FsxOntapStorageArgs",
        AwsSpec,
        "Args of FsxOntapStorage: the spec's ``aws`` section, plus the vsadmin password and where Trident runs.",
        (Extra("vsadmin_password", "pulumi.Input[str]", VSADMIN_PASSWORD, required=True), TRIDENT_NAMESPACE_FSX),
    ),
    ComponentArgs(
        "TridentStorageClassArgs",
        StorageClassSpec,
        "Args of TridentStorageClass: a ``storage_classes[]`` entry of the spec.",
        (STACK,),
    ),
    ComponentArgs(
        "TridentSnapshotClassArgs",
        SnapshotClassSpec,
        "Args of TridentSnapshotClass: a ``snapshot_classes[]`` entry of the spec.",
        (STACK,),
    ),
    ComponentArgs(
        "TridentAutogrowPolicyArgs",
        AutogrowPolicySpec,
        "Args of TridentAutogrowPolicy: an ``autogrow_policies[]`` entry of the spec.",
        (STACK,),
    ),
    ComponentArgs(
        "TridentProtectArgs",
        ProtectSpec,
        "Args of TridentProtect: the spec's ``protect`` section.",
        (STACK,),
    ),
    ComponentArgs(
        "NamespaceOnboardingArgs",
        NamespaceSpec,
        "Args of NamespaceOnboarding: a ``namespaces[]`` entry of the spec.",
        (STACK,),
    ),
    ComponentArgs(
        "TridentMonitoringArgs",
        MonitoringSpec,
        "Args of TridentMonitoring: the spec's ``monitoring`` section, plus where Trident runs and how it serves "
        "its metrics.",
        (TRIDENT_NAMESPACE_MONITORED, METRICS_HTTPS, STACK),
    ),
)

HEADER = '''"""Typed args of the tridentops components: TypedDict mirrors of the storage spec model.

Generated by ``hack/gen_pulumi_args.py`` (``make generate``) from ``tridentops_pulumi.spec``; do not edit.
Keys and meanings are the spec's own (snake_case), so a spec document read from YAML is a valid value.
Fields typed ``pulumi.Input[str]`` may be Outputs of other resources (LIFs, SVM names, ids, ARNs,
credentials); the other fields shape what gets created and take plain values. The spec model validates
every value, with field paths, before anything is declared.
"""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads these annotations at run time.

from typing import Any, NotRequired, TypedDict

import pulumi
'''


def _is_scalar_union(tp: Any) -> bool:
    # ``X | Y | None`` (an optional union of scalars) is one too: None is "not set", as for any optional field.
    options = [a for a in get_args(tp) if a is not type(None)]
    return get_origin(tp) in (Union, types.UnionType) and all(a in (str, bool, int) for a in options)


def annotation(owner: type, name: str, tp: Any) -> str:
    """The TypedDict annotation for one model field (without NotRequired)."""
    tp = unwrap_optional(tp)
    if tp is str:
        return "pulumi.Input[str]" if name in INPUT_FIELDS.get(owner, frozenset()) else "str"
    return _plain(tp)


def _plain(tp: Any) -> str:
    tp = unwrap_optional(tp)
    origin = get_origin(tp)
    if tp in (str, int, bool):
        return str(tp.__name__)
    if origin is Literal:
        return "str"  # the analyzer has no Literal; the doc lists the choices and the spec model enforces them
    if _is_scalar_union(tp):
        return "Any"
    if origin is tuple:
        return f"list[{_plain(get_args(tp)[0])}]"
    if origin in (Mapping, dict):
        return f"dict[str, {_plain(get_args(tp)[1])}]"
    if dataclasses.is_dataclass(tp):
        return NAMES[tp]  # type: ignore[index]
    raise TypeError(f"no TypedDict form for {tp!r}")


def describe(f: dataclasses.Field[Any], tp: Any) -> str:
    doc = str(f.metadata.get("doc", "")).strip()
    tp = unwrap_optional(tp)
    if get_origin(tp) is Literal:
        shown = ", ".join(str(a) if a != "" else "''" for a in get_args(tp))  # an empty choice shown as ''
        doc += f" One of: {shown}."
    elif get_origin(tp) is tuple and get_origin(get_args(tp)[0]) is Literal:
        doc += f" Items: {', '.join(str(a) for a in get_args(get_args(tp)[0]))}."
    if f.metadata.get("secret"):
        doc += " Secret: kept secret in Pulumi state."
    return doc


def _docstring(text: str, indent: str) -> str:
    one_line = f'{indent}"""{text}"""'
    if len(one_line) <= WIDTH:
        return one_line
    lines = textwrap.wrap(text, width=WIDTH - len(indent) - 3, break_long_words=False, break_on_hyphens=False)
    body = f"\n{indent}".join(lines)
    return f'{indent}"""{body}"""'


def _field_lines(name: str, ann: str, required: bool, doc: str) -> list[str]:
    declared = ann if required else f"NotRequired[{ann}]"
    return [f"    {name}: {declared}", _docstring(doc, "    ")]


def render_class(
    name: str, doc: str, model: type, extras: tuple[Extra, ...] = (), skip: frozenset[str] = frozenset()
) -> str:
    hints = type_hints(model)
    lines = [f"class {name}(TypedDict):", _docstring(doc, "    "), ""]
    for f in dataclasses.fields(model):
        if f.name in skip:
            continue
        tp = hints[f.name]
        lines += _field_lines(f.name, annotation(model, f.name, tp), is_required(f), describe(f, tp))
    for extra in extras:
        lines += _field_lines(extra.name, extra.annotation, extra.required, extra.doc)
    return "\n".join(lines)


def _nested_models(model: type) -> list[type]:
    """The model classes ``model`` uses, dependencies first (annotations are evaluated at class creation)."""
    found: list[type] = []

    def visit(tp: Any) -> None:
        tp = unwrap_optional(tp)
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            for f in dataclasses.fields(tp):
                visit(type_hints(tp)[f.name])
            if tp not in found and tp in NAMES:
                found.append(tp)
        for arg in get_args(tp):
            if arg is not Ellipsis:
                visit(arg)

    visit(model)
    return found


def generate() -> str:
    classes = [
        render_class(NAMES[model], SUMMARIES[model], model) for model in _nested_models(StorageSpec) if model in NAMES
    ]
    classes += [render_class(c.name, c.doc, c.model, c.extras, c.skip) for c in COMPONENT_ARGS]
    return HEADER + "\n\n" + "\n\n\n".join(classes) + "\n"


def main() -> int:
    return write_or_check(TARGET, generate(), ROOT)


if __name__ == "__main__":
    sys.exit(main())
