"""TridentStack: a whole storage spec as one component."""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads the annotations at run time.

from collections.abc import Mapping
from typing import Any, Optional, cast

import pulumi

from ..spec.aws import AwsSpec
from ..spec.issues import Issues
from ..spec.stack import StorageSpec
from ..spec_args import FsxOntapStorageArgs, TridentStackArgs
from ..spec_inputs import InvalidArgs, PlannedSpec, plain_section, plan, with_aws_outputs
from ._common import all_known_after, component_depends_on, declare_planned, known_after, token
from .fsx import FsxOntapStorage, check_password

EXTRAS = ("vsadmin_password",)


class TridentStack(pulumi.ComponentResource):
    """The whole storage spec (the document ``tridentops validate`` reads and the Ansible ``stack`` module
    applies) in one component: Trident's installation, backends with their Secrets, StorageClasses and
    VolumeSnapshotClasses, declared from the spec package's rendering, so both front ends create the same
    objects.

    A spec with an ``aws`` section is provisioned first, as the Ansible fsx_ontap role does: an FsxOntapStorage
    child creates the file system, its SVM and credentials secret, Trident's IAM role (and its EKS add-on), and
    its outputs fill in the backends that name the spec's file system (file system id, SVM, secret ARN, region)
    and Trident's cloud identity. Give the SVM's ``vsadmin_password`` with such a spec.

    The spec is validated first, every error reported at once with its field path. Objects are declared in
    the order the Ansible side applies them: each stage waits for the previous one to be ready
    (TridentOrchestrator Installed, TridentBackendConfigs Bound). With ``install_method`` ``eks_addon`` or
    ``external`` nothing of Trident's installation is declared; pass what installs it in ``depends_on`` (the
    spec's own ``aws.eks_addon`` is waited for without).
    Text values may be pulumi Outputs where ``spec_args`` types them ``pulumi.Input[str]``.
    """

    namespace: pulumi.Output[str]
    """Namespace Trident runs in."""
    backend_names: pulumi.Output[list[str]]
    """Names of the TridentBackendConfigs."""
    storage_class_names: pulumi.Output[list[str]]
    """Names of the StorageClasses."""
    snapshot_class_names: pulumi.Output[list[str]]
    """Names of the VolumeSnapshotClasses."""
    file_system_id: pulumi.Output[Optional[str]]  # noqa: UP045 (the schema analyzer reads Optional, not a union)
    """With an aws section: the FSx file system id."""
    svm_management_endpoint: pulumi.Output[Optional[str]]  # noqa: UP045
    """With an aws section: DNS name of the SVM's management LIF."""
    svm_nfs_endpoint: pulumi.Output[Optional[str]]  # noqa: UP045
    """With an aws section: DNS name of the SVM's NFS (data) LIF."""
    credentials_secret_arn: pulumi.Output[Optional[str]]  # noqa: UP045
    """With an aws section: ARN of the SVM's credentials secret the backends read."""
    trident_role_arn: pulumi.Output[Optional[str]]  # noqa: UP045
    """With an aws section's trident_identity: the IAM role of Trident's controller."""

    def __init__(self, name: str, args: TridentStackArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        where = f"TridentStack '{name}'"
        given: Mapping[str, Any] = args
        # The aws section decides what AWS creates: plain values only, refused before the spec is judged.
        aws_section = (
            plain_section(given["aws"], AwsSpec, where, ("aws",)) if isinstance(given.get("aws"), Mapping) else {}
        )
        planned = plan({k: v for k, v in given.items() if k not in EXTRAS}, where)
        spec = planned.spec
        if spec.aws is not None:
            issues = Issues()
            check_password(
                given.get("vsadmin_password"),
                "is required with an aws section: Trident logs in to the SVM as vsadmin",
                issues,
            )
            if issues.errors:
                raise InvalidArgs(where, issues.errors)
        super().__init__(token("TridentStack"), name, {}, opts)
        fsx_outputs: dict[str, pulumi.Output[Any]] = {}
        after: list[pulumi.Resource] = []
        if spec.aws is not None:
            fsx_args = cast(
                FsxOntapStorageArgs,
                {
                    **aws_section,
                    "trident_namespace": spec.trident.namespace,
                    "vsadmin_password": given["vsadmin_password"],
                },
            )
            fsx = FsxOntapStorage(
                name,
                fsx_args,
                pulumi.ResourceOptions(parent=self, depends_on=component_depends_on(opts)),
            )
            planned = _provisioned(planned, fsx)
            after += [fsx.addon] if fsx.addon is not None else []
            fsx_outputs = {
                "file_system_id": fsx.file_system_id,
                "svm_management_endpoint": fsx.management_endpoint,
                "svm_nfs_endpoint": fsx.nfs_endpoint,
                "credentials_secret_arn": fsx.secret_arn,
                "trident_role_arn": fsx.role_arn,
            }
        declared, _ = declare_planned(self, name, planned, opts, after)
        gate = declared.first("TridentOrchestrator") or self
        self.namespace = known_after(gate, spec.trident.namespace)
        self.backend_names = _names(declared.of_kind("TridentBackendConfig"), [b.name for b in spec.backends])
        self.storage_class_names = _names(declared.of_kind("StorageClass"), [c.name for c in spec.storage_classes])
        self.snapshot_class_names = _names(
            declared.of_kind("VolumeSnapshotClass"), [c.name for c in spec.snapshot_classes]
        )
        none: pulumi.Output[Any] = pulumi.Output.from_input(None)
        self.file_system_id = fsx_outputs.get("file_system_id", none)
        self.svm_management_endpoint = fsx_outputs.get("svm_management_endpoint", none)
        self.svm_nfs_endpoint = fsx_outputs.get("svm_nfs_endpoint", none)
        self.credentials_secret_arn = fsx_outputs.get("credentials_secret_arn", none)
        self.trident_role_arn = fsx_outputs.get("trident_role_arn", none)
        self.register_outputs(
            {
                "namespace": self.namespace,
                "backend_names": self.backend_names,
                "storage_class_names": self.storage_class_names,
                "snapshot_class_names": self.snapshot_class_names,
                **fsx_outputs,  # only with an aws section
            }
        )


def _provisioned(planned: PlannedSpec, fsx: FsxOntapStorage) -> PlannedSpec:
    """The spec with its references to the aws section filled from what ``fsx`` creates (the role's aws_outputs)."""
    spec: StorageSpec = planned.spec
    outputs: dict[str, pulumi.Output[Any]] = {
        "file_system_id": fsx.file_system_id,
        "svm_name": fsx.svm_name,
        "credentials_secret_arn": fsx.secret_arn,
    }
    if spec.aws is not None and spec.aws.trident_identity is not None:
        outputs["role_arn"] = fsx.role_arn
    return with_aws_outputs(planned, outputs)


def _names(resources: list[pulumi.CustomResource], names: list[str]) -> pulumi.Output[list[str]]:
    assert len(resources) == len(names), "one resource per rendered object"
    return all_known_after(resources, names)
