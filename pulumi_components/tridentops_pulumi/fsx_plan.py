"""Planning for Amazon FSx for NetApp ONTAP behind Trident: pure functions, no Pulumi, no AWS calls.

What the FsxOntapStorage component creates is decided here and tested on its own (the component only
turns the plan into resources). The IAM and Secrets Manager documents and the FSx limits are the spec's
(``spec.render_aws``, ``spec.aws``), the ones the Ansible modules send; this module adds what differs for
component args:

- ``check_file_system``: the deployment-type rules AWS enforces only after a 20-minute create attempt,
  on args whose values may not be known yet (Pulumi Outputs);
- ``irsa_trust_policy``: the spec's trust document, with the issuer taken from the provider's URL.

The documents take any value type for ARNs and passwords, so a caller can put Pulumi Outputs in them and
serialise with ``Output.json_dumps``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .spec import aws as spec_aws
from .spec import render_aws
from .spec.issues import Issue, Issues

# The documents, as the spec renders them for the Ansible modules.
cloud_identity = render_aws.cloud_identity
controller_policy = render_aws.controller_policy
pod_identity_trust_policy = render_aws.pod_identity_trust_policy
service_account_subject = render_aws.service_account_subject
vsadmin_secret = render_aws.vsadmin_secret
FSX_ACTIONS = render_aws.FSX_ACTIONS
POLICY_VERSION = render_aws.POLICY_VERSION
VSADMIN = spec_aws.VSADMIN


class Unknown:
    """Stands for a value given but not known yet (a Pulumi Output): present, but not judged."""

    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN = Unknown()

DEPLOYMENT_TYPES = tuple(sorted(spec_aws.THROUGHPUT_PER_HA_PAIR))
MULTI_AZ = spec_aws.MULTI_AZ
SECOND_GENERATION = spec_aws.SECOND_GENERATION
MIN_CAPACITY, MAX_CAPACITY_PER_HA_PAIR = spec_aws.CAPACITY_PER_HA_PAIR
MAX_CAPACITY = spec_aws.MAX_CAPACITY
MAX_HA_PAIRS = spec_aws.MAX_HA_PAIRS["SINGLE_AZ_2"]
PASSWORD_LENGTH = (8, 50)  # FSx's range for SvmAdminPassword and FsxAdminPassword
SVM_NAME_LENGTH = spec_aws.SVM_NAME_LENGTH
SECURITY_STYLES = ("UNIX", "NTFS", "MIXED")
DISK_IOPS_MODES = ("AUTOMATIC", "USER_PROVISIONED")


def oidc_issuer(url: str) -> str:
    """The issuer as IAM condition keys spell it: the URL without its scheme."""
    return url.removeprefix("https://").rstrip("/")


def irsa_trust_policy(oidc_provider_arn: str, oidc_provider_url: str, namespace: str) -> dict[str, Any]:
    """IRSA: only the trident-controller ServiceAccount of ``namespace``, through the cluster's OIDC provider."""
    return render_aws.irsa_trust_policy(oidc_provider_arn, namespace, issuer=oidc_issuer(oidc_provider_url))


def check_file_system(args: Mapping[str, Any]) -> list[Issue]:
    """Problems in FsxOntapStorage args (arg names as paths). A value given as ``UNKNOWN`` (not known
    before deployment) counts as present and is not judged."""
    issues = Issues()
    deployment = args.get("deployment_type")
    if deployment not in DEPLOYMENT_TYPES:
        issues.error("deployment_type", f"{deployment!r} is not one of {', '.join(DEPLOYMENT_TYPES)}")
        return issues.items
    _check_throughput(args, deployment, issues)
    _check_capacity(args, deployment, issues)
    _check_network(args, deployment, issues)
    _check_svm(args, issues)
    _check_identity(args, issues)
    return issues.items


def _check_throughput(args: Mapping[str, Any], deployment: str, issues: Issues) -> None:
    total, per_pair, pairs = (
        args.get(k) for k in ("throughput_capacity", "throughput_capacity_per_ha_pair", "ha_pairs")
    )
    if (total is None) == (per_pair is None):
        issues.error("throughput_capacity", "give throughput_capacity or throughput_capacity_per_ha_pair (one of them)")
    if pairs is not None:
        high = MAX_HA_PAIRS if deployment == "SINGLE_AZ_2" else 1
        if not isinstance(pairs, int) or not 1 <= pairs <= high:
            issues.error("ha_pairs", f"{deployment} takes {'1 to 12 HA pairs' if high > 1 else '1 HA pair'}")
    if per_pair is not None and deployment not in SECOND_GENERATION and pairs not in (None, 1):
        issues.error("throughput_capacity_per_ha_pair", f"{deployment} has one HA pair")


