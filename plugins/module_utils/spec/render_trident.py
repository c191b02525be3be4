"""Render Trident's installation: namespace, TridentOrchestrator CRD, operator RBAC and Deployment, and the
TridentOrchestrator CR, as the operator bundle of the pinned release ships them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import checks, facts
from .kinds import TORC, open_crd
from .trident import Placement, TridentSpec

K8sObject = dict[str, Any]
OPERATOR_LABELS = {"app": "operator.trident.netapp.io"}
_ALL = ["get", "list", "watch", "create", "delete", "update", "patch"]


def operator_image(trident: TridentSpec) -> str:
    if trident.operator_image:
        return trident.operator_image
    registry = (trident.image_registry or facts.DEFAULT_REGISTRY).rstrip("/")
    return f"{registry}/{facts.OPERATOR_NAME}:{trident.version}"


def replace_registry(image: str, registry: str) -> str:
    """pkg/network ReplaceImageRegistry: the registry, then the image's last path element."""
    return f"{registry}/{image.rsplit('/', 1)[-1]}"


def images(trident: TridentSpec) -> list[str]:
    """Every image the spec's Trident release runs, after the spec's overrides, as the operator resolves them
    (installer.go setInstallationParams): for mirroring into an air-gapped registry. KeyError for a release
    tridentops has no image table for."""
    table = facts.IMAGES[trident.version]
    registry = trident.image_registry

    def resolved(default: str, override: str | None, rewritten: bool = True) -> str:
        image = override or default
        return replace_registry(image, registry) if registry and rewritten else image

    sidecar = trident.sidecar_images
    out = [operator_image(trident)]
    trident_default = f"{facts.DEFAULT_REGISTRY}/trident:{trident.version}"
    # tridentImage and autosupportImage are used verbatim; imageRegistry only rewrites the defaults.
    out.append(trident.trident_image or resolved(trident_default, None))
    if not trident.autosupport.exclude:
        out.append(trident.autosupport.image or resolved(table.autosupport, None))
    # Sidecar references from the operator's environment are still rewritten by imageRegistry.
    for name in ("provisioner", "attacher", "resizer", "snapshotter", "node_driver_registrar"):
        out.append(resolved(f"{facts.SIDECAR_REGISTRY}/{getattr(table, name)}", getattr(sidecar, name)))
    if trident.windows:
        if table.windows_node_driver_registrar and not sidecar.node_driver_registrar:
            out.append(resolved(f"{facts.SIDECAR_REGISTRY}/{table.windows_node_driver_registrar}", None))
        out.append(resolved(f"{facts.SIDECAR_REGISTRY}/{table.liveness_probe}", sidecar.liveness_probe))
    if trident.enable_acp and checks.release(trident.version) == "24.06":
        out.append(trident.acp_image or facts.ACP_IMAGE_24_06)
    return list(dict.fromkeys(out))


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
    return open_crd(TORC, labels, short_names=("torc", "torchestrator"))


def _rule(groups: list[str], resources: list[str], verbs: list[str], names: list[str] | None = None) -> K8sObject:
    rule: K8sObject = {"apiGroups": groups, "resources": resources, "verbs": verbs}
    if names:
        rule["resourceNames"] = names
    return rule


