"""The AWS side of a spec as pure data, and the step that fills a spec's references from what was created.

``render_aws(spec)`` says what AWS resources the ``aws`` section wants: the FSx CreateFileSystem and
CreateStorageVirtualMachine parameters, the Secrets Manager secret, the IAM policy and trust documents,
the EKS add-on. Values known only once something exists (the secret's ARN, the role's ARN) are
parameters of the document functions, so the Ansible modules and the Pulumi components (which pass
Outputs) build the same documents.

``resolve(spec, outputs)`` turns backends that name the spec's file system into concrete ones (file system
id, SVM, credentials secret ARN, region) and sets Trident's cloud identity, so ``render`` gets concrete
values. ``unresolved(spec)`` names every field still waiting for an output; ``render`` refuses such a spec.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from . import facts
from .aws import ADDON_NAME, VSADMIN, AwsSpec, EksAddon, FileSystem, Svm, TridentIdentity
from .backend import AwsBackend, Backend
from .checks import SECRETS_MANAGER_ARN
from .issues import Issue, Issues, SpecError, join
from .schema import build, spec_field
from .stack import StorageSpec
from .trident import TridentSpec

T = TypeVar("T")
POLICY_VERSION = "2012-10-17"
NAME_TAG = "Name"
# Marks the SVM's credentials secret as tridentops' own: the Ansible module refuses to take over a secret without it.
MANAGED_TAG = ("tridentops.io/managed-by", "tridentops")
IAM_DESCRIPTION = "Trident controller: FSx for NetApp ONTAP volumes and its SVM's credentials secret (tridentops)"
# NetApp's AmazonFSxNCSIDriverPolicy: Trident creates, resizes, restores and deletes volumes itself and
# finds the SVM's LIFs from the file system id.
FSX_ACTIONS = (
    "fsx:DescribeFileSystems",
    "fsx:DescribeVolumes",
    "fsx:CreateVolume",
    "fsx:RestoreVolumeFromSnapshot",
    "fsx:DescribeStorageVirtualMachines",
    "fsx:UntagResource",
    "fsx:UpdateVolume",
    "fsx:TagResource",
    "fsx:DeleteVolume",
)
_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")
_FSX_ID = re.compile(r"^fs-[0-9a-f]{8,21}$")


# -- documents ----------------------------------------------------------------------------------------------


def file_system_request(fs: FileSystem) -> dict[str, Any]:
    """CreateFileSystem parameters, without ClientRequestToken and the fsxadmin password (read at create time)."""
    ontap: dict[str, Any] = {
        "DeploymentType": fs.deployment_type,
        "ThroughputCapacity": fs.throughput_capacity,
        "HAPairs": fs.ha_pairs,
        "ThroughputCapacityPerHAPair": fs.throughput_capacity_per_ha_pair,
        "PreferredSubnetId": fs.preferred_subnet_id,
        "RouteTableIds": list(fs.route_table_ids) or None,
        "EndpointIpAddressRange": fs.endpoint_ip_address_range,
        "AutomaticBackupRetentionDays": fs.automatic_backup_retention_days,
        "DailyAutomaticBackupStartTime": fs.daily_automatic_backup_start_time,
        "WeeklyMaintenanceStartTime": fs.weekly_maintenance_start_time,
    }
    if fs.disk_iops is not None:
        iops = {"Mode": fs.disk_iops.mode, "Iops": fs.disk_iops.iops}
        ontap["DiskIopsConfiguration"] = {k: v for k, v in iops.items() if v is not None}
    request: dict[str, Any] = {
        "FileSystemType": "ONTAP",
        "StorageCapacity": fs.storage_capacity_gib,
        "StorageType": "SSD",
        "SubnetIds": list(fs.subnet_ids),
        "SecurityGroupIds": list(fs.security_group_ids) or None,
        "KmsKeyId": fs.kms_key_id,
        "Tags": tag_list(file_system_tags(fs)),
        "OntapConfiguration": {k: v for k, v in ontap.items() if v is not None},
    }
    return {k: v for k, v in request.items() if v is not None}


def file_system_tags(fs: FileSystem) -> dict[str, str]:
    return {**fs.tags, NAME_TAG: fs.name}


def tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in sorted(tags.items())]


def client_request_token(request: Mapping[str, Any]) -> str:
    """A token derived from the request: a retried create after a lost response returns the same resource,
    and a changed request is a new one (FSx rejects a token reused with other parameters)."""
    digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
    return f"tridentops-{digest[:40]}"


def svm_request(svm: Svm, file_system_id: str) -> dict[str, Any]:
    """CreateStorageVirtualMachine parameters, without the vsadmin password."""
    return {
        "FileSystemId": file_system_id,
        "Name": svm.name,
        "RootVolumeSecurityStyle": svm.root_volume_security_style,
    }


def secret_description(svm_name: str) -> str:
    return f"vsadmin credentials of FSx for NetApp ONTAP SVM {svm_name}, read by Trident (tridentops)"


def secret_tags(tags: Mapping[str, str]) -> dict[str, str]:
    """Tags of the SVM's credentials secret: the file system's tags and tridentops' own mark."""
    return {**tags, MANAGED_TAG[0]: MANAGED_TAG[1]}


