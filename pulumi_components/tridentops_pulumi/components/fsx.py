"""FsxOntapStorage: the spec's ``aws`` section (FSx for NetApp ONTAP file system, SVM, Trident's IAM role) in Pulumi.

The section is validated by the spec model (``spec.aws``) and every AWS document comes from the spec's AWS rendering
(``spec.render_aws``): the CreateFileSystem parameters, the vsadmin secret, the IAM policy and trust documents, the
EKS add-on's configuration. These are what the Ansible fsx_ontap role's modules send; here they become pulumi_aws
inputs.
"""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads the annotations at run time.

import json
import re
from collections.abc import Mapping
from typing import Any, Optional

import pulumi
import pulumi_aws as aws

from ..spec import facts, render_aws
from ..spec.aws import ADDON_NAME, AwsSpec, check_vsadmin_password
from ..spec.issues import Issues
from ..spec.schema import build
from ..spec_args import FsxOntapStorageArgs
from ..spec_inputs import InvalidArgs, plain_section
from ._common import component_depends_on, token

EXTRAS = ("trident_namespace", "vsadmin_password")
# CreateFileSystem names -> pulumi_aws names: snake case, an acronym kept whole (HAPairs -> ha_pairs).
_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def plan_aws(args: Mapping[str, Any], where: str) -> AwsSpec:
    """The component's args as the spec's validated ``aws`` section (its rules, its field paths)."""
    issues = Issues()
    given = plain_section({k: v for k, v in args.items() if k not in EXTRAS}, AwsSpec, where)
    section = build(AwsSpec, given, "", issues)
    check_password(args.get("vsadmin_password"), "is required: Trident logs in to the SVM as vsadmin", issues)
    if issues.errors or section is None:
        raise InvalidArgs(where, issues.errors)
    return section


def check_password(password: Any, missing: str, issues: Issues) -> None:
    """The vsadmin password's problem, if any (an Output is judged by FSx); the message never holds the value."""
    problem = missing if password is None else check_vsadmin_password(password) if isinstance(password, str) else None
    if problem:
        issues.error("vsadmin_password", problem)


def file_system_inputs(request: Mapping[str, Any]) -> dict[str, Any]:
    """pulumi_aws.fsx.OntapFileSystem inputs from the spec's CreateFileSystem parameters."""
    flat = {k: v for k, v in request.items() if k not in ("FileSystemType", "OntapConfiguration", "Tags")}
    flat.update(request.get("OntapConfiguration", {}))
    inputs = {_snake(k): {_snake(i): j for i, j in v.items()} if isinstance(v, Mapping) else v for k, v in flat.items()}
    inputs["tags"] = {t["Key"]: t["Value"] for t in request.get("Tags", [])}
    return inputs


def _snake(name: str) -> str:
    return _WORD.sub("_", name).lower()