# Trident's custom resources, as deploy/clusterrole.yaml lists them; the later releases add to the list.
_TRIDENT_RESOURCES = [
    "tridentversions",
    "tridentbackends",
    "tridentstorageclasses",
    "tridentvolumes",
    "tridentvolumepublications",
    "tridentvolumereferences",
    "tridentnodes",
    "tridenttransactions",
    "tridentsnapshots",
    "tridentbackendconfigs",
    "tridentbackendconfigs/status",
    "tridentmirrorrelationships",
    "tridentmirrorrelationships/status",
    "tridentactionmirrorupdates",
    "tridentactionmirrorupdates/status",
    "tridentsnapshotinfos",
    "tridentsnapshotinfos/status",
    "tridentgroupsnapshots",  # since 25.06
    "tridentgroupsnapshots/status",
    "tridentactionsnapshotrestores",
    "tridentactionsnapshotrestores/status",
    "tridentnoderemediations",  # since 25.10
    "tridentnoderemediations/status",
    "tridentnoderemediationtemplates",
    "tridentnoderemediationtemplates/status",
    "tridentvolumemoves",  # since 26.06
    "tridentvolumemoves/status",
    "tridentprovisioners",
    "tridentprovisioners/status",
    "tridentorchestrators",
    "tridentorchestrators/status",
    "tridentconfigurators",
    "tridentconfigurators/status",
    "tridentautogrowpolicies",  # since 26.02
    "tridentautogrowpolicies/status",
    "tridentautogrowrequestinternals",
    "tridentautogrowrequestinternals/status",
]
# Names of the objects the installer creates for Trident's controller and node pods (and legacy names it cleans up).
_CONTROLLER = "trident-controller"
_NODES = ["trident-node-linux", "trident-node-windows"]
_RBAC_RESOURCES = ["roles", "rolebindings", "clusterroles", "clusterrolebindings"]