def vsadmin_secret(password: T) -> dict[str, str | T]:
    """The Secrets Manager document Trident reads for an awsarn backend."""
    return {"username": VSADMIN, "password": password}


def service_account_subject(namespace: str) -> str:
    """The identity Kubernetes gives the Trident controller's ServiceAccount."""
    return f"system:serviceaccount:{namespace}:{facts.CONTROLLER_SERVICE_ACCOUNT}"


def controller_policy(secret_arn: T) -> dict[str, Any]:
    """IAM policy of the Trident controller: manage FSx volumes, read this one secret."""
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {"Sid": "TridentFsxVolumes", "Effect": "Allow", "Action": list(FSX_ACTIONS), "Resource": "*"},
            {
                "Sid": "TridentSvmCredentials",
                "Effect": "Allow",
                "Action": "secretsmanager:GetSecretValue",
                "Resource": secret_arn,
            },
        ],
    }


def oidc_issuer(oidc_provider_arn: str) -> str:
    """The issuer as IAM condition keys spell it (host and path), from the provider's ARN."""
    return oidc_provider_arn.split(":oidc-provider/", 1)[1]


def irsa_trust_policy(oidc_provider_arn: str, namespace: str, issuer: str | None = None) -> dict[str, Any]:
    """IRSA: only the trident-controller ServiceAccount of ``namespace``, through the cluster's OIDC provider.

    ``issuer`` (host and path) defaults to the one the provider's ARN names.
    """
    issuer = issuer or oidc_issuer(oidc_provider_arn)
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Federated": oidc_provider_arn},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {
                        f"{issuer}:aud": "sts.amazonaws.com",
                        f"{issuer}:sub": service_account_subject(namespace),
                    }
                },
            }
        ],
    }


def pod_identity_trust_policy() -> dict[str, Any]:
    """EKS Pod Identity: the pod identity agent assumes the role; the association names the ServiceAccount."""
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "pods.eks.amazonaws.com"},
                "Action": ["sts:AssumeRole", "sts:TagSession"],
            }
        ],
    }


def trust_policy(identity: TridentIdentity, namespace: str) -> dict[str, Any]:
    if identity.mode == "irsa" and identity.oidc_provider_arn is not None:
        return irsa_trust_policy(identity.oidc_provider_arn, namespace)
    return pod_identity_trust_policy()


def cloud_identity(role_arn: str) -> str:
    """The TridentOrchestrator's cloudIdentity for IRSA (the spec's trident.cloud_identity)."""
    return f"{facts.CLOUD_IDENTITY_PREFIX['AWS']} {role_arn}"


