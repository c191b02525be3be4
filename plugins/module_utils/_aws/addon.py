"""Converge Trident's EKS add-on (netapp_trident-operator): the version must be offered for the cluster's
Kubernetes version before anything is created, configuration values carry cloudProvider/cloudIdentity, and
the wait ends at ACTIVE or fails with the add-on's own health issues."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .client import connect
from .errors import EKS, Refusal
from .waiters import ADDON, wait_for

Resource = Mapping[str, Any]
_VERSION = re.compile(r"^v(\d+)\.(\d+)\.(\d+)-eksbuild\.(\d+)$")


@dataclass
class Desired:
    cluster_name: str
    name: str
    version: str  # a version or "latest"
    configuration: dict[str, Any] = field(default_factory=dict)
    service_account_role_arn: str | None = None
    resolve_conflicts: str = "OVERWRITE"
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Options:
    wait: bool = True
    wait_timeout: int = 1200
    check_mode: bool = False


def version_key(version: str) -> tuple[int, ...]:
    match = _VERSION.match(version)
    return tuple(int(g) for g in match.groups()) if match else (-1,)


@EKS.call("describe the EKS cluster")
def _kubernetes_version(eks: Any, cluster: str) -> str:
    return str(eks.describe_cluster(aws_retry=True, name=cluster)["cluster"]["version"])


@EKS.call("list the add-on versions offered")
def _offered(eks: Any, addon: str, kubernetes_version: str) -> list[str]:
    versions: list[str] = []
    params: dict[str, Any] = {"addonName": addon, "kubernetesVersion": kubernetes_version}
    while True:
        page = eks.describe_addon_versions(aws_retry=True, **params)
        for entry in page.get("addons", []):
            versions.extend(v["addonVersion"] for v in entry.get("addonVersions", []))
        if not page.get("nextToken"):
            return sorted(set(versions), key=version_key)
        params["nextToken"] = page["nextToken"]


@EKS.lookup("describe the add-on")
def _addon(eks: Any, cluster: str, addon: str) -> Resource | None:
    found: Resource = eks.describe_addon(aws_retry=True, clusterName=cluster, addonName=addon)["addon"]
    return found


@EKS.call("change the add-on")
def _call(eks: Any, method: str, **params: Any) -> Any:
    return getattr(eks, method)(aws_retry=True, **params)


@EKS.delete("delete the add-on")
def _delete(eks: Any, cluster: str, addon: str) -> bool:
    eks.delete_addon(aws_retry=True, clusterName=cluster, addonName=addon)
    return True


def summary(addon: Resource) -> dict[str, Any]:
    return {
        "name": addon.get("addonName"),
        "version": addon.get("addonVersion"),
        "status": addon.get("status"),
        "arn": addon.get("addonArn"),
        "service_account_role_arn": addon.get("serviceAccountRoleArn"),
        "configuration_values": json.loads(addon["configurationValues"]) if addon.get("configurationValues") else {},
        "health_issues": [
            {"code": i.get("code"), "message": i.get("message"), "resource_ids": i.get("resourceIds", [])}
            for i in (addon.get("health") or {}).get("issues", [])
        ],
    }


class AddonRunner:
    def __init__(self, module: Any, desired: Desired, options: Options) -> None:
        self.eks = connect(module, "eks")
        self.desired = desired
        self.options = options

    def version(self) -> tuple[str, str]:
        """(the version to run, the cluster's Kubernetes version); refuses one the cluster is not offered."""
        kubernetes = _kubernetes_version(self.eks, self.desired.cluster_name)
        offered = _offered(self.eks, self.desired.name, kubernetes)
        if not offered:
            raise Refusal(
                f"the add-on {self.desired.name} is not offered for Kubernetes {kubernetes} (cluster "
                f"{self.desired.cluster_name}); it needs an AWS Marketplace subscription and a supported version"
            )
        if self.desired.version == "latest":
            return offered[-1], kubernetes
        if self.desired.version not in offered:
            raise Refusal(
                f"add-on version {self.desired.version} is not offered for Kubernetes {kubernetes} (cluster "
                f"{self.desired.cluster_name}); offered: {', '.join(offered)}"
            )
        return self.desired.version, kubernetes

    def present(self) -> dict[str, Any]:
        version, kubernetes = self.version()
        live = _addon(self.eks, self.desired.cluster_name, self.desired.name)
        common: dict[str, Any] = {
            "clusterName": self.desired.cluster_name,
            "addonName": self.desired.name,
            "addonVersion": version,
            "resolveConflicts": self.desired.resolve_conflicts,
        }
        if self.desired.configuration:
            common["configurationValues"] = json.dumps(self.desired.configuration, sort_keys=True)
        if self.desired.service_account_role_arn:
            common["serviceAccountRoleArn"] = self.desired.service_account_role_arn
        result: dict[str, Any] = {
            "kubernetes_version": kubernetes,
            "version": version,
            "diff": self._diff(live, version),
        }
        if live is None:
            if self.options.check_mode:
                return {**result, "changed": True, "operation": "create", "addon": None}
            tags = {"tags": self.desired.tags} if self.desired.tags else {}
            created = _call(self.eks, "create_addon", **common, **tags)["addon"]
            return {**result, "changed": True, "operation": "create", "addon": summary(self._settle(created))}
        if not self._differs(live, version):
            # Still creating or updating (a run that timed out), or unhealthy: wait, or fail with its issues.
            settled = live if live.get("status") == "ACTIVE" else self._settle(live)
            return {**result, "changed": False, "operation": "none", "addon": summary(settled)}
        if self.options.check_mode:
            return {**result, "changed": True, "operation": "update", "addon": summary(live)}
        _call(self.eks, "update_addon", **common)
        current = _addon(self.eks, self.desired.cluster_name, self.desired.name) or live
        return {**result, "changed": True, "operation": "update", "addon": summary(self._settle(current))}

    def _diff(self, live: Resource | None, version: str) -> dict[str, Any]:
        after = {
            "version": version,
            "configuration_values": self.desired.configuration,
            "service_account_role_arn": self.desired.service_account_role_arn,
        }
        if live is None:
            return {"before": {}, "after": after}
        before = summary(live)
        return {"before": {k: before[k] for k in after}, "after": after}

    def _differs(self, live: Resource, version: str) -> bool:
        live_config = json.loads(live["configurationValues"]) if live.get("configurationValues") else {}
        differences = (
            live.get("addonVersion") != version,
            live_config != self.desired.configuration,
            (live.get("serviceAccountRoleArn") or None) != self.desired.service_account_role_arn,
        )
        return any(differences)

    def _settle(self, addon: Resource) -> Resource:
        if not self.options.wait:
            return addon
        found = wait_for(
            lambda: _addon(self.eks, self.desired.cluster_name, self.desired.name),
            ADDON,
            f"{self.desired.name} on {self.desired.cluster_name}",
            self.options.wait_timeout,
        )
        return found or addon

    def absent(self) -> dict[str, Any]:
        live = _addon(self.eks, self.desired.cluster_name, self.desired.name)
        if live is None:
            return {"changed": False, "operation": "none", "addon": None}
        if not self.options.check_mode:
            _delete(self.eks, self.desired.cluster_name, self.desired.name)
            if self.options.wait:
                wait_for(
                    lambda: _addon(self.eks, self.desired.cluster_name, self.desired.name),
                    ADDON,
                    f"{self.desired.name} on {self.desired.cluster_name}",
                    self.options.wait_timeout,
                    gone=True,
                )
        return {"changed": True, "operation": "delete", "addon": summary(live)}