class FsxOntapStorage(pulumi.ComponentResource):
    """Amazon FSx for NetApp ONTAP for Trident from the spec's ``aws`` section: the file system, its SVM, the SVM's
    vsadmin credentials in the Secrets Manager secret the spec names, the IAM role and policy of the Trident
    controller (IRSA or EKS Pod Identity) and, with ``eks_addon``, Trident's EKS add-on.

    The same section the Ansible fsx_ontap role provisions, validated by the same model. Feed the outputs to the
    backends (``TridentStack`` does it for a whole spec): file system id, SVM name, secret ARN, and with IRSA the
    role for Trident's ``cloud_identity``. The vsadmin password only goes to the SVM and the secret, both secret;
    the fsxadmin password is read from ``file_system.fsxadmin_password_secret`` once, at creation.
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
    """DNS name of the SVM's NFS LIF (its data LIF for NAS)."""
    iscsi_endpoint: pulumi.Output[str]
    """DNS name of the SVM's iSCSI LIFs."""
    iscsi_ip_addresses: pulumi.Output[list[str]]
    """IP addresses of the SVM's iSCSI LIFs."""
    secret_arn: pulumi.Output[str]
    """Secrets Manager secret holding the vsadmin credentials (a backend's credentials, type awsarn)."""
    role_arn: pulumi.Output[Optional[str]]  # noqa: UP045 (the schema analyzer reads Optional, not a union)
    """IAM role of the Trident controller (with trident_identity)."""

    def __init__(self, name: str, args: FsxOntapStorageArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        section = plan_aws(args, f"FsxOntapStorage '{name}'")
        super().__init__(token("FsxOntapStorage"), name, {}, opts)
        namespace = args.get("trident_namespace") or facts.DEFAULT_NAMESPACE
        file_system, svm = section.file_system, section.svm
        tags = dict(file_system.tags) or None
        child = pulumi.ResourceOptions(parent=self, depends_on=component_depends_on(opts))
        region = section.region

        inputs = file_system_inputs(render_aws.file_system_request(file_system))
        created_once = child
        if file_system.fsxadmin_password_secret is not None:
            inputs["fsx_admin_password"] = _read_password(file_system.fsxadmin_password_secret, region, child)
            # Read once, at creation (as the Ansible module does): a rotated secret does not reset fsxadmin.
            created_once = pulumi.ResourceOptions.merge(
                child, pulumi.ResourceOptions(ignore_changes=["fsxAdminPassword"])
            )
        fs = aws.fsx.OntapFileSystem(f"{name}-fs", region=region, **inputs, opts=created_once)

        vsadmin_password = pulumi.Output.secret(args["vsadmin_password"])
        machine = aws.fsx.OntapStorageVirtualMachine(
            f"{name}-svm",
            region=region,
            **_svm_inputs(render_aws.svm_request(svm, "<file system id>"), fs.id),
            svm_admin_password=vsadmin_password,
            tags=tags,
            opts=child,
        )
        secret = aws.secretsmanager.Secret(
            f"{name}-vsadmin",
            region=region,
            name=svm.credentials_secret,
            description=render_aws.secret_description(svm.name),
            tags=render_aws.secret_tags(file_system.tags),
            opts=child,
        )
        secret_document: pulumi.Input[str] = pulumi.Output.json_dumps(render_aws.vsadmin_secret(vsadmin_password))
        secret_version = aws.secretsmanager.SecretVersion(
            f"{name}-vsadmin",
            region=region,
            secret_id=secret.id,
            # json_dumps keeps the password's secretness; secret() says so even if a caller's password was not.
            secret_string=pulumi.Output.secret(secret_document),
            opts=child,
        )
        # Trident reads the secret once its value exists, and logs in once the SVM exists.
        self.secret_arn = pulumi.Output.all(secret.arn, secret_version.id, machine.id).apply(lambda v: str(v[0]))

        role_arn: pulumi.Output[str | None] = pulumi.Output.from_input(None)
        ready: list[pulumi.Resource] = []
        identity = section.trident_identity
        if identity is not None:
            policy = aws.iam.Policy(
                f"{name}-trident",
                name=identity.policy_name,
                description=render_aws.IAM_DESCRIPTION,
                policy=pulumi.Output.json_dumps(render_aws.controller_policy(secret.arn)),
                tags=tags,
                opts=child,
            )
            role = aws.iam.Role(
                f"{name}-trident",
                name=identity.role_name,
                description=render_aws.IAM_DESCRIPTION,
                assume_role_policy=json.dumps(render_aws.trust_policy(identity, namespace)),
                tags=tags,
                opts=child,
            )
            ready.append(
                aws.iam.RolePolicyAttachment(f"{name}-trident", role=role.name, policy_arn=policy.arn, opts=child)
            )
            if identity.mode == "pod_identity":
                ready.append(
                    aws.eks.PodIdentityAssociation(
                        f"{name}-trident",
                        region=region,
                        cluster_name=identity.eks_cluster_name,
                        namespace=namespace,
                        service_account=facts.CONTROLLER_SERVICE_ACCOUNT,
                        role_arn=role.arn,
                        tags=tags,
                        opts=child,
                    )
                )
            # Trident may use the role once it holds the policy (and, with Pod Identity, is associated).
            role_arn = pulumi.Output.all(role.arn, *[r.urn for r in ready]).apply(lambda v: str(v[0]))
        self.role_arn = role_arn

        self.addon: aws.eks.Addon | None = None
        if section.eks_addon is not None:
            addon = section.eks_addon
            mode = identity.mode if identity else None
            self.addon = aws.eks.Addon(
                f"{name}-trident-addon",
                region=region,
                cluster_name=addon.cluster_name,
                addon_name=ADDON_NAME,
                addon_version=_addon_version(addon.cluster_name, addon.version, region, child),
                configuration_values=role_arn.apply(lambda arn: _addon_configuration(mode, arn)),
                resolve_conflicts_on_create="OVERWRITE",
                resolve_conflicts_on_update="OVERWRITE",
                tags=tags,
                opts=child,
            )

        endpoints = machine.endpoints
        self.file_system_id = fs.id
        self.svm_id = machine.id
        self.svm_name = machine.name
        self.management_endpoint = endpoints.apply(lambda e: _dns_name(e, "managements"))
        self.nfs_endpoint = endpoints.apply(lambda e: _dns_name(e, "nfs"))
        self.iscsi_endpoint = endpoints.apply(lambda e: _dns_name(e, "iscsis"))
        self.iscsi_ip_addresses = endpoints.apply(lambda e: _ip_addresses(e, "iscsis"))
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


def _svm_inputs(request: Mapping[str, Any], file_system_id: pulumi.Output[str]) -> dict[str, Any]:
    """pulumi_aws.fsx.OntapStorageVirtualMachine inputs from the spec's CreateStorageVirtualMachine parameters."""
    return {_snake(k): file_system_id if k == "FileSystemId" else v for k, v in request.items()}


def _read_password(secret_id: str, region: str, opts: pulumi.ResourceOptions) -> pulumi.Output[str]:
    """The fsxadmin password from Secrets Manager: a plain string, or JSON with a password key (as the spec says)."""
    version = aws.secretsmanager.get_secret_version_output(
        secret_id=secret_id, region=region, opts=pulumi.InvokeOutputOptions(parent=opts.parent)
    )
    return pulumi.Output.secret(version.secret_string.apply(_password_of))


def _password_of(text: str) -> str:
    try:
        document = json.loads(text)
    except ValueError:
        return text
    return str(document["password"]) if isinstance(document, Mapping) and "password" in document else text


def _addon_version(cluster: str, version: str, region: str, opts: pulumi.ResourceOptions) -> pulumi.Input[str]:
    """The add-on version: as given, or with latest the newest offered for the cluster's Kubernetes version."""
    if version != "latest":
        return version
    invoke = pulumi.InvokeOutputOptions(parent=opts.parent)
    kubernetes = aws.eks.get_cluster_output(name=cluster, region=region, opts=invoke).version
    found = aws.eks.get_addon_version_output(
        addon_name=ADDON_NAME, kubernetes_version=kubernetes, most_recent=True, region=region, opts=invoke
    )
    return found.version


def _addon_configuration(mode: str | None, role_arn: str | None) -> str | None:
    values = render_aws.addon_configuration(mode, role_arn)
    return json.dumps(values) if values else None  # as the Ansible module: no configurationValues when empty


def _endpoint(endpoints: Any, kind: str) -> Any:
    found = getattr(endpoints[0], kind, None) if endpoints else None
    if not found:
        raise ValueError(f"the FSx SVM reports no {kind} endpoint")
    return found[0]


def _dns_name(endpoints: Any, kind: str) -> str:
    return str(_endpoint(endpoints, kind).dns_name)


def _ip_addresses(endpoints: Any, kind: str) -> list[str]:
    return [str(ip) for ip in _endpoint(endpoints, kind).ip_addresses]
