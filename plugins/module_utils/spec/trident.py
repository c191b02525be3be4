"""The ``trident`` section: how Trident itself is installed (operator, images, identity, placement)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Literal, get_args

from . import checks, facts, metadata, quantity
from .issues import Issues, join
from .schema import rule, spec_field

# Every TridentOrchestratorSpec field (operator/crd/apis/netapp/v1/types.go) and the spec field that writes it.
TORC_FIELDS: dict[str, str] = {
    "enableForceDetach": "enable_force_detach",
    "disableAuditLog": "disable_audit_log",
    "namespace": "namespace",
    "IPv6": "ipv6",
    "k8sTimeout": "k8s_timeout",
    "httpRequestTimeout": "http_request_timeout",
    "silenceAutosupport": "autosupport.enabled",
    "excludeAutosupport": "autosupport.exclude",
    "autosupportImage": "autosupport.image",
    "autosupportProxy": "autosupport.proxy",
    "autosupportInsecure": "autosupport.insecure",
    "autosupportSerialNumber": "autosupport.serial_number",
    "autosupportHostname": "autosupport.hostname",
    "uninstall": "uninstall",
    "logFormat": "log_format",
    "logLevel": "log_level",
    "debug": "debug",
    "logWorkflows": "log_workflows",
    "logLayers": "log_layers",
    "probePort": "probe_port",
    "tridentImage": "trident_image",
    "imageRegistry": "image_registry",
    "kubeletDir": "kubelet_dir",
    "wipeout": "wipeout",
    "imagePullSecrets": "image_pull_secrets",
    "controllerPluginNodeSelector": "controller_placement.node_selector",
    "controllerPluginTolerations": "controller_placement.tolerations",
    "nodePluginNodeSelector": "node_placement.node_selector",
    "nodePluginTolerations": "node_placement.tolerations",
    "windows": "windows",
    "imagePullPolicy": "image_pull_policy",
    "cloudProvider": "cloud_provider",
    "cloudIdentity": "cloud_identity",
    "enableACP": "enable_acp",
    "acpImage": "acp_image",
    "enableAutoBackendConfig": "enable_auto_backend_config",
    "iscsiSelfHealingInterval": "iscsi_self_healing_interval",
    "iscsiSelfHealingWaitTime": "iscsi_self_healing_wait_time",
    "k8sAPIQPS": "k8s_api_qps",
    "fsGroupPolicy": "fs_group_policy",
    "nodePrep": "node_prep",
    "skipCRDsToObliviate": "skip_crds_to_obliviate",
    "enableConcurrency": "enable_concurrency",
    "resources": "resources",
    "httpsMetrics": "metrics.https",
    "hostNetwork": "host_network",
}

# A container image reference (the distribution reference grammar, simplified): an optional registry host
# with port, lower-case path components, an optional tag and an optional digest.
_IMAGE = re.compile(
    r"^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
    r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[a-z0-9]+:[a-f0-9]{32,})?$"
)
# Go's time.ParseDuration grammar: a sign, then one or more decimal numbers each with a unit.
_GO_DURATION = re.compile(r"^[-+]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$")


def image_reference(value: str) -> str | None:
    if not _IMAGE.match(value):
        return f"{value!r} is not an image reference (registry/path/name:tag or @sha256:digest)"
    return None


def image_tag(reference: str) -> str:
    """The tag of an image reference ('' when it has none)."""
    name = reference.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else ""


def _duration(value: str) -> str | None:
    # The operator parses these with time.ParseDuration and refuses a negative value (setInstallationParams).
    if not _GO_DURATION.match(value):
        return f"{value!r} is not a Go duration (e.g. 90s, 5m0s, 1h30m)"
    if value.startswith("-") and re.search(r"[1-9]", value):
        return f"{value!r} is negative, which the operator refuses"
    return None


def _resource_quantity(value: str) -> str | None:
    # resource.ParseQuantity in populateResources, then ValidateNonNegativeQuantity in validateResources.
    number = quantity.value(value)
    if number is None:
        return f"{value!r} is not a Kubernetes quantity (e.g. 100m, 0.5, 128Mi)"
    if number < 0:
        return f"{value!r} is negative, which the operator refuses"
    return None


def _one_of_ignoring_case(*choices: str) -> Callable[[str], str | None]:
    """A value the operator (or Trident) compares with ``choices`` without case; written as given."""
    lowered = [c.lower() for c in choices]

    def check(value: str) -> str | None:
        if value.lower() not in lowered:
            return f"{value!r} is not one of {', '.join(c or repr(c) for c in choices)} (any case)"
        return None

    return check


def canonical(value: str | None, choices: tuple[str, ...]) -> str | None:
    """``value`` spelt as in ``choices`` (the spelling the operator and Trident compare with), None when unset."""
    if value is None:
        return None
    return next((c for c in choices if c.lower() == value.lower()), value)


# cloudProvider: compared with strings.EqualFold (installer.go@v26.06.0:222-257, yaml_factory.go@v26.06.0:629);
# empty means none.
CLOUD_PROVIDER_CHOICES = (*get_args(facts.CLOUD_PROVIDERS), "")
# logLevel: Trident and its sidecars read it with logrus.ParseLevel, which lower-cases it (logging/logging.go@v26.06.0:
# 79-84, logging/logger.go@v26.06.0:507-521).
LOG_LEVEL_CHOICES: tuple[str, ...] = get_args(facts.LOG_LEVELS)
# fsGroupPolicy: fsGroupPolicyPrechecks and GetCSIDriverYAML lower-case it and write the CSIDriver's canonical
# spelling (installer.go@v26.06.0:365-379, yaml_factory.go@v26.06.0:3518-3536).
FS_GROUP_POLICY_CHOICES = ("ReadWriteOnceWithFSType", "None", "File")


def _log_workflows(value: str) -> str | None:
    # logging.processWorkflowString: every ';'-separated part is 'category:operation[,operation]'.
    for part in value.split(";"):
        if ":" not in part:
            return f"workflow {part!r} has no ':' (write category:operation,operation;category:operation)"
    return None


def _log_layers(value: str) -> str | None:
    layers = value[1:] if value.startswith("+") else value
    if any(not layer for layer in layers.split(",")):
        return f"{value!r} has an empty layer (write layer,layer with an optional leading '+')"
    return None


def _absolute_path(value: str) -> str | None:
    return None if value.startswith("/") else f"{value!r} is not an absolute path"


def check_resources(resources: Resources, path: str, issues: Issues) -> None:
    """populateResources and validateResources of the operator (25.10+): container names per pod, and every
    request (the operator's default where left out) not above its limit."""
    for where, pod, containers in resources.pods():
        allowed = facts.RESOURCE_CONTAINERS[pod]
        seen: dict[str, str] = {}
        for raw_name, container in containers.items():
            name = raw_name.strip().lower()  # the operator normalises the name first
            at = join(join(path, where), raw_name)
            if name not in allowed:
                issues.error(at, f"is not a container of the {pod} pod ({', '.join(allowed)})")
                continue
            if name in seen:
                # The operator applies both in map order, so which one wins is not defined.
                issues.warn(at, f"names the same container as {seen[name]!r}")
            seen[name] = raw_name
            defaults = facts.DEFAULT_RESOURCE_REQUESTS[pod][name]
            for resource, default in zip(("cpu", "memory"), defaults, strict=True):
                limit = getattr(container.limits, resource) if container.limits else None
                request = (getattr(container.requests, resource) if container.requests else None) or default
                limit_value = quantity.value(limit) if limit is not None else None
                request_value = quantity.value(request)
                if limit_value is None or request_value is None or request_value <= limit_value:
                    continue
                given = bool(container.requests and getattr(container.requests, resource))
                origin = "" if given else " (the operator's default)"
                issues.error(
                    join(join(at, "limits"), resource),
                    f"{limit} is below the {resource} request {request}{origin}; "
                    "the operator refuses a request above its limit",
                )


@dataclass(frozen=True, kw_only=True)
class Toleration:
    key: str | None = spec_field(
        "Taint key to tolerate; empty with operator Exists tolerates every taint.", default=None
    )
    operator: Literal["Equal", "Exists"] = spec_field("How the key and value are compared.", default="Equal")
    value: str | None = spec_field("Taint value (operator Equal).", default=None)
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"] | None = spec_field(
        "Taint effect to tolerate; empty tolerates all effects.", default=None
    )
    toleration_seconds: int | None = spec_field("With NoExecute: how long the pod stays bound.", default=None)

    @rule("operator", "value")
    def _exists_has_no_value(self, path: str, issues: Issues) -> None:
        if self.operator == "Exists" and self.value is not None:
            issues.error(join(path, "value"), "must be empty when operator is Exists")

    @rule("toleration_seconds", "effect")
    def _seconds_need_no_execute(self, path: str, issues: Issues) -> None:
        if self.toleration_seconds is not None and self.effect != "NoExecute":
            issues.error(join(path, "toleration_seconds"), "only applies with effect NoExecute")

    def render(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name, key in (
            ("key", "key"),
            ("operator", "operator"),
            ("value", "value"),
            ("effect", "effect"),
            ("toleration_seconds", "tolerationSeconds"),
        ):
            value = getattr(self, name)
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True, kw_only=True)
class Placement:
    node_selector: Mapping[str, str] = spec_field("Node labels the pods must match.", factory=dict)
    tolerations: tuple[Toleration, ...] = spec_field("Taints the pods tolerate.", factory=tuple)


