"""The ``trident`` section: how Trident itself is installed (operator, images, identity, placement)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from . import checks, facts
from .issues import Issues, join
from .schema import rule, spec_field


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
    https: bool = spec_field(
        "Serve Prometheus metrics over HTTPS with client authentication on port 8444 (Trident >= 25.10) "
        "instead of HTTP on 8001.",
        default=False,
    )


@dataclass(frozen=True, kw_only=True)
class Autosupport:
    enabled: bool = spec_field(
        "Send daily AutoSupport telemetry to NetApp (silenceAutosupport when false).", default=True
    )
    exclude: bool = spec_field("Do not run the autosupport container at all (Trident >= 25.06).", default=False)
    proxy: str | None = spec_field("HTTP proxy for AutoSupport uploads.", default=None)
    insecure: bool = spec_field("Skip TLS verification for AutoSupport uploads.", default=False)


@dataclass(frozen=True, kw_only=True)
class TridentSpec:
    version: str = spec_field(
        "Trident release to install (YY.MM.patch). Pins the operator image, which installs the same Trident release.",
        default=facts.DEFAULT_VERSION,
        check=checks.trident_version,
    )
    namespace: str = spec_field(
        "Namespace Trident runs in; backends and their Secrets live here too. Cannot change after install.",
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
        "Private registry that mirrors the Trident, operator and CSI sidecar images (air-gapped installs), "
        "for example registry.example.com/trident.",
        default=None,
    )
    image_pull_secrets: tuple[str, ...] = spec_field(
        "Secrets (in the Trident namespace) used to pull images.", factory=tuple, check=checks.dns_names
    )
    image_pull_policy: facts.PULL_POLICIES = spec_field(
        "Image pull policy for all Trident pods.", default="IfNotPresent"
    )
    cloud_provider: facts.CLOUD_PROVIDERS | None = spec_field(
        "Cloud whose workload identity Trident uses (AWS for FSx for NetApp ONTAP; GCP needs Trident >= 24.10). "
        "AWS and GCP need cloud_identity; leave it out with EKS Pod Identity.",
        default=None,
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
    log_level: facts.LOG_LEVELS = spec_field("Trident log level.", default="info")
    log_format: Literal["text", "json"] = spec_field("Trident log format.", default="text")
    metrics: Metrics = spec_field("Prometheus metrics endpoint.", factory=Metrics)
    autosupport: Autosupport = spec_field("NetApp AutoSupport telemetry.", factory=Autosupport)
    windows: bool = spec_field("Also run the Windows node DaemonSet.", default=False)
    enable_force_detach: bool = spec_field("Force detach on non-graceful node shutdown.", default=False)
    fs_group_policy: Literal["ReadWriteOnceWithFSType", "None", "File"] | None = spec_field(
        "fsGroupPolicy of the CSIDriver (Trident >= 25.06).", default=None
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
    ipv6: bool = spec_field("Run Trident on an IPv6 cluster.", default=False)

    @rule("cloud_identity", "cloud_provider")
    def _cloud_identity(self, path: str, issues: Issues) -> None:
        # The operator's cloudIdentityPrechecks. AWS without an identity is judged with the aws section
        # (check_cloud_identity), which may fill it in.
        if self.cloud_identity is not None:
            if self.cloud_provider is None:
                issues.error(join(path, "cloud_identity"), "needs cloud_provider (AWS, Azure or GCP)")
            else:
                prefix = facts.CLOUD_IDENTITY_PREFIX[self.cloud_provider]
                if not self.cloud_identity.strip("'\" ").startswith(prefix):
                    issues.error(
                        join(path, "cloud_identity"),
                        f"for cloud_provider {self.cloud_provider} must start with '{prefix}'",
                    )
        elif self.cloud_provider == "GCP":
            issues.error(join(path, "cloud_identity"), _identity_required("GCP"))

    @rule("install_method", "cloud_provider")
    def _eks_addon_is_aws(self, path: str, issues: Issues) -> None:
        # With EKS Pod Identity the add-on runs Trident without a cloud provider, so only another cloud is wrong.
        if self.install_method == "eks_addon" and self.cloud_provider not in (None, "AWS"):
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
        since = facts.CLOUD_PROVIDER_SINCE.get(self.cloud_provider or "")
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

    @rule("version", "node_prep", "k8s_api_qps", "autosupport", "fs_group_policy", "metrics")
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
        for torc_field, since in facts.TORC_FIELD_SINCE.items():
            spec_path = _TORC_FIELD_TO_SPEC.get(torc_field)
            if spec_path and self._uses(spec_path) and release < since:
                issues.error(join(path, spec_path), f"needs Trident {since} or later (version is {self.version})")

    def _uses(self, spec_path: str) -> bool:
        value: object = self
        for part in spec_path.split("."):
            value = getattr(value, part)
        return value not in (None, False, ())


def _identity_required(provider: str) -> str:
    prefix = facts.CLOUD_IDENTITY_PREFIX[provider]
    return (
        f"is required with cloud_provider {provider}: Trident's operator refuses {provider} without a "
        f"cloudIdentity ('{prefix} ...')"
    )


def check_cloud_identity(trident: TridentSpec, issues: Issues) -> None:
    """cloud_provider AWS needs a cloud_identity, as the operator requires. Run across sections: with IRSA in
    the aws section tridentops fills the identity in itself, and this check does not apply."""
    if trident.cloud_provider == "AWS" and trident.cloud_identity is None:
        issues.error(
            "trident.cloud_identity",
            f"{_identity_required('AWS')}; with EKS Pod Identity leave cloud_provider out",
        )


# Which spec field turns on which version-gated TridentOrchestrator field.
_TORC_FIELD_TO_SPEC = {
    "nodePrep": "node_prep",
    "k8sAPIQPS": "k8s_api_qps",
    "excludeAutosupport": "autosupport.exclude",
    "fsGroupPolicy": "fs_group_policy",
    "httpsMetrics": "metrics.https",
}
