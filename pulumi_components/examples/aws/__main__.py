"""Amazon FSx for NetApp ONTAP for an EKS cluster, and Trident using it.

FsxOntapStorage takes the storage spec's ``aws`` section (examples/aws-fsx-provision.yaml has the same shape)
and creates the file system, an SVM, the vsadmin secret in Secrets Manager and an IRSA role for the Trident
controller; Trident is installed by its operator with that role as its cloud identity; two backends (NFS and
iSCSI) read the SVM's credentials from Secrets Manager, so no password reaches Kubernetes. (TridentStack does all
of this from one spec document; this program composes the components one by one.)

    pulumi config set aws:region eu-west-1
    pulumi config set --path 'subnetIds[0]' subnet-... ; pulumi config set --path 'subnetIds[1]' subnet-...
    pulumi config set --path 'routeTableIds[0]' rtb-... ; pulumi config set --path 'securityGroupIds[0]' sg-...
    pulumi config set oidcProviderArn arn:aws:iam::...:oidc-provider/oidc.eks.....
    pulumi config set --secret vsadminPassword ...
    pulumi up
"""

import pulumi
import pulumi_kubernetes as k8s

from tridentops_pulumi import (
    FsxOntapStorage,
    FsxTridentBackend,
    TridentOperator,
    TridentSnapshotClass,
    TridentStorageClass,
)
from tridentops_pulumi.spec.render_aws import cloud_identity
from tridentops_pulumi.spec_args import FsxTridentBackendArgs

config = pulumi.Config()
region = pulumi.Config("aws").require("region")
subnets: list[str] = config.require_object("subnetIds")

storage = FsxOntapStorage(
    "fsx",
    {
        "region": region,
        "file_system": {
            "name": "eks-trident",
            "deployment_type": "MULTI_AZ_1",
            "storage_capacity_gib": 1024,
            "throughput_capacity": 128,
            "subnet_ids": list(subnets),
            "preferred_subnet_id": subnets[0],
            "route_table_ids": config.get_object("routeTableIds") or [],
            "security_group_ids": config.get_object("securityGroupIds") or [],
            "tags": {"app": "trident"},
        },
        "svm": {"name": "svm_eks", "credentials_secret": "fsx/eks-trident/svm_eks/vsadmin"},
        "trident_identity": {
            "mode": "irsa",
            "role_name": "trident-controller",
            "policy_name": "trident-fsx-ontap",
            "oidc_provider_arn": config.require("oidcProviderArn"),
        },
        "vsadmin_password": config.require_secret("vsadminPassword"),
    },
)

cluster = k8s.Provider("eks", kubeconfig=config.get_secret("kubeconfig"))
on_cluster = pulumi.ResourceOptions(providers=[cluster])

trident = TridentOperator(
    "trident",
    {
        "cloud_provider": "AWS",
        "cloud_identity": storage.role_arn.apply(lambda arn: cloud_identity(str(arn))),
        "node_prep": ["iscsi"],
    },
    opts=on_cluster,
)
after_trident = pulumi.ResourceOptions.merge(on_cluster, pulumi.ResourceOptions(depends_on=[trident]))


def fsx_backend(name: str, driver: str, protocol: str) -> FsxTridentBackend:
    """A backend on the SVM; Trident reads vsadmin's credentials from Secrets Manager with its IAM role."""
    args: FsxTridentBackendArgs = {
        "name": name,
        "driver": driver,
        "fsx_filesystem_id": storage.file_system_id,
        "svm": storage.svm_name,
        "credentials_secret_arn": storage.secret_arn,
        "api_region": region,
        "labels": {"protocol": protocol},
    }
    if protocol == "iscsi":
        args["san_type"] = "iscsi"
    return FsxTridentBackend(name, args, opts=after_trident)


nas = fsx_backend("fsx-nas", "ontap-nas", "nfs")
san = fsx_backend("fsx-san", "ontap-san", "iscsi")
TridentStorageClass(
    "fsx-nfs",
    {
        "name": "fsx-nfs",
        "default": True,
        "attributes": {"backendType": "ontap-nas", "snapshots": True},
        "fs_type": "nfs",
    },
    opts=after_trident,
)
TridentStorageClass(
    "fsx-block",
    {
        "name": "fsx-block",
        "attributes": {"backendType": "ontap-san"},
        "fs_type": "ext4",
        "volume_binding_mode": "WaitForFirstConsumer",
    },
    opts=after_trident,
)
TridentSnapshotClass("fsx-snapshots", {"name": "fsx-snapshots", "default": True}, opts=after_trident)

pulumi.export("file_system_id", storage.file_system_id)
pulumi.export("svm_management_endpoint", storage.management_endpoint)
pulumi.export("secret_arn", storage.secret_arn)
pulumi.export("trident_role_arn", storage.role_arn)
pulumi.export("backends", [nas.backend_name, san.backend_name])
