"""Converge the IAM identity of Trident's controller: a managed policy, a role that trusts the controller's
ServiceAccount (IRSA) or EKS Pod Identity, the attachment, and for Pod Identity the association.

The documents come from the spec's plan (``spec.render_aws``), the same ones the Pulumi components declare.
Policies are compared as documents (amazon.aws ``compare_policies``), tags with ``compare_aws_tags``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.policy import compare_policies
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ..spec import facts
from ..spec.aws import TridentIdentity
from ..spec.render_aws import IAM_DESCRIPTION as DESCRIPTION
from ..spec.render_aws import cloud_identity, controller_policy, trust_policy
from .client import connect
from .errors import EKS, IAM, STS

Resource = Mapping[str, Any]
MAX_POLICY_VERSIONS = 5  # IAM keeps at most five versions of a managed policy


@dataclass
class Options:
    namespace: str = facts.DEFAULT_NAMESPACE
    tags: dict[str, str] = field(default_factory=dict)
    purge_tags: bool = True
    check_mode: bool = False


def _tags(resource: Resource) -> dict[str, str]:
    return {str(t["Key"]): str(t["Value"]) for t in resource.get("Tags") or []}


def _tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in sorted(tags.items())]


@STS.call("find the account of the credentials in use")
def _caller(sts: Any) -> Resource:
    found: Resource = sts.get_caller_identity(aws_retry=True)
    return found


@IAM.lookup("read the IAM policy")
def _policy(iam: Any, arn: str) -> Resource | None:
    policy: Resource = iam.get_policy(aws_retry=True, PolicyArn=arn)["Policy"]
    return policy


@IAM.call("read the IAM policy's document")
def _policy_document(iam: Any, arn: str, version: str) -> Any:
    return iam.get_policy_version(aws_retry=True, PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]


@IAM.lookup("read the IAM role")
def _role(iam: Any, name: str) -> Resource | None:
    role: Resource = iam.get_role(aws_retry=True, RoleName=name)["Role"]
    return role


@IAM.call("write the IAM policy")
def _new_policy_version(iam: Any, arn: str, document: Mapping[str, Any]) -> None:
    versions = iam.list_policy_versions(aws_retry=True, PolicyArn=arn)["Versions"]
    if len(versions) >= MAX_POLICY_VERSIONS:
        oldest = min((v for v in versions if not v["IsDefaultVersion"]), key=lambda v: v["CreateDate"])
        iam.delete_policy_version(aws_retry=True, PolicyArn=arn, VersionId=oldest["VersionId"])
    iam.create_policy_version(aws_retry=True, PolicyArn=arn, PolicyDocument=json.dumps(document), SetAsDefault=True)


@IAM.call("change IAM")
def _call(iam: Any, method: str, **params: Any) -> Any:
    return getattr(iam, method)(aws_retry=True, **params)


@EKS.call("read the EKS Pod Identity associations")
def _associations(eks: Any, cluster: str, namespace: str) -> list[Resource]:
    found: list[Resource] = eks.list_pod_identity_associations(
        aws_retry=True, clusterName=cluster, namespace=namespace, serviceAccount=facts.CONTROLLER_SERVICE_ACCOUNT
    )["associations"]
    return found


@EKS.call("change the EKS Pod Identity association")
def _eks(eks: Any, method: str, **params: Any) -> Any:
    return getattr(eks, method)(aws_retry=True, **params)


class IdentityRunner:
    def __init__(self, module: Any, identity: TridentIdentity, options: Options) -> None:
        self.module = module
        self.identity = identity
        self.options = options
        self.iam = connect(module, "iam")
        self.actions: list[str] = []
        caller = _caller(connect(module, "sts"))
        partition = str(caller["Arn"]).split(":")[1]
        self.account = str(caller["Account"])
        self.policy_arn = f"arn:{partition}:iam::{self.account}:policy/{identity.policy_name}"
        self.role_arn = f"arn:{partition}:iam::{self.account}:role/{identity.role_name}"

    def _do(self, action: str, method: str, **params: Any) -> Any:
        self.actions.append(action)
        return None if self.options.check_mode else _call(self.iam, method, **params)

    def _create(self, noun: str, name: str, **params: Any) -> None:
        """Create an IAM policy or role (``noun``) with tridentops' description and the module's tags."""
        tags = {"Tags": _tag_list(self.options.tags)} if self.options.tags else {}
        self._do(f"create {noun} {name}", f"create_{noun}", **params, Description=DESCRIPTION, **tags)

    def _converge_tags(self, noun: str, name: str, live: Mapping[str, Any], **resource: Any) -> None:
        """Bring an IAM policy's or role's tags to the module's (``resource`` names it as IAM's tag calls do)."""
        to_set, to_unset = compare_aws_tags(_tags(live), self.options.tags, purge_tags=self.options.purge_tags)
        if to_unset:
            self._do(f"untag {noun} {name}", f"untag_{noun}", **resource, TagKeys=to_unset)
        if to_set:
            self._do(f"tag {noun} {name}", f"tag_{noun}", **resource, Tags=_tag_list(to_set))

    def present(self, secret_arn: str) -> dict[str, Any]:
        self._converge_policy(controller_policy(secret_arn))
        created = self._converge_role(trust_policy(self.identity, self.options.namespace))
        attached: list[str] = []
        if not created:  # a role created just now has nothing attached (and none exists yet in check mode)
            listed = _call(self.iam, "list_attached_role_policies", RoleName=self.identity.role_name)
            attached = [p["PolicyArn"] for p in listed["AttachedPolicies"]]
        if self.policy_arn not in attached:
            self._do(
                f"attach policy {self.identity.policy_name}",
                "attach_role_policy",
                RoleName=self.identity.role_name,
                PolicyArn=self.policy_arn,
            )
        association = self._converge_association() if self.identity.mode == "pod_identity" else None
        return {
            "changed": bool(self.actions),
            "actions": self.actions,
            "role_arn": self.role_arn,
            "policy_arn": self.policy_arn,
            "cloud_identity": cloud_identity(self.role_arn) if self.identity.mode == "irsa" else None,
            "pod_identity_association_id": association,
        }

    def _converge_policy(self, document: Mapping[str, Any]) -> None:
        name = self.identity.policy_name
        policy = _policy(self.iam, self.policy_arn)
        if policy is None:
            self._create("policy", name, PolicyName=name, PolicyDocument=json.dumps(document))
            return
        live = _policy_document(self.iam, self.policy_arn, str(policy["DefaultVersionId"]))
        if compare_policies(live, document):
            self.actions.append(f"update policy {name}")
            if not self.options.check_mode:
                _new_policy_version(self.iam, self.policy_arn, document)
        self._converge_tags("policy", name, policy, PolicyArn=self.policy_arn)

    def _converge_role(self, trust: Mapping[str, Any]) -> bool:
        """Create or update the role; True when it is created by this run."""
        name = self.identity.role_name
        role = _role(self.iam, name)
        if role is None:
            self._create("role", name, RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
            return True
        if compare_policies(role.get("AssumeRolePolicyDocument") or {}, trust):
            self._do(
                f"update the trust policy of role {name}",
                "update_assume_role_policy",
                RoleName=name,
                PolicyDocument=json.dumps(trust),
            )
        self._converge_tags("role", name, role, RoleName=name)
        return False

    def _converge_association(self) -> str | None:
        cluster = str(self.identity.eks_cluster_name)
        eks = connect(self.module, "eks")
        found = _associations(eks, cluster, self.options.namespace)
        if not found:
            account = f"{self.options.namespace}/{facts.CONTROLLER_SERVICE_ACCOUNT}"
            self.actions.append(f"associate role {self.identity.role_name} with ServiceAccount {account}")
            if self.options.check_mode:
                return None
            created = _eks(
                eks,
                "create_pod_identity_association",
                clusterName=cluster,
                namespace=self.options.namespace,
                serviceAccount=facts.CONTROLLER_SERVICE_ACCOUNT,
                roleArn=self.role_arn,
            )
            return str(created["association"]["associationId"])
        association_id = str(found[0]["associationId"])
        current = _eks(eks, "describe_pod_identity_association", clusterName=cluster, associationId=association_id)
        if current["association"]["roleArn"] != self.role_arn:
            self.actions.append(
                f"point the Pod Identity association {association_id} at role {self.identity.role_name}"
            )
            if not self.options.check_mode:
                _eks(
                    eks,
                    "update_pod_identity_association",
                    clusterName=cluster,
                    associationId=association_id,
                    roleArn=self.role_arn,
                )
        return association_id

    def absent(self) -> dict[str, Any]:
        name = self.identity.role_name
        if self.identity.mode == "pod_identity":
            eks = connect(self.module, "eks")
            cluster = str(self.identity.eks_cluster_name)
            for association in _associations(eks, cluster, self.options.namespace):
                self.actions.append(f"delete Pod Identity association {association['associationId']}")
                if not self.options.check_mode:
                    _eks(
                        eks,
                        "delete_pod_identity_association",
                        clusterName=cluster,
                        associationId=association["associationId"],
                    )
        if _role(self.iam, name) is not None:
            listed = _call(self.iam, "list_attached_role_policies", RoleName=name)["AttachedPolicies"]
            for attached in listed:
                self._do(
                    f"detach policy {attached['PolicyName']}",
                    "detach_role_policy",
                    RoleName=name,
                    PolicyArn=attached["PolicyArn"],
                )
            self._do(f"delete role {name}", "delete_role", RoleName=name)
        if _policy(self.iam, self.policy_arn) is not None:
            versions = _call(self.iam, "list_policy_versions", PolicyArn=self.policy_arn)["Versions"]
            for version in versions:
                if not version["IsDefaultVersion"]:
                    self._do(
                        f"delete policy version {version['VersionId']}",
                        "delete_policy_version",
                        PolicyArn=self.policy_arn,
                        VersionId=version["VersionId"],
                    )
            self._do(f"delete policy {self.identity.policy_name}", "delete_policy", PolicyArn=self.policy_arn)
        return {
            "changed": bool(self.actions),
            "actions": self.actions,
            "role_arn": self.role_arn,
            "policy_arn": self.policy_arn,
        }