def operator_rules() -> list[K8sObject]:
    """The operator ClusterRole's rules: Trident's deploy/clusterrole.yaml, one role for every supported release.

    RBAC escalation prevention lets the operator create only roles whose permissions it holds, so the first part
    holds every rule of the ClusterRoles and Roles the installer creates for Trident (trident-controller,
    trident-node-linux/-windows, trident-node-remediation-access); the second part is what the installer itself
    does. The releases' files differ only by additions, so this is their union (24.06's pre-1.25 file included):
    a name or resource an older release does not use grants nothing it could misuse, and the operator of either
    release runs with this role while an upgrade rolls out. Deliberate differences are commented.
    """
    return [
        # Trident's own permissions (the installer grants them to trident-controller and the node roles).
        _rule([""], ["namespaces"], ["get", "list"]),
        _rule([""], ["persistentvolumes", "persistentvolumeclaims"], _ALL),
        _rule([""], ["persistentvolumeclaims/status"], ["update", "patch"]),
        _rule(["storage.k8s.io"], ["storageclasses"], _ALL),
        _rule([""], ["events"], ["get", "list", "watch", "create", "update", "patch"]),
        _rule([""], ["secrets"], _ALL),
        _rule([""], ["resourcequotas"], _ALL),
        _rule([""], ["pods"], _ALL),
        _rule([""], ["pods/log"], ["get", "list", "watch"]),
        _rule([""], ["nodes"], ["get", "list", "watch", "update"]),
        # delete: since 25.10 (force detach of volumes from failed nodes)
        _rule(["storage.k8s.io"], ["volumeattachments"], ["get", "list", "watch", "update", "patch", "delete"]),
        _rule(["storage.k8s.io"], ["volumeattachments/status"], ["update", "patch"]),
        _rule(
            ["snapshot.storage.k8s.io"],
            ["volumesnapshots", "volumesnapshotclasses"],
            ["get", "list", "watch", "update", "patch"],
        ),
        # delete: not in deploy/clusterrole.yaml, but the TridentConfigurator deletes the VolumeSnapshotClasses it
        # created (operator/controllers/configurator/clients/configurator.go) and the Helm chart's role grants it.
        _rule(["snapshot.storage.k8s.io"], ["volumesnapshotclasses"], ["create", "delete"]),
        _rule(
            ["snapshot.storage.k8s.io"],
            ["volumesnapshots/status", "volumesnapshotcontents/status"],
            ["update", "patch"],
        ),
        _rule(["snapshot.storage.k8s.io"], ["volumesnapshotcontents"], _ALL),
        # groupsnapshot.storage.k8s.io: since 25.06
        _rule(["groupsnapshot.storage.k8s.io"], ["volumegroupsnapshots"], ["list"]),
        _rule(["groupsnapshot.storage.k8s.io"], ["volumegroupsnapshotclasses"], ["list", "watch"]),
        _rule(["groupsnapshot.storage.k8s.io"], ["volumegroupsnapshotcontents"], ["get", "list", "watch", "patch"]),
        _rule(["groupsnapshot.storage.k8s.io"], ["volumegroupsnapshotcontents/status"], ["update"]),
        _rule(["csi.storage.k8s.io"], ["csidrivers", "csinodeinfos"], _ALL),
        _rule(["storage.k8s.io"], ["csidrivers", "csinodes"], _ALL),
        _rule(["apiextensions.k8s.io"], ["customresourcedefinitions"], _ALL),
        _rule([facts.TRIDENT_GROUP], _TRIDENT_RESOURCES, _ALL),
        _rule(["policy"], ["podsecuritypolicies"], ["use"], ["tridentpods"]),
        # What the installer itself does.
        _rule([""], ["namespaces"], ["create", "patch"]),
        _rule(["apps"], ["deployments", "daemonsets", "statefulsets"], ["get", "list", "watch", "create"]),
        _rule(
            ["apps"],
            ["deployments", "statefulsets"],
            ["delete", "update", "patch"],
            ["trident", "trident-csi", _CONTROLLER],
        ),
        _rule(
            ["apps"],
            ["daemonsets"],
            ["delete", "update", "patch"],
            ["trident", "trident-csi", "trident-csi-windows", *_NODES],
        ),
        _rule([""], ["pods/exec", "services", "serviceaccounts"], ["get", "list", "create"]),
        _rule([""], ["pods/exec", "services"], ["delete", "update", "patch"], ["trident-csi", "trident"]),
        _rule(
            [""], ["serviceaccounts"], ["delete", "update", "patch"], [_CONTROLLER, *_NODES, "trident-csi", "trident"]
        ),
        _rule(["authorization.openshift.io", "rbac.authorization.k8s.io"], _RBAC_RESOURCES, ["list", "create"]),
        _rule(
            ["authorization.openshift.io", "rbac.authorization.k8s.io"],
            _RBAC_RESOURCES,
            # get and trident-node-remediation-access: since 25.10
            ["get", "delete", "update", "patch"],
            ["trident-node-remediation-access", _CONTROLLER, *_NODES, "trident-csi", "trident"],
        ),
        # PodSecurityPolicies: the 24.06 installer creates and patches its own on Kubernetes < 1.25 (24.06's
        # pre-1.25 file and the Helm chart name them here); the API is gone from the Kubernetes 24.10+ supports.
        _rule(["policy"], ["podsecuritypolicies"], ["list", "create"]),
        _rule(
            ["policy"], ["podsecuritypolicies"], ["delete", "update", "patch"], ["tridentpods", _CONTROLLER, *_NODES]
        ),
        _rule(["security.openshift.io"], ["securitycontextconstraints"], ["get", "list", "create"]),
        _rule(
            ["security.openshift.io"],
            ["securitycontextconstraints"],
            ["delete", "update", "patch"],
            [_CONTROLLER, *_NODES, "trident"],
        ),
        # use: trident-controller's ClusterRole (every release) and the 24.06 node Roles grant it, so the operator
        # must hold it to create them; tridentoperatorpods is the operator pod's own policy in upstream's bundle.
        _rule(["policy"], ["podsecuritypolicies"], ["use"], [_CONTROLLER, *_NODES, "tridentoperatorpods"]),
    ]