def addon_configuration(mode: str | None, role_arn: str | None) -> dict[str, str]:
    """configurationValues of the netapp_trident-operator add-on. The add-on passes cloudIdentity to the
    operator's Helm chart, which wants the annotation in single quotes (NetApp's documented form).

    Only IRSA sets cloudProvider: the operator refuses cloudProvider AWS without a cloudIdentity, and with
    EKS Pod Identity (or the node's role) the AWS SDK in Trident's controller finds its credentials unaided.
    """
    if mode == "irsa" and role_arn is not None:
        return {"cloudProvider": "AWS", "cloudIdentity": f"'{cloud_identity(role_arn)}'"}
    return {}


# -- the plan --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwsPlan:
    """What the aws section wants; documents that need ARNs of created resources are functions above."""

    region: str
    file_system: FileSystem
    create_file_system: dict[str, Any]
    svm: Svm
    trident_namespace: str
    identity: TridentIdentity | None
    trust_policy: dict[str, Any] | None
    eks_addon: EksAddon | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (no secrets: the aws section holds only secret names)."""
        return {
            "region": self.region,
            "file_system": {"name": self.file_system.name, "create_file_system": self.create_file_system},
            "svm": {
                "name": self.svm.name,
                "create_storage_virtual_machine": svm_request(self.svm, "<file system id>"),
                "credentials_secret": {
                    "name": self.svm.credentials_secret,
                    "secret_string": vsadmin_secret("<generated>"),
                },
            },
            "trident_identity": None
            if self.identity is None
            else {
                "mode": self.identity.mode,
                "role_name": self.identity.role_name,
                "policy_name": self.identity.policy_name,
                "policy_document": controller_policy("<credentials secret ARN>"),
                "trust_policy": self.trust_policy,
                "service_account": f"{self.trident_namespace}/{facts.CONTROLLER_SERVICE_ACCOUNT}",
            },
            "eks_addon": None
            if self.eks_addon is None
            else {
                "cluster_name": self.eks_addon.cluster_name,
                "addon_name": ADDON_NAME,
                "version": self.eks_addon.version,
                "configuration_values": addon_configuration(
                    self.identity.mode if self.identity else None, "<role ARN>"
                ),
            },
        }


def render_aws(spec: StorageSpec) -> AwsPlan | None:
    """The AWS resources of a validated spec, or None when it has no aws section."""
    aws: AwsSpec | None = spec.aws
    if aws is None:
        return None
    namespace = spec.trident.namespace
    identity = aws.trident_identity
    return AwsPlan(
        region=aws.region,
        file_system=aws.file_system,
        create_file_system=file_system_request(aws.file_system),
        svm=aws.svm,
        trident_namespace=namespace,
        identity=identity,
        trust_policy=None if identity is None else trust_policy(identity, namespace),
        eks_addon=aws.eks_addon,
    )


# -- references -------------------------------------------------------------------------------------------------


def _pattern(regex: re.Pattern[str], what: str) -> Any:
    return lambda value: None if regex.match(value) else f"{value!r} is not {what}"


@dataclass(frozen=True, kw_only=True)
class AwsOutputs:
    """What provisioning returned, for the references of a spec (the stack module's aws_outputs)."""

    file_system_id: str | None = spec_field(
        "Id of the spec's file system (fsx_ontap_filesystem returns it).",
        default=None,
        check=_pattern(_FSX_ID, "an FSx file system id"),
    )
    svm_name: str | None = spec_field("Name of its SVM (the spec's aws.svm.name by default).", default=None)
    credentials_secret_arn: str | None = spec_field(
        "ARN of the SVM's credentials secret (fsx_ontap_svm returns it).",
        default=None,
        check=_pattern(SECRETS_MANAGER_ARN, "a Secrets Manager ARN"),
    )
    role_arn: str | None = spec_field(
        "ARN of Trident's IAM role (fsx_ontap_trident_iam returns it).",
        default=None,
        check=_pattern(_ROLE_ARN, "an IAM role ARN"),
    )


def unresolved(spec: StorageSpec) -> list[Issue]:
    """Every field that still refers to something provisioning creates, with what it waits for."""
    issues = Issues()
    hint = "resolve the spec with the provisioning outputs first (the fsx_ontap role does; or the stack module's "
    for index, backend in enumerate(spec.backends):
        where = join("backends", index)
        if backend.refers_to_spec_fsx:
            issues.error(join(where, "aws.file_system"), f"the file system id is not known yet: {hint}aws_outputs)")
        if backend.credentials.type == "awsarn" and backend.credentials.name is None:
            issues.error(join(where, "credentials.name"), f"the SVM's secret ARN is not known yet: {hint}aws_outputs)")
    identity = spec.aws.trident_identity if spec.aws else None
    if identity is not None and identity.mode == "irsa" and spec.trident.cloud_identity is None:
        issues.error("trident.cloud_identity", f"the IAM role's ARN is not known yet: {hint}aws_outputs)")
    return issues.errors


def require_resolved(spec: StorageSpec) -> None:
    """Refuse to render a spec whose references are not filled in; names every such field."""
    missing = unresolved(spec)
    if missing:
        raise SpecError(missing)


def resolve(spec: StorageSpec, outputs: Mapping[str, Any] | None) -> StorageSpec:
    """Fill the spec's references from provisioning outputs; a spec without references comes back as it is.

    Raises SpecError naming each reference whose output is missing (or each output that is malformed).
    """
    issues = Issues()
    found = build(AwsOutputs, dict(outputs or {}), "aws_outputs", issues)
    if found is None or issues.errors:
        raise SpecError(issues.errors)
    aws = spec.aws
    backends = tuple(_backend(b, join("backends", i), aws, found, issues) for i, b in enumerate(spec.backends))
    trident = _trident(spec.trident, aws, found, issues)
    if issues.errors:
        raise SpecError(issues.errors)
    return dataclasses.replace(spec, backends=backends, trident=trident)


def _missing(issues: Issues, where: str, output: str, what: str) -> None:
    issues.error(where, f"needs aws_outputs.{output} ({what})")


def _backend(backend: Backend, where: str, aws: AwsSpec | None, out: AwsOutputs, issues: Issues) -> Backend:
    if aws is None or backend.aws is None or not backend.refers_to_spec_fsx:
        return backend
    if out.file_system_id is None:
        _missing(
            issues, join(where, "aws.file_system"), "file_system_id", f"the id of file system {aws.file_system.name!r}"
        )
        return backend
    credentials = backend.credentials
    if credentials.type == "awsarn" and credentials.name is None:
        if out.credentials_secret_arn is None:
            _missing(issues, join(where, "credentials.name"), "credentials_secret_arn", "the ARN of the SVM's secret")
            return backend
        credentials = dataclasses.replace(credentials, name=out.credentials_secret_arn)
    connection = AwsBackend(fsx_filesystem_id=out.file_system_id, api_region=backend.aws.api_region or aws.region)
    svm = backend.svm or out.svm_name or aws.svm.name
    return dataclasses.replace(backend, aws=connection, credentials=credentials, svm=svm)


def _trident(trident: TridentSpec, aws: AwsSpec | None, out: AwsOutputs, issues: Issues) -> TridentSpec:
    identity = aws.trident_identity if aws else None
    if identity is None or identity.mode != "irsa" or trident.cloud_identity is not None:
        return trident
    if out.role_arn is None:
        _missing(issues, "trident.cloud_identity", "role_arn", f"the ARN of IAM role {identity.role_name!r}")
        return trident
    # cloud_provider is AWS in any case (the aws section's rule); its spelling stays the user's.
    provider = trident.cloud_provider if trident.cloud == "AWS" else "AWS"
    return dataclasses.replace(trident, cloud_provider=provider, cloud_identity=cloud_identity(out.role_arn))
