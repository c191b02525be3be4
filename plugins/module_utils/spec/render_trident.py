"""Render Trident's installation: namespace, TridentOrchestrator CRD, operator RBAC and Deployment, and the
TridentOrchestrator CR, as the operator bundle of the pinned release ships them."""

from __future__ import annotations

from typing import Any

from . import facts
from .trident import Placement, TridentSpec

K8sObject = dict[str, Any]
OPERATOR_LABELS = {"app": "operator.trident.netapp.io"}
_ALL = ["get", "list", "watch", "create", "delete", "update", "patch"]


def operator_image(trident: TridentSpec) -> str:
    registry = (trident.image_registry or facts.DEFAULT_REGISTRY).rstrip("/")
    return f"{registry}/{facts.OPERATOR_NAME}:{trident.version}"


def namespace(trident: TridentSpec, labels: dict[str, str]) -> K8sObject:
    # Trident's node pods are privileged; the bundle labels its namespace so Pod Security admits them.
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {
            "name": trident.namespace,
            "labels": {**labels, "pod-security.kubernetes.io/enforce": "privileged"},
        },
    }


def orchestrator_crd(labels: dict[str, str]) -> K8sObject:
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"tridentorchestrators.{facts.TRIDENT_GROUP}", "labels": labels},
        "spec": {
            "group": facts.TRIDENT_GROUP,
            "names": {
                "kind": "TridentOrchestrator",
                "listKind": "TridentOrchestratorList",
                "plural": "tridentorchestrators",
                "singular": "tridentorchestrator",
                "shortNames": ["torc", "torchestrator"],
            },
            "scope": "Cluster",
            "versions": [
                {
                    "name": "v1",
                    "served": True,
                    "storage": True,
                    "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}},
                    "subresources": {"status": {}},
                }
            ],
        },
    }


def operator_rbac(trident: TridentSpec, labels: dict[str, str]) -> list[K8sObject]:
    meta = {"labels": {**labels, **OPERATOR_LABELS}}
    rules = [
        {"apiGroups": [""], "resources": ["namespaces"], "verbs": ["get", "list", "watch", "create", "patch"]},
        {
            "apiGroups": [""],
            "resources": [
                "persistentvolumes",
                "persistentvolumeclaims",
                "pods",
                "secrets",
                "configmaps",
                "services",
                "serviceaccounts",
                "resourcequotas",
            ],
            "verbs": _ALL,
        },
        {"apiGroups": [""], "resources": ["persistentvolumeclaims/status"], "verbs": ["update", "patch"]},
        {"apiGroups": [""], "resources": ["events"], "verbs": ["get", "list", "watch", "create", "update", "patch"]},
        {"apiGroups": [""], "resources": ["pods/log"], "verbs": ["get", "list", "watch"]},
        {"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["get", "create"]},
        {"apiGroups": [""], "resources": ["nodes"], "verbs": ["get", "list", "watch", "update", "patch"]},
        {
            "apiGroups": ["apps"],
            "resources": ["deployments", "daemonsets", "statefulsets", "replicasets"],
            "verbs": _ALL,
        },
        {
            "apiGroups": ["storage.k8s.io"],
            "resources": ["storageclasses", "csidrivers", "csinodes", "volumeattachments"],
            "verbs": _ALL,
        },
        {"apiGroups": ["storage.k8s.io"], "resources": ["volumeattachments/status"], "verbs": ["update", "patch"]},
        {
            "apiGroups": ["snapshot.storage.k8s.io"],
            "resources": ["volumesnapshots", "volumesnapshotclasses"],
            "verbs": ["get", "list", "watch", "update", "patch"],
        },
        {"apiGroups": ["snapshot.storage.k8s.io"], "resources": ["volumesnapshotcontents"], "verbs": _ALL},
        {
            "apiGroups": ["snapshot.storage.k8s.io"],
            "resources": ["volumesnapshots/status", "volumesnapshotcontents/status"],
            "verbs": ["update", "patch"],
        },
        {"apiGroups": ["groupsnapshot.storage.k8s.io"], "resources": ["*"], "verbs": _ALL},
        {"apiGroups": ["apiextensions.k8s.io"], "resources": ["customresourcedefinitions"], "verbs": _ALL},
        {"apiGroups": [facts.TRIDENT_GROUP], "resources": ["*"], "verbs": _ALL},
        {
            "apiGroups": ["rbac.authorization.k8s.io", "authorization.openshift.io"],
            "resources": ["clusterroles", "clusterrolebindings", "roles", "rolebindings"],
            "verbs": _ALL,
        },
        {"apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": _ALL},
        {
            "apiGroups": ["security.openshift.io"],
            "resources": ["securitycontextconstraints"],
            "verbs": ["get", "list", "create", "delete", "update", "patch", "use"],
        },
        {"apiGroups": ["monitoring.coreos.com"], "resources": ["servicemonitors"], "verbs": ["get", "create"]},
    ]
    return [
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {"name": facts.OPERATOR_NAME, "namespace": trident.namespace, **meta},
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole",
            "metadata": {"name": facts.OPERATOR_NAME, **meta},
            "rules": rules,
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding",
            "metadata": {"name": facts.OPERATOR_NAME, **meta},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": facts.OPERATOR_NAME},
            "subjects": [{"kind": "ServiceAccount", "name": facts.OPERATOR_NAME, "namespace": trident.namespace}],
        },
    ]