def operator_rbac(trident: TridentSpec, labels: dict[str, str]) -> list[K8sObject]:
    meta = {"labels": {**labels, **OPERATOR_LABELS}}
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
            "rules": operator_rules(),
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
    debug = trident.effective_log_level in ("debug", "trace")
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
                "imagePullPolicy": trident.effective_image_pull_policy,
                "command": ["/trident-operator", f"--debug={'true' if debug else 'false'}"],
                "env": [
                    {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                    {"name": "OPERATOR_NAME", "value": facts.OPERATOR_NAME},
                    # Per-sidecar images: the operator reads them from its environment (operator/config/config.go).
                    *(
                        {"name": facts.SIDECAR_IMAGE_ENV[name], "value": image}
                        for name, image in trident.sidecar_images.given().items()
                    ),
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
    """The TridentOrchestrator: a key for every field the spec sets, none for what it leaves to the operator's
    defaults. namespace is always written: without it the operator installs into 'default'
    (operator/controllers/orchestrator/controller.go), not where tridentops put the operator and backends."""
    autosupport = trident.autosupport
    enabled = autosupport.enabled
    resources = trident.resources
    values: dict[str, Any] = {
        "namespace": trident.namespace,
        "enableForceDetach": trident.enable_force_detach,
        "disableAuditLog": trident.disable_audit_log,
        "IPv6": trident.ipv6,
        "k8sTimeout": trident.k8s_timeout,
        "httpRequestTimeout": trident.http_request_timeout,
        "silenceAutosupport": None if enabled is None else not enabled,
        "excludeAutosupport": autosupport.exclude,
        "autosupportImage": autosupport.image,
        "autosupportProxy": autosupport.proxy,
        "autosupportInsecure": autosupport.insecure,
        "autosupportSerialNumber": autosupport.serial_number,
        "autosupportHostname": autosupport.hostname,
        "uninstall": trident.uninstall,
        "logFormat": trident.log_format,
        "logLevel": trident.log_level,
        "debug": trident.debug,
        "logWorkflows": trident.log_workflows,
        "logLayers": trident.log_layers,
        "probePort": trident.probe_port,
        "tridentImage": trident.trident_image,
        "imageRegistry": trident.image_registry,
        "kubeletDir": trident.kubelet_dir,
        "wipeout": None if trident.wipeout is None else list(trident.wipeout),
        "imagePullSecrets": list(trident.image_pull_secrets) or None,
        "windows": trident.windows,
        "imagePullPolicy": trident.image_pull_policy,
        "cloudProvider": trident.cloud_provider,
        "cloudIdentity": trident.cloud_identity,
        "enableACP": trident.enable_acp,
        "acpImage": trident.acp_image,
        "enableAutoBackendConfig": trident.enable_auto_backend_config,
        "iscsiSelfHealingInterval": trident.iscsi_self_healing_interval,
        "iscsiSelfHealingWaitTime": trident.iscsi_self_healing_wait_time,
        "k8sAPIQPS": trident.k8s_api_qps,
        "fsGroupPolicy": trident.fs_group_policy,
        "nodePrep": list(trident.node_prep) or None,
        "skipCRDsToObliviate": None if trident.skip_crds_to_obliviate is None else list(trident.skip_crds_to_obliviate),
        "enableConcurrency": trident.enable_concurrency,
        "resources": None if resources is None else resources.render(),
        "httpsMetrics": trident.metrics.https,
        "hostNetwork": trident.host_network,
    }
    spec = {k: v for k, v in values.items() if v is not None}
    spec.update(_placement("controllerPlugin", trident.controller_placement))
    spec.update(_placement("nodePlugin", trident.node_placement))
    return {
        "apiVersion": f"{facts.TRIDENT_GROUP}/v1",
        "kind": "TridentOrchestrator",
        "metadata": object_metadata(facts.ORCHESTRATOR_NAME, None, labels, trident.labels, trident.annotations),
        "spec": dict(sorted(spec.items())),
    }


def object_metadata(
    name: str,
    namespace: str | None,
    labels: Mapping[str, str],
    extra_labels: Mapping[str, str],
    annotations: Mapping[str, str],
) -> dict[str, Any]:
    """An object's metadata: the user's labels with tridentops' merged over them, annotations only when set."""
    meta: dict[str, Any] = {"name": name}
    if namespace is not None:
        meta["namespace"] = namespace
    meta["labels"] = {**extra_labels, **labels}
    if annotations:
        meta["annotations"] = dict(sorted(annotations.items()))
    return meta


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