@dataclass(frozen=True, kw_only=True)
class Metrics:
    https: bool | None = spec_field(
        "httpsMetrics: serve Prometheus metrics over HTTPS with client authentication on port 8444 "
        "(Trident >= 25.10) instead of HTTP on 8001. Leave it out for Trident's default, false.",
        default=None,
    )


@dataclass(frozen=True, kw_only=True)
class Autosupport:
    enabled: bool | None = spec_field(
        "Send daily AutoSupport telemetry to NetApp (written as silenceAutosupport, its negation). "
        "Leave it out for Trident's default: enabled.",
        default=None,
    )
    exclude: bool | None = spec_field(
        "excludeAutosupport: do not run the autosupport container at all (Trident >= 25.06). "
        "Leave it out for Trident's default, false.",
        default=None,
    )
    image: str | None = spec_field(
        "autosupportImage: full reference of the autosupport image, used as written (image_registry does not "
        "rewrite it). Leave it out for the release's image (see `tridentops images`).",
        default=None,
        check=image_reference,
    )
    proxy: str | None = spec_field("autosupportProxy: HTTP proxy for AutoSupport uploads.", default=None)
    insecure: bool | None = spec_field(
        "autosupportInsecure: skip TLS verification for AutoSupport uploads.", default=None
    )
    serial_number: str | None = spec_field(
        "autosupportSerialNumber: serial number AutoSupport reports (Trident's default: none).", default=None
    )
    hostname: str | None = spec_field(
        "autosupportHostname: host name AutoSupport reports (Trident's default: none).", default=None
    )


