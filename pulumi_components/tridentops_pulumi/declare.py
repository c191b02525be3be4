"""Turn one rendered Kubernetes object into the matching pulumi_kubernetes resource: the one place that does.

Typed classes where pulumi_kubernetes has them (their inputs are the object's top-level fields), the
generic ``apiextensions.CustomResource`` for Trident's kinds (metadata and spec are all they have), and
``VolumeSnapshotClass`` for the snapshot class. Two things are added on the way, both Pulumi-only:

- readiness: ``pulumi.com/waitFor`` on every custom resource whose kind the readiness table
  (``spec/readiness.py``, which the Ansible waits read too) says when it is done: the TridentOrchestrator
  (``Installed``: the operator has registered Trident's CRDs), every TridentBackendConfig (``Bound`` with
  ``lastOperationStatus: Success``) and every Trident protect AppVault (``Available``), so whatever depends on
  them waits;
- secrecy: every Secret value is an ``Output.secret``, so state and previews never show it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from .spec import facts, readiness
from .spec.kinds import (
    CLUSTER_ROLE,
    CLUSTER_ROLE_BINDING,
    CONFIG_MAP,
    CRD,
    DEPLOYMENT,
    LIMIT_RANGE,
    NAMESPACE,
    RESOURCE_QUOTA,
    ROLE,
    ROLE_BINDING,
    SECRET,
    SERVICE_ACCOUNT,
    STORAGE_CLASS,
    VOLUME_SNAPSHOT_CLASS,
)
from .spec.monitoring import MONITORING_GROUP
from .spec.protect import GROUP as PROTECT_GROUP
from .volume_snapshot_class import VolumeSnapshotClass

WAIT_FOR_ANNOTATION = "pulumi.com/waitFor"
# Groups whose kinds are declared with the generic CustomResource (metadata and spec are all they have).
CUSTOM_GROUPS = frozenset({facts.TRIDENT_GROUP, PROTECT_GROUP, MONITORING_GROUP})

_TYPED: Mapping[tuple[str, str], Callable[..., pulumi.CustomResource]] = {
    (kind.api_version, kind.kind): factory
    for kind, factory in (
        (NAMESPACE, k8s.core.v1.Namespace),
        (SECRET, k8s.core.v1.Secret),
        (SERVICE_ACCOUNT, k8s.core.v1.ServiceAccount),
        (CONFIG_MAP, k8s.core.v1.ConfigMap),
        (RESOURCE_QUOTA, k8s.core.v1.ResourceQuota),
        (LIMIT_RANGE, k8s.core.v1.LimitRange),
        (DEPLOYMENT, k8s.apps.v1.Deployment),
        (CLUSTER_ROLE, k8s.rbac.v1.ClusterRole),
        (CLUSTER_ROLE_BINDING, k8s.rbac.v1.ClusterRoleBinding),
        (ROLE, k8s.rbac.v1.Role),
        (ROLE_BINDING, k8s.rbac.v1.RoleBinding),
        (STORAGE_CLASS, k8s.storage.v1.StorageClass),
        (CRD, k8s.apiextensions.v1.CustomResourceDefinition),
    )
}
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def wait_for(group: str, kind: str) -> str | None:
    """The ``pulumi.com/waitFor`` value for a custom resource of ``kind``: the readiness table's done tests.

    One expression as is, several as a JSON list, which the provider reads as "all of them" (pulumi-kubernetes
    provider/pkg/metadata/overrides.go, ReadyCondition). What the table calls failed cannot be said there: the
    provider only waits for a state, and ignores its conditions' errors until the deadline
    (provider/pkg/await/internal/awaiter.go), so no expression fails a resource early. A failed
    TridentBackendConfig is therefore never taken as ready (a Bound one whose last operation Failed included),
    the provider shows Trident's warning event (the Failed message) while it waits, and the resource fails when
    its timeout passes (10 minutes unless ``customTimeouts`` or ``pulumi.com/timeoutSeconds`` say otherwise),
    where the Ansible wait fails at once.
    """
    entry = readiness.READY.get((group, kind)) if group in CUSTOM_GROUPS else None
    if entry is None:
        return None
    expressions = readiness.wait_expressions(entry)
    return expressions[0] if len(expressions) == 1 else json.dumps(list(expressions))


def with_readiness(obj: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``obj`` carrying the readiness annotation its kind needs, if any."""
    out = dict(obj)
    wait = wait_for(str(obj.get("apiVersion", "")).rpartition("/")[0], str(obj.get("kind")))
    if wait is not None:
        metadata = dict(out.get("metadata") or {})
        metadata["annotations"] = {**(metadata.get("annotations") or {}), WAIT_FOR_ANNOTATION: wait}
        out["metadata"] = metadata
    return out


# Kinds a spec renders under one name in several namespaces (one per team namespace or application).
_PER_NAMESPACE = frozenset({"ResourceQuota", "LimitRange", "RoleBinding", "Application", "Schedule"})


def logical_name(prefix: str, obj: Mapping[str, Any]) -> str:
    """The Pulumi name of an object's resource: unique per type, since a URN carries the type too."""
    meta = obj["metadata"]
    if obj["kind"] in _PER_NAMESPACE and meta.get("namespace"):
        return f"{prefix}-{meta['namespace']}-{meta['name']}"
    return f"{prefix}-{meta['name']}"


def declare(resource_name: str, obj: Mapping[str, Any], opts: pulumi.ResourceOptions) -> pulumi.CustomResource:
    """Declare ``obj`` (a rendered object, possibly holding Outputs) as a Kubernetes resource."""
    obj = with_readiness(obj)
    api_version, kind = str(obj["apiVersion"]), str(obj["kind"])
    if api_version.rpartition("/")[0] in CUSTOM_GROUPS:
        extra = set(obj) - {"apiVersion", "kind", "metadata", "spec"}
        if extra:
            raise TypeError(f"{kind} has no top-level field(s) {', '.join(sorted(extra))}")
        return k8s.apiextensions.CustomResource(
            resource_name, api_version=api_version, kind=kind, metadata=obj["metadata"], spec=obj.get("spec"), opts=opts
        )
    if (api_version, kind) == (VOLUME_SNAPSHOT_CLASS.api_version, VOLUME_SNAPSHOT_CLASS.kind):
        return VolumeSnapshotClass(resource_name, obj, opts)
    factory = _TYPED.get((api_version, kind))
    if factory is None:
        raise TypeError(f"no Pulumi resource class for {kind} ({api_version})")
    fields = {_CAMEL.sub("_", key).lower(): value for key, value in obj.items()}
    if kind == "Secret":
        fields["data"] = {key: pulumi.Output.secret(value) for key, value in (obj.get("data") or {}).items()}
    return factory(resource_name, opts=opts, **fields)
