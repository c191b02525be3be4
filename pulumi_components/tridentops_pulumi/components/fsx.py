"""FsxOntapStorage: an FSx for NetApp ONTAP file system and SVM, ready for Trident."""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads the annotations at run time.

import json
from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_aws as aws

from .. import fsx_plan
from ..fsx_args import FsxOntapStorageArgs
from ..spec import facts
from ..spec_inputs import InvalidArgs
from ._common import component_depends_on, token

# Inputs of aws.fsx.OntapFileSystem that are passed through unchanged when given.
_FILE_SYSTEM_INPUTS = (
    "deployment_type",
    "storage_capacity",
    "subnet_ids",
    "preferred_subnet_id",
    "throughput_capacity",
    "throughput_capacity_per_ha_pair",
    "ha_pairs",
    "route_table_ids",
    "security_group_ids",
    "endpoint_ip_address_range",
    "kms_key_id",
    "storage_type",
    "disk_iops_configuration",
    "automatic_backup_retention_days",
    "daily_automatic_backup_start_time",
    "weekly_maintenance_start_time",
)
DEFAULT_SVM_NAME = "svm_trident"


class FsxOntapStorage(pulumi.ComponentResource):
    """Amazon FSx for NetApp ONTAP for Trident: the file system, an SVM, the SVM's vsadmin credentials in
    Secrets Manager, and an IAM role the Trident controller assumes (IRSA or EKS Pod Identity) that may
    manage FSx volumes and read that one secret.

    Feed the outputs to FsxTridentBackend (file system id, SVM name, secret ARN) and to the Trident
    installation (with IRSA: ``cloud_identity`` set from ``role_arn``). The vsadmin password only goes to
    the SVM and the secret, both marked secret.
    """

    file_system_id: pulumi.Output[str]
    """FSx file system id (fs-...)."""
    svm_id: pulumi.Output[str]
    """SVM id (svm-...)."""
    svm_name: pulumi.Output[str]
    """SVM name (a backend's svm)."""
    management_endpoint: pulumi.Output[str]
    """DNS name of the SVM's management LIF."""
    nfs_endpoint: pulumi.Output[str]
    """DNS name of the SVM's NFS LIF."""
    iscsi_endpoint: pulumi.Output[str]
    """DNS name of the SVM's iSCSI LIFs."""
    iscsi_ip_addresses: pulumi.Output[list[str]]
    """IP addresses of the SVM's iSCSI LIFs."""
    secret_arn: pulumi.Output[str]
    """Secrets Manager secret holding the vsadmin credentials (a backend's credentials, type awsarn)."""
    role_arn: pulumi.Output[str]
    """IAM role of the Trident controller."""

    def __init__(self, name: str, args: FsxOntapStorageArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        where = f"FsxOntapStorage '{name}'"
        issues = fsx_plan.check_file_system(_known(args))
        if issues:
            raise InvalidArgs(where, issues)
        super().__init__(token("FsxOntapStorage"), name, {}, opts)
        namespace = args.get("trident_namespace", facts.DEFAULT_NAMESPACE)
        tags = args.get("tags")
        child = pulumi.ResourceOptions(parent=self, depends_on=component_depends_on(opts))

        given: Mapping[str, Any] = args
        file_system_args: dict[str, Any] = {k: given[k] for k in _FILE_SYSTEM_INPUTS if k in given}
        if "fsx_admin_password" in args:
            file_system_args["fsx_admin_password"] = pulumi.Output.secret(args["fsx_admin_password"])
        file_system = aws.fsx.OntapFileSystem(f"{name}-fs", **file_system_args, tags=tags, opts=child)

        vsadmin_password = pulumi.Output.secret(args["vsadmin_password"])
        svm = aws.fsx.OntapStorageVirtualMachine(
            f"{name}-svm",
            file_system_id=file_system.id,
            name=args.get("svm_name", DEFAULT_SVM_NAME),
            svm_admin_password=vsadmin_password,
            root_volume_security_style=args.get("root_volume_security_style"),
            tags=tags,
            opts=child,
        )

        # name_prefix: a deleted secret keeps its name for its recovery window, so a fixed name would
        # block re-creating the stack.
        secret = aws.secretsmanager.Secret(
            f"{name}-vsadmin",
            name_prefix=f"{name}-vsadmin-",
            description=f"vsadmin credentials of FSx SVM for Trident ({name})",
            kms_key_id=args.get("secret_kms_key_id"),
            tags=tags,
            opts=child,
        )
        secret_document: pulumi.Input[str] = pulumi.Output.json_dumps(fsx_plan.vsadmin_secret(vsadmin_password))
        secret_version = aws.secretsmanager.SecretVersion(
            f"{name}-vsadmin",
            secret_id=secret.id,
            # json_dumps keeps the password's secretness; secret() says so even if a caller's password was not.
            secret_string=pulumi.Output.secret(secret_document),
            opts=child,
        )

        policy = aws.iam.Policy(
            f"{name}-trident",
            description=f"Trident controller access to FSx for NetApp ONTAP ({name})",
            policy=pulumi.Output.json_dumps(fsx_plan.controller_policy(secret.arn)),
            tags=tags,
            opts=child,
        )
        role = aws.iam.Role(
            f"{name}-trident",
            description=f"Trident controller ({namespace}/{facts.CONTROLLER_SERVICE_ACCOUNT}) for FSx ({name})",
            assume_role_policy=_trust_policy(args, namespace),
            tags=tags,
            opts=child,
        )
        attachment = aws.iam.RolePolicyAttachment(f"{name}-trident", role=role.name, policy_arn=policy.arn, opts=child)
        ready: list[pulumi.Resource] = [attachment]
        if "eks_cluster_name" in args:
            ready.append(
                aws.eks.PodIdentityAssociation(
                    f"{name}-trident",
                    cluster_name=args["eks_cluster_name"],
                    namespace=namespace,
                    service_account=facts.CONTROLLER_SERVICE_ACCOUNT,
                    role_arn=role.arn,
                    tags=tags,
                    opts=child,
                )
            )

        endpoints = svm.endpoints
        self.file_system_id = file_system.id
        self.svm_id = svm.id
        self.svm_name = svm.name
        self.management_endpoint = endpoints.apply(lambda e: _dns_name(e, "managements"))
        self.nfs_endpoint = endpoints.apply(lambda e: _dns_name(e, "nfs"))
        self.iscsi_endpoint = endpoints.apply(lambda e: _dns_name(e, "iscsis"))
        self.iscsi_ip_addresses = endpoints.apply(lambda e: _ip_addresses(e, "iscsis"))
        # Trident can read the secret once its value exists, and use the role once it holds the policy.
        self.secret_arn = pulumi.Output.all(secret.arn, secret_version.id).apply(lambda v: str(v[0]))
        self.role_arn = pulumi.Output.all(role.arn, *[r.urn for r in ready]).apply(lambda v: str(v[0]))
        self.register_outputs(
            {
                "file_system_id": self.file_system_id,
                "svm_id": self.svm_id,
                "svm_name": self.svm_name,
                "management_endpoint": self.management_endpoint,
                "nfs_endpoint": self.nfs_endpoint,
                "iscsi_endpoint": self.iscsi_endpoint,
                "iscsi_ip_addresses": self.iscsi_ip_addresses,
                "secret_arn": self.secret_arn,
                "role_arn": self.role_arn,
            }
        )


def _known(args: Mapping[str, Any]) -> dict[str, Any]:
    """The args as far as they are known now: an Output counts as given, its value is left for AWS to judge."""
    return {k: fsx_plan.UNKNOWN if isinstance(v, pulumi.Output) else v for k, v in args.items()}


def _trust_policy(args: FsxOntapStorageArgs, namespace: str) -> pulumi.Output[str]:
    if "eks_cluster_name" in args:
        return pulumi.Output.from_input(json.dumps(fsx_plan.pod_identity_trust_policy()))
    # The issuer URL becomes part of the condition keys, so the document is built once both are known.
    return pulumi.Output.all(args["oidc_provider_arn"], args["oidc_provider_url"]).apply(
        lambda v: json.dumps(fsx_plan.irsa_trust_policy(str(v[0]), str(v[1]), namespace))
    )


def _endpoint(endpoints: Any, kind: str) -> Any:
    found = getattr(endpoints[0], kind, None) if endpoints else None
    if not found:
        raise ValueError(f"the FSx SVM reports no {kind} endpoint")
    return found[0]


def _dns_name(endpoints: Any, kind: str) -> str:
    return str(_endpoint(endpoints, kind).dns_name)


def _ip_addresses(endpoints: Any, kind: str) -> list[str]:
    return [str(ip) for ip in _endpoint(endpoints, kind).ip_addresses]
