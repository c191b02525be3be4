"""Render the ``protect`` section: Trident protect's installation, then its AppVaults, Applications and Schedules.

With ``install_method: manifests`` the installation is the objects the ``trident-protect`` Helm chart of the
pinned release creates, at the level tridentops relies on: the namespace, the protect CRDs (registered
schema-less, with a status subresource; the chart's carry OpenAPI schemas), the controller's ServiceAccount
and RBAC, and the controller Deployment with the pinned image and the cluster name. The chart's further
settings (resource limits, webhooks, autosupport) are not reproduced; install with the chart and
``install_method: external`` where those matter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .kinds import (
    APPLICATION,
    APPVAULT,
    BACKUP,
    BACKUP_RESTORE,
    PROTECT_CRD_KINDS,
    SCHEDULE,
    SNAPSHOT,
    open_crd,
)
from .protect import (
    CONTROLLER_NAME,
    CREDENTIAL_KEYS,
    DEFAULT_REGISTRY,
    GROUP,
    TIME_FIELDS,
    Application,
    ProtectSpec,
    Schedule,
    Vault,
    chart_version,
)

K8sObject = dict[str, Any]
API_VERSION = f"{GROUP}/v1"
CONTROLLER_LABELS = {"app.kubernetes.io/name": "trident-protect", "control-plane": "controller-manager"}
# The CRDs whose registration means Trident protect can take tridentops' objects and actions.
REQUIRED_CRDS = tuple(
    f"{kind.plural}.{kind.group}" for kind in (APPVAULT, APPLICATION, SNAPSHOT, BACKUP, SCHEDULE, BACKUP_RESTORE)
)


def controller_image(protect: ProtectSpec) -> str:
    registry = (protect.image_registry or DEFAULT_REGISTRY).rstrip("/")
    return f"{registry}/controller:{protect.version}"


def install_objects(protect: ProtectSpec, labels: dict[str, str]) -> list[K8sObject]:
    if protect.install_method != "manifests":
        return []
    meta = {**labels, **CONTROLLER_LABELS, "helm.sh/chart": f"trident-protect-{chart_version(protect.version)}"}
    ns = protect.namespace
    return [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": labels}},
        *(open_crd(kind, labels) for kind in PROTECT_CRD_KINDS),
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {"name": CONTROLLER_NAME, "namespace": ns, "labels": meta},
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole",
            "metadata": {"name": CONTROLLER_NAME, "labels": meta},
            # Backups read, and restores create, any kind an application is made of.
            "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}],
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding",
            "metadata": {"name": CONTROLLER_NAME, "labels": meta},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": CONTROLLER_NAME},
            "subjects": [{"kind": "ServiceAccount", "name": CONTROLLER_NAME, "namespace": ns}],
        },
        _deployment(protect, meta),
    ]


def _deployment(protect: ProtectSpec, labels: dict[str, str]) -> K8sObject:
    pod: dict[str, Any] = {
        "serviceAccountName": CONTROLLER_NAME,
        "containers": [
            {
                "name": "manager",
                "image": controller_image(protect),
                "env": [{"name": "CLUSTER_NAME", "value": protect.cluster_name or ""}],
                "securityContext": {"allowPrivilegeEscalation": False},
            }
        ],
    }
    if protect.image_pull_secrets:
        pod["imagePullSecrets"] = [{"name": s} for s in protect.image_pull_secrets]
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": CONTROLLER_NAME, "namespace": protect.namespace, "labels": labels},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": dict(CONTROLLER_LABELS)},
            "template": {"metadata": {"labels": dict(CONTROLLER_LABELS)}, "spec": pod},
        },
    }


def app_vault(vault: Vault, namespace: str, labels: dict[str, str]) -> K8sObject:
    config: dict[str, Any] = {"bucketName": vault.bucket}
    if vault.config_key == "s3":
        config["endpoint"] = vault.endpoint or (
            f"s3.{vault.region}.amazonaws.com" if vault.region else "s3.amazonaws.com"
        )
        # The documented examples give these two as strings.
        config["secure"] = "true" if vault.secure else "false"
        config["skipCertValidation"] = "true" if vault.skip_cert_validation else "false"
        if vault.use_iam:
            config["useIAM"] = True
    elif vault.config_key == "azure":
        config["accountName"] = vault.account_name
    else:
        config["projectID"] = vault.project_id
    spec: dict[str, Any] = {"providerType": vault.provider, "providerConfig": {vault.config_key: config}}
    if vault.credentials_secret is not None:
        spec["providerCredentials"] = {
            key: {"valueFromSecret": {"name": vault.credentials_secret, "key": key}}
            for key in CREDENTIAL_KEYS[vault.config_key]
        }
    if vault.data_mover_password_secret is not None:
        spec["dataMoverPasswordSecretRef"] = vault.data_mover_password_secret
    return {
        "apiVersion": API_VERSION,
        "kind": "AppVault",
        "metadata": {"name": vault.name, "namespace": namespace, "labels": labels},
        "spec": spec,
    }


def application(app: Application, labels: dict[str, str]) -> K8sObject:
    included = []
    for entry in app.namespaces:
        item: dict[str, Any] = {"namespace": entry.namespace}
        selector: dict[str, Any] = {}
        if entry.match_labels:
            selector["matchLabels"] = dict(sorted(entry.match_labels.items()))
        if entry.match_expressions:
            selector["matchExpressions"] = [
                {"key": r.key, "operator": r.operator, **({"values": list(r.values)} if r.values else {})}
                for r in entry.match_expressions
            ]
        if selector:
            item["labelSelector"] = selector
        included.append(item)
    return {
        "apiVersion": API_VERSION,
        "kind": "Application",
        "metadata": {"name": app.name, "namespace": app.namespace, "labels": labels},
        "spec": {"includedNamespaces": included},
    }


_CR_TIME_FIELDS = {
    "minute": "minute",
    "hour": "hour",
    "day_of_week": "dayOfWeek",
    "day_of_month": "dayOfMonth",
    "recurrence_rule": "recurrenceRule",
}


def schedule(item: Schedule, namespace: str, labels: dict[str, str]) -> K8sObject:
    spec: dict[str, Any] = {
        "applicationRef": item.application,
        "appVaultRef": item.vault,
        "granularity": item.granularity,
        # Trident protect takes counts and times as strings.
        "backupRetention": str(item.backup_retention),
        "snapshotRetention": str(item.snapshot_retention),
        "backupReclaimPolicy": item.backup_reclaim_policy,
        "snapshotReclaimPolicy": item.snapshot_reclaim_policy,
        "dataMover": item.data_mover,
        "enabled": item.enabled,
    }
    for name in TIME_FIELDS:
        value = getattr(item, name)
        if value is not None:
            spec[_CR_TIME_FIELDS[name]] = str(value)
    return {
        "apiVersion": API_VERSION,
        "kind": "Schedule",
        "metadata": {"name": item.name, "namespace": namespace, "labels": labels},
        "spec": dict(sorted(spec.items())),
    }


def protect_objects(protect: ProtectSpec, labels: dict[str, str]) -> list[K8sObject]:
    """Installation (if tridentops installs), then AppVaults, Applications and Schedules, in apply order."""
    out = install_objects(protect, labels)
    out += [app_vault(v, protect.namespace, labels) for v in protect.vaults]
    out += [application(a, labels) for a in protect.applications]
    for item in protect.schedules:
        app = protect.application(item.application)
        if app is None:  # validation refuses such a spec
            raise ValueError(f"schedule {item.name} names no application of the spec")
        out.append(schedule(item, app.namespace, labels))
    return out


def references(obj: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(kind, name) of the protect objects ``obj`` names, for ordering: a Schedule needs its Application and
    AppVault."""
    if obj.get("apiVersion") != API_VERSION or obj.get("kind") != "Schedule":
        return []
    spec = obj.get("spec") or {}
    return [("Application", str(spec.get("applicationRef"))), ("AppVault", str(spec.get("appVaultRef")))]