@dataclass(frozen=True, kw_only=True)
class ContainerQuantities:
    cpu: str | None = spec_field("CPU, a Kubernetes quantity (e.g. 10m, 0.5).", default=None, check=_resource_quantity)
    memory: str | None = spec_field(
        "Memory, a Kubernetes quantity (e.g. 80Mi, 1Gi).", default=None, check=_resource_quantity
    )

    def render(self) -> dict[str, str]:
        return {k: v for k, v in (("cpu", self.cpu), ("memory", self.memory)) if v is not None}


@dataclass(frozen=True, kw_only=True)
class ContainerResources:
    requests: ContainerQuantities | None = spec_field(
        "Requests; the operator keeps its default request for what is left out.", default=None
    )
    limits: ContainerQuantities | None = spec_field("Limits (Trident sets none by default).", default=None)

    def render(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.requests is not None:
            out["requests"] = self.requests.render()
        if self.limits is not None:
            out["limits"] = self.limits.render()
        return out


@dataclass(frozen=True, kw_only=True)
class NodeResources:
    linux: Mapping[str, ContainerResources] | None = spec_field(
        "Per container of the Linux node pods: trident-main, node-driver-registrar.", default=None
    )
    windows: Mapping[str, ContainerResources] | None = spec_field(
        "Per container of the Windows node pods: trident-main, node-driver-registrar, liveness-probe.", default=None
    )


@dataclass(frozen=True, kw_only=True)
class Resources:
    controller: Mapping[str, ContainerResources] | None = spec_field(
        "Per container of the controller pod: trident-main, csi-provisioner, csi-attacher, csi-resizer, "
        "csi-snapshotter, trident-autosupport.",
        default=None,
    )
    node: NodeResources | None = spec_field("Node pods, per operating system.", default=None)

    def pods(self) -> list[tuple[str, str, Mapping[str, ContainerResources]]]:
        """(spec path below resources, the operator's name for the pod, containers) for every pod given."""
        out: list[tuple[str, str, Mapping[str, ContainerResources]]] = []
        if self.controller is not None:
            out.append(("controller", "Controller", self.controller))
        if self.node is not None and self.node.linux is not None:
            out.append(("node.linux", "NodeLinux", self.node.linux))
        if self.node is not None and self.node.windows is not None:
            out.append(("node.windows", "NodeWindows", self.node.windows))
        return out

    def render(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.controller is not None:
            out["controller"] = {name: c.render() for name, c in self.controller.items()}
        if self.node is not None:
            node: dict[str, object] = {}
            if self.node.linux is not None:
                node["linux"] = {name: c.render() for name, c in self.node.linux.items()}
            if self.node.windows is not None:
                node["windows"] = {name: c.render() for name, c in self.node.windows.items()}
            out["node"] = node
        return out


@dataclass(frozen=True, kw_only=True)
class SidecarImages:
    """Full references of the CSI sidecar images, passed to the operator in its environment (Trident >= 25.02)."""

    provisioner: str | None = spec_field("csi-provisioner image.", default=None, check=image_reference)
    attacher: str | None = spec_field("csi-attacher image.", default=None, check=image_reference)
    resizer: str | None = spec_field("csi-resizer image.", default=None, check=image_reference)
    snapshotter: str | None = spec_field("csi-snapshotter image.", default=None, check=image_reference)
    node_driver_registrar: str | None = spec_field(
        "csi-node-driver-registrar image.", default=None, check=image_reference
    )
    liveness_probe: str | None = spec_field(
        "livenessprobe image (Windows node pods only).", default=None, check=image_reference
    )

    def given(self) -> dict[str, str]:
        """The references set, by field name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


@dataclass(frozen=True, kw_only=True)
class TridentSpec:
    version: str = spec_field(
        "Trident release to install (YY.MM.patch). Pins the operator image, which installs the same Trident release.",
        default=facts.DEFAULT_VERSION,
        check=checks.trident_version,
    )
    namespace: str = spec_field(
        "Namespace Trident runs in; backends and their Secrets live here too. Cannot change after install. "
        "Always written in the TridentOrchestrator: the operator would otherwise install into 'default'.",
        default=facts.DEFAULT_NAMESPACE,
        check=checks.dns_label,
    )
    install_method: Literal["operator", "eks_addon", "external"] = spec_field(
        "operator: tridentops applies the operator bundle and the TridentOrchestrator. "
        "eks_addon: the EKS add-on netapp_trident-operator installs them (AWS only). "
        "external: Trident is installed by other means (Helm, OperatorHub, tridentctl); tridentops only "
        "manages backends and classes, once Trident's CRDs are registered.",
        default="operator",
    )
    image_registry: str | None = spec_field(
        "imageRegistry: private registry that mirrors the Trident, operator, autosupport and CSI sidecar images "
        "(air-gapped installs), for example registry.example.com/trident. Each image keeps its last path "
        "element (registry.example.com/trident/csi-provisioner:v6.3.0); trident_image, autosupport.image and "
        "operator_image are used as written instead.",
        default=None,
    )
    operator_image: str | None = spec_field(
        "Full reference of the trident-operator image tridentops deploys, used as written. Leave it out for "
        "<image_registry or docker.io/netapp>/trident-operator:<version>.",
        default=None,
        check=image_reference,
    )
    trident_image: str | None = spec_field(
        "tridentImage: full reference of the Trident image, used as written. The operator runs it to read "
        "its version and refuses an image of another release (YY.MM) than its own.",
        default=None,
        check=image_reference,
    )
    sidecar_images: SidecarImages = spec_field(
        "Full references of the CSI sidecar images (Trident >= 25.02: the operator reads them from its "
        "environment; the TridentOrchestrator has no field for them). image_registry still replaces their "
        "registry, as the operator does.",
        factory=SidecarImages,
    )
    image_pull_secrets: tuple[str, ...] = spec_field(
        "imagePullSecrets: Secrets (in the Trident namespace) used to pull images.",
        factory=tuple,
        check=checks.dns_names,
    )
    image_pull_policy: facts.PULL_POLICIES | None = spec_field(
        "imagePullPolicy for all Trident pods (and the operator's). Leave it out for Trident's default, IfNotPresent.",
        default=None,
    )
    cloud_provider: str | None = spec_field(
        "Cloud whose workload identity Trident uses: AWS, Azure or GCP, in any case as the operator compares it "
        "(written as given). AWS for FSx for NetApp ONTAP; GCP needs Trident >= 24.10. AWS and GCP need "
        "cloud_identity; leave it out with EKS Pod Identity. An empty string is written as given and means no "
        "cloud, as leaving it out does (Trident's sample orchestrator writes it).",
        default=None,
        check=_one_of_ignoring_case(*CLOUD_PROVIDER_CHOICES),
    )
    cloud_identity: str | None = spec_field(
        "Workload identity annotation for the trident-controller ServiceAccount, "
        "e.g. 'eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/trident'.",
        default=None,
    )
    node_prep: tuple[Literal["iscsi"], ...] = spec_field(
        "Protocols Trident prepares on the nodes (at most one: iscsi; Trident >= 24.10).", factory=tuple
    )
    controller_placement: Placement = spec_field(
        "Node selector and tolerations for the operator and the Trident controller.", factory=Placement
    )
    node_placement: Placement = spec_field(
        "Node selector and tolerations for the Trident node DaemonSet.", factory=Placement
    )
    log_level: str | None = spec_field(
        "logLevel of Trident: trace, debug, info, warn, warning, error, fatal or panic, in any case as Trident "
        "reads it (written as given). Leave it out for Trident's default, info.",
        default=None,
        check=_one_of_ignoring_case(*LOG_LEVEL_CHOICES),
    )
    log_format: Literal["text", "json"] | None = spec_field(
        "logFormat of Trident. Leave it out for Trident's default, text.", default=None
    )
    debug: bool | None = spec_field(
        "debug: true sets Trident's log level to debug, whatever log_level says.", default=None
    )
    log_workflows: str | None = spec_field(
        "logWorkflows: workflows Trident traces, 'category:operation,operation;category:operation' "
        "(e.g. 'cr:all;core:init').",
        default=None,
        check=_log_workflows,
    )
    log_layers: str | None = spec_field(
        "logLayers: code layers Trident traces, comma separated; a leading '+' makes them additive. "
        "Example: 'core,csi_frontend'.",
        default=None,
        check=_log_layers,
    )
    metrics: Metrics = spec_field("Prometheus metrics endpoint.", factory=Metrics)
    autosupport: Autosupport = spec_field("NetApp AutoSupport telemetry.", factory=Autosupport)
    windows: bool | None = spec_field(
        "windows: also run the Windows node DaemonSet. Leave it out for Trident's default, false.", default=None
    )
    enable_force_detach: bool | None = spec_field(
        "enableForceDetach: force detach on non-graceful node shutdown. Leave it out for Trident's default, false.",
        default=None,
    )
    fs_group_policy: str | None = spec_field(
        "fsGroupPolicy of the CSIDriver (Trident >= 25.06): ReadWriteOnceWithFSType, None or File, in any case as "
        "the operator compares it (written as given; the CSIDriver gets the canonical spelling).",
        default=None,
        check=_one_of_ignoring_case(*FS_GROUP_POLICY_CHOICES),
    )
    k8s_api_qps: int | None = spec_field(
        "Queries per second Trident may send to the Kubernetes API (Trident >= 24.10; Trident uses at least 10; "
        "leave it out for Trident's default, 100).",
        default=None,
        check=checks.in_range(1, facts.MAX_INT32),
    )
    k8s_timeout: int | None = spec_field(
        "Timeout in seconds for Kubernetes operations during install.", default=None, check=checks.in_range(1, 3600)
    )
    ipv6: bool | None = spec_field("IPv6: run Trident on an IPv6 cluster (Trident's default: false).", default=None)
    disable_audit_log: bool | None = spec_field(
        "disableAuditLog: false turns Trident's audit log on. Leave it out for Trident's default, true (off).",
        default=None,
    )
    http_request_timeout: str | None = spec_field(
        "httpRequestTimeout: timeout of Trident's HTTP requests, a Go duration (e.g. 90s, 2m30s; not negative). "
        "Leave it out for Trident's default, 90s.",
        default=None,
        check=_duration,
    )
    iscsi_self_healing_interval: str | None = spec_field(
        "iscsiSelfHealingInterval: how often Trident repairs stale iSCSI sessions, a Go duration (0 turns it off; "
        "Trident's default 5m0s).",
        default=None,
        check=_duration,
    )
    iscsi_self_healing_wait_time: str | None = spec_field(
        "iscsiSelfHealingWaitTime: how long an iSCSI session stays stale before Trident logs out and in again, "
        "a Go duration (Trident's default 7m0s).",
        default=None,
        check=_duration,
    )
    probe_port: int | None = spec_field(
        "probePort: port of the node pods' liveness and readiness probes (Trident's default 17546).",
        default=None,
        check=checks.in_range(1, 65535),
    )
    kubelet_dir: str | None = spec_field(
        "kubeletDir: the kubelet's root directory on the nodes (Trident's default /var/lib/kubelet).",
        default=None,
        check=_absolute_path,
    )
    host_network: bool | None = spec_field(
        "hostNetwork: run the Trident controller pod in the host network (Trident >= 25.10).", default=None
    )
    enable_concurrency: bool | None = spec_field(
        "enableConcurrency: Trident's concurrent core (Trident >= 25.06, tech preview); it refuses backends of "
        "drivers it does not support yet.",
        default=None,
    )
    enable_auto_backend_config: bool | None = spec_field(
        "enableAutoBackendConfig (Trident >= 25.02): set by Trident's Helm chart with a TridentConfigurator; "
        "the operator does not act on it.",
        default=None,
    )
    resources: Resources | None = spec_field(
        "resources: CPU and memory requests and limits of Trident's containers (Trident >= 25.10). The operator "
        "keeps its default request for what is left out, and refuses a request above its limit.",
        default=None,
    )
    enable_acp: bool | None = spec_field(
        "enableACP: the Astra Control Provisioner sidecar (Trident 24.06; ignored from 24.10, where it is built in).",
        default=None,
    )
    acp_image: str | None = spec_field(
        "acpImage: the Astra Control Provisioner image (Trident 24.06; ignored from 24.10).",
        default=None,
        check=image_reference,
    )
    uninstall: bool | None = spec_field(
        "uninstall: true makes the operator uninstall Trident (keeping its CRDs and volumes unless wipeout "
        "says crds). Backends cannot become ready then.",
        default=None,
    )
    wipeout: tuple[str, ...] | None = spec_field(
        "wipeout: with uninstall, 'crds' also deletes Trident's CRDs and every Trident object (all Trident state).",
        default=None,
    )
    skip_crds_to_obliviate: tuple[str, ...] | None = spec_field(
        "skipCRDsToObliviate: CRD names wipeout keeps (Trident >= 25.06).", default=None, check=checks.dns_names
    )
    labels: Mapping[str, str] = spec_field(
        "Labels of the TridentOrchestrator object (e.g. a team label), merged with the labels tridentops adds; "
        "the operator does not copy them to what it installs. tridentops' own labels are refused.",
        factory=dict,
        check=metadata.valid_labels,
    )
    annotations: Mapping[str, str] = spec_field(
        "Annotations of the TridentOrchestrator object (e.g. argocd.argoproj.io/sync-options), kept as written. "
        "tridentops.io/ keys, kubectl's last-applied configuration and Helm's release annotations are refused.",
        factory=dict,
        check=metadata.valid_annotations,
    )

    @property
    def effective_image_pull_policy(self) -> str:
        """The pull policy Trident's pods get (the operator's default when the spec leaves it out)."""
        return self.image_pull_policy or facts.DEFAULT_IMAGE_PULL_POLICY

    @property
    def effective_log_level(self) -> str:
        """Trident's log level as the operator sets it (setInstallationParams: debug wins, then logLevel, info),
        lower-cased as logrus.ParseLevel reads it."""
        if self.debug:
            return "debug"
        return (self.log_level or "info").lower()

    @property
    def cloud(self) -> str | None:
        """cloud_provider spelt as the operator's constants (AWS, Azure, GCP; '' for none): what the rules compare."""
        return canonical(self.cloud_provider, CLOUD_PROVIDER_CHOICES)

    @rule("resources", "version")
    def _resources(self, path: str, issues: Issues) -> None:
        if self.resources is not None:
            check_resources(self.resources, join(path, "resources"), issues)

    @rule("trident_image", "version")
    def _trident_image_release(self, path: str, issues: Issues) -> None:
        # imagePrechecks: the operator runs a custom image and refuses it unless its YY.MM is the operator's.
        tag = image_tag(self.trident_image or "")
        found = re.match(r"^v?(\d{2})\.(\d{2})(?:\.\d+)?$", tag)
        if found and checks.trident_version(self.version) is None:
            image_release = f"{found[1]}.{found[2]}"
            if image_release != checks.release(self.version):
                issues.error(
                    join(path, "trident_image"),
                    f"is Trident {image_release}; the operator of {self.version} refuses an image of another release "
                    "(unsupported Trident image version)",
                )

    @rule("version", "enable_acp", "acp_image")
    def _acp_is_obsolete(self, path: str, issues: Issues) -> None:
        used = self.enable_acp or self.acp_image
        if used and checks.trident_version(self.version) is None and checks.release(self.version) >= "24.10":
            issues.warn(
                join(path, "enable_acp" if self.enable_acp else "acp_image"),
                f"the operator of {self.version} ignores it: ACP is built into Trident since 24.10",
            )

    @rule("uninstall", "wipeout")
    def _uninstall(self, path: str, issues: Issues) -> None:
        if self.uninstall:
            issues.warn(join(path, "uninstall"), "the operator uninstalls Trident; backends and classes cannot work")
        unknown = [w for w in self.wipeout or () if w.lower() != "crds"]
        if unknown:
            issues.warn(join(path, "wipeout"), f"the operator acts only on 'crds' and ignores {', '.join(unknown)}")

    @rule("cloud_identity", "cloud_provider")
    def _cloud_identity(self, path: str, issues: Issues) -> None:
        # The operator's cloudIdentityPrechecks. AWS without an identity is judged with the aws section
        # (check_cloud_identity), which may fill it in.
        if self.cloud_identity is not None:
            # The operator takes an empty cloudProvider for none (installer.go@v26.06.0:224).
            if not self.cloud_provider:
                issues.error(join(path, "cloud_identity"), "needs cloud_provider (AWS, Azure or GCP)")
            else:
                prefix = facts.CLOUD_IDENTITY_PREFIX[self.cloud or ""]
                if not self.cloud_identity.strip("'\" ").startswith(prefix):
                    issues.error(
                        join(path, "cloud_identity"),
                        f"for cloud_provider {self.cloud_provider} must start with '{prefix}'",
                    )
        elif self.cloud == "GCP":
            issues.error(join(path, "cloud_identity"), _identity_required("GCP"))

    @rule("labels", "annotations")
    def _object_metadata(self, path: str, issues: Issues) -> None:
        metadata.check_reserved(self.labels, self.annotations, path, issues)

    @rule("install_method", "cloud_provider")
    def _eks_addon_is_aws(self, path: str, issues: Issues) -> None:
        # With EKS Pod Identity the add-on runs Trident without a cloud provider, so only another cloud is wrong.
        if self.install_method == "eks_addon" and self.cloud not in (None, "", "AWS"):
            issues.error(
                join(path, "install_method"),
                f"eks_addon installs Trident on EKS: cloud_provider must be AWS or left out, not {self.cloud_provider}",
            )

    @rule("node_prep")
    def _one_node_prep_protocol(self, path: str, issues: Issues) -> None:
        if len(self.node_prep) > len(facts.NODE_PREP_PROTOCOLS):
            issues.error(
                join(path, "node_prep"),
                f"lists {len(self.node_prep)} protocols; Trident's operator prepares one ("
                f"{', '.join(facts.NODE_PREP_PROTOCOLS)}) and refuses the installation otherwise",
            )

    @rule("version", "cloud_provider")
    def _cloud_provider_in_release(self, path: str, issues: Issues) -> None:
        since = facts.CLOUD_PROVIDER_SINCE.get(self.cloud or "")
        if since and checks.release(self.version) < since:
            issues.error(
                join(path, "cloud_provider"),
                f"{self.cloud_provider} needs Trident {since} or later (version is {self.version}); "
                "older operators refuse it as not a valid cloud provider",
            )

    @rule("k8s_api_qps")
    def _qps_floor(self, path: str, issues: Issues) -> None:
        # The operator does not refuse a lower value: Trident raises it to its minimum (MinimumK8sAPIQPS).
        if self.k8s_api_qps is not None and self.k8s_api_qps < facts.MIN_K8S_API_QPS:
            issues.warn(
                join(path, "k8s_api_qps"),
                f"Trident raises {self.k8s_api_qps} to its minimum, {facts.MIN_K8S_API_QPS} queries per second",
            )

    @rule("version", "sidecar_images", *sorted({spec_path.split(".")[0] for spec_path in TORC_FIELDS.values()}))
    def _release_has_the_features(self, path: str, issues: Issues) -> None:
        release = checks.release(self.version)
        if release not in facts.RELEASES:
            newest = max(facts.RELEASES)
            if release > newest:
                issues.warn(
                    join(path, "version"),
                    f"Trident {release} is newer than {newest}, the newest release tridentops knows",
                )
            else:
                issues.error(join(path, "version"), f"Trident {release} is not a release ({', '.join(facts.RELEASES)})")
        gated = {
            spec_path: facts.TORC_FIELD_SINCE[key]
            for key, spec_path in TORC_FIELDS.items()
            if key in facts.TORC_FIELD_SINCE
        }
        gated["sidecar_images"] = facts.SIDECAR_IMAGE_ENV_SINCE
        for spec_path, since in gated.items():
            if self._uses(spec_path) and release < since:
                issues.error(join(path, spec_path), f"needs Trident {since} or later (version is {self.version})")

    def _uses(self, spec_path: str) -> bool:
        value: object = self
        for part in spec_path.split("."):
            value = getattr(value, part)
        if isinstance(value, SidecarImages):
            return bool(value.given())
        return value is not None and value != ()


def _identity_required(provider: str) -> str:
    prefix = facts.CLOUD_IDENTITY_PREFIX[provider]
    return (
        f"is required with cloud_provider {provider}: Trident's operator refuses {provider} without a "
        f"cloudIdentity ('{prefix} ...')"
    )


def check_cloud_identity(trident: TridentSpec, issues: Issues) -> None:
    """cloud_provider AWS needs a cloud_identity, as the operator requires. Run across sections: with IRSA in
    the aws section tridentops fills the identity in itself, and this check does not apply."""
    if trident.cloud == "AWS" and trident.cloud_identity is None:
        issues.error(
            "trident.cloud_identity",
            f"{_identity_required('AWS')}; with EKS Pod Identity leave cloud_provider out",
        )