def _check_capacity(args: Mapping[str, Any], deployment: str, issues: Issues) -> None:
    capacity = args.get("storage_capacity")
    if not isinstance(capacity, int) or isinstance(capacity, bool):
        issues.error("storage_capacity", "must be a whole number of GiB")
        return
    given_pairs = args.get("ha_pairs")
    pairs = given_pairs if isinstance(given_pairs, int) else 1
    high = MAX_CAPACITY[deployment]
    if deployment == "SINGLE_AZ_2":
        high = min(high, MAX_CAPACITY_PER_HA_PAIR * pairs)
    if not MIN_CAPACITY <= capacity <= high:
        issues.error("storage_capacity", f"{capacity} GiB is out of range; {deployment} takes {MIN_CAPACITY} to {high}")


def _check_network(args: Mapping[str, Any], deployment: str, issues: Issues) -> None:
    subnets = args.get("subnet_ids")
    if not isinstance(subnets, Sequence) or isinstance(subnets, str):
        issues.error("subnet_ids", "must be a list of subnet ids")
        return
    wanted = 2 if deployment in MULTI_AZ else 1
    if len(subnets) != wanted:
        issues.error("subnet_ids", f"{deployment} takes {wanted} subnet{'s' if wanted > 1 else ''}, got {len(subnets)}")
    preferred = args.get("preferred_subnet_id")
    if isinstance(preferred, str) and all(isinstance(s, str) for s in subnets) and preferred not in subnets:
        issues.error("preferred_subnet_id", f"{preferred!r} is not one of subnet_ids")
    if args.get("route_table_ids") and deployment not in MULTI_AZ:
        issues.error("route_table_ids", f"only multi-AZ file systems take route tables, not {deployment}")
    disk = args.get("disk_iops_configuration") or {}
    mode = disk.get("mode", "AUTOMATIC")
    if mode not in DISK_IOPS_MODES:
        issues.error("disk_iops_configuration.mode", f"{mode!r} is not one of {', '.join(DISK_IOPS_MODES)}")
    elif mode == "AUTOMATIC" and disk.get("iops") is not None:
        issues.error("disk_iops_configuration.iops", "only applies with mode USER_PROVISIONED")


def _check_svm(args: Mapping[str, Any], issues: Issues) -> None:
    name = args.get("svm_name")
    if name is not None and (
        not isinstance(name, str) or not name or len(name) > SVM_NAME_LENGTH or not name.replace("_", "").isalnum()
    ):
        issues.error("svm_name", f"{name!r} is not an FSx SVM name (letters, digits and _; at most 47)")
    style = args.get("root_volume_security_style")
    if style is not None and style not in SECURITY_STYLES:
        issues.error("root_volume_security_style", f"{style!r} is not one of {', '.join(SECURITY_STYLES)}")
    for key in ("vsadmin_password", "fsx_admin_password"):
        password = args.get(key)
        if isinstance(password, str) and not PASSWORD_LENGTH[0] <= len(password) <= PASSWORD_LENGTH[1]:
            # never echo the value: it is a password
            issues.error(key, f"must be {PASSWORD_LENGTH[0]} to {PASSWORD_LENGTH[1]} characters")
    if args.get("vsadmin_password") is None:
        issues.error("vsadmin_password", "is required: Trident logs in to the SVM as vsadmin")


def _check_identity(args: Mapping[str, Any], issues: Issues) -> None:
    irsa = [args.get("oidc_provider_arn") is not None, args.get("oidc_provider_url") is not None]
    pod_identity = args.get("eks_cluster_name") is not None
    if any(irsa) and not all(irsa):
        missing = "oidc_provider_url" if irsa[0] else "oidc_provider_arn"
        issues.error(missing, "IRSA needs both oidc_provider_arn and oidc_provider_url")
    if all(irsa) and pod_identity:
        issues.error("eks_cluster_name", "give IRSA (oidc_provider_arn, oidc_provider_url) or Pod Identity, not both")
    if not any(irsa) and not pod_identity:
        issues.error(
            "oidc_provider_arn",
            "the Trident controller needs an IAM role: give oidc_provider_arn and oidc_provider_url (IRSA) "
            "or eks_cluster_name (EKS Pod Identity)",
        )