def operator_deployment(trident: TridentSpec, labels: dict[str, str]) -> K8sObject:
    selector = {**OPERATOR_LABELS, "name": facts.OPERATOR_NAME}
    debug = trident.log_level in ("debug", "trace")
    pod: dict[str, Any] = {
        "serviceAccountName": facts.OPERATOR_NAME,
        "affinity": {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [
                        {
                            "matchExpressions": [
                                {"key": "kubernetes.io/arch", "operator": "In", "values": ["arm64", "amd64"]},
                                {"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]},
                            ]
                        },
                    ]
                }
            }
        },
        "containers": [
            {
                "name": facts.OPERATOR_NAME,
                "image": operator_image(trident),
                "imagePullPolicy": trident.image_pull_policy,
                "command": ["/trident-operator", f"--debug={'true' if debug else 'false'}"],
                "env": [
                    {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                    {"name": "OPERATOR_NAME", "value": facts.OPERATOR_NAME},
                ],
                "resources": {"requests": {"cpu": "10m", "memory": "40Mi"}, "limits": {"cpu": "20m", "memory": "80Mi"}},
                "securityContext": {"readOnlyRootFilesystem": True},
            }
        ],
    }
    placement = trident.controller_placement
    if placement.node_selector:
        pod["nodeSelector"] = dict(sorted(placement.node_selector.items()))
    if placement.tolerations:
        pod["tolerations"] = [t.render() for t in placement.tolerations]
    if trident.image_pull_secrets:
        pod["imagePullSecrets"] = [{"name": s} for s in trident.image_pull_secrets]
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": facts.OPERATOR_NAME,
            "namespace": trident.namespace,
            "labels": {**labels, **OPERATOR_LABELS},
        },
        "spec": {
            "replicas": 1,
            "strategy": {"type": "Recreate"},
            "selector": {"matchLabels": selector},
            "template": {"metadata": {"labels": selector}, "spec": pod},
        },
    }


def orchestrator(trident: TridentSpec, labels: dict[str, str]) -> K8sObject:
    spec: dict[str, Any] = {
        "namespace": trident.namespace,
        "imagePullPolicy": trident.image_pull_policy,
        "logLevel": trident.log_level,
        "logFormat": trident.log_format,
        "silenceAutosupport": not trident.autosupport.enabled,
        "windows": trident.windows,
        "enableForceDetach": trident.enable_force_detach,
    }
    optional: dict[str, Any] = {
        "imageRegistry": trident.image_registry,
        "imagePullSecrets": list(trident.image_pull_secrets) or None,
        "cloudProvider": trident.cloud_provider,
        "cloudIdentity": trident.cloud_identity,
        "nodePrep": list(trident.node_prep) or None,
        "autosupportProxy": trident.autosupport.proxy,
        "autosupportInsecure": trident.autosupport.insecure or None,
        "excludeAutosupport": trident.autosupport.exclude or None,
        "httpsMetrics": trident.metrics.https or None,
        "fsGroupPolicy": trident.fs_group_policy,
        "k8sAPIQPS": trident.k8s_api_qps,
        "k8sTimeout": trident.k8s_timeout,
        "IPv6": trident.ipv6 or None,
    }
    spec.update({k: v for k, v in optional.items() if v is not None})
    spec.update(_placement("controllerPlugin", trident.controller_placement))
    spec.update(_placement("nodePlugin", trident.node_placement))
    return {
        "apiVersion": f"{facts.TRIDENT_GROUP}/v1",
        "kind": "TridentOrchestrator",
        "metadata": {"name": facts.ORCHESTRATOR_NAME, "labels": labels},
        "spec": dict(sorted(spec.items())),
    }


def _placement(prefix: str, placement: Placement) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if placement.node_selector:
        out[f"{prefix}NodeSelector"] = dict(sorted(placement.node_selector.items()))
    if placement.tolerations:
        out[f"{prefix}Tolerations"] = [t.render() for t in placement.tolerations]
    return out


def install_objects(trident: TridentSpec, labels: dict[str, str]) -> list[K8sObject]:
    """What tridentops applies to install or upgrade Trident with the operator, in apply order."""
    if trident.install_method != "operator":
        return []  # the EKS add-on or other tooling owns the operator and the TridentOrchestrator
    return [
        namespace(trident, labels),
        orchestrator_crd(labels),
        *operator_rbac(trident, labels),
        operator_deployment(trident, labels),
        orchestrator(trident, labels),
    ]
