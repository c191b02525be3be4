"""fsx_ontap_trident_iam on moto's IAM (and Stubber for EKS Pod Identity): the plan's documents, scoped to one
secret and one ServiceAccount, written once and compared as documents afterwards."""

from __future__ import annotations

from typing import Any

from aws_harness import ACCOUNT, Aws, Stubs

from tridentops_pulumi.spec.render_aws import controller_policy, irsa_trust_policy, pod_identity_trust_policy

MODULE = "fsx_ontap_trident_iam"
SECRET_ARN = f"arn:aws:secretsmanager:eu-west-1:{ACCOUNT}:secret:fsx/eks-trident/svm_eks/vsadmin-AbCdEf"
OIDC = f"arn:aws:iam::{ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/trident-controller"
POLICY_ARN = f"arn:aws:iam::{ACCOUNT}:policy/trident-fsx-ontap"
IRSA: dict[str, Any] = {
    "mode": "irsa",
    "role_name": "trident-controller",
    "policy_name": "trident-fsx-ontap",
    "oidc_provider_arn": OIDC,
    "credentials_secret_arn": SECRET_ARN,
}
POD_IDENTITY: dict[str, Any] = {**IRSA, "mode": "pod_identity", "oidc_provider_arn": None, "eks_cluster_name": "prod"}


def policy_document(aws: Aws) -> dict[str, Any]:
    iam = aws.client("iam")
    version = iam.get_policy(PolicyArn=POLICY_ARN)["Policy"]["DefaultVersionId"]
    document: dict[str, Any] = iam.get_policy_version(PolicyArn=POLICY_ARN, VersionId=version)["PolicyVersion"][
        "Document"
    ]
    return document


def test_irsa_role_and_policy_are_the_plan_s_documents(aws: Aws):
    run = aws.module(MODULE, **IRSA)
    assert run.rc == 0, run.last
    assert run.mutating() == ["iam:CreatePolicy", "iam:CreateRole", "iam:AttachRolePolicy"]
    assert run.last["role_arn"] == ROLE_ARN and run.last["policy_arn"] == POLICY_ARN
    assert run.last["cloud_identity"] == f"eks.amazonaws.com/role-arn: {ROLE_ARN}"
    assert policy_document(aws) == controller_policy(SECRET_ARN)
    role = aws.client("iam").get_role(RoleName="trident-controller")["Role"]
    assert role["AssumeRolePolicyDocument"] == irsa_trust_policy(OIDC, "trident")
    attached = aws.client("iam").list_attached_role_policies(RoleName="trident-controller")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [POLICY_ARN]


def test_a_second_run_only_reads(aws: Aws):
    aws.module(MODULE, **IRSA)
    run = aws.module(MODULE, **IRSA)
    assert run.last["changed"] is False, run.last
    assert run.mutating() == []


def test_a_new_secret_is_a_new_policy_version_and_nothing_else(aws: Aws):
    aws.module(MODULE, **IRSA)
    other = SECRET_ARN.replace("AbCdEf", "XyZ123")
    run = aws.module(MODULE, **{**IRSA, "credentials_secret_arn": other})
    assert run.mutating() == ["iam:CreatePolicyVersion"]
    assert policy_document(aws)["Statement"][1]["Resource"] == other


def test_a_namespace_change_updates_the_trust_only(aws: Aws):
    aws.module(MODULE, **IRSA)
    run = aws.module(MODULE, namespace="storage", **IRSA)
    assert run.mutating() == ["iam:UpdateAssumeRolePolicy"]
    role = aws.client("iam").get_role(RoleName="trident-controller")["Role"]
    condition = role["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]["StringEquals"]
    assert condition["oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub"] == (
        "system:serviceaccount:storage:trident-controller"
    )


def test_check_mode_lists_the_actions_and_writes_nothing(aws: Aws):
    run = aws.module(MODULE, check=True, **IRSA)
    assert run.last["changed"] is True and run.mutating() == []
    assert run.last["actions"] == [
        "create policy trident-fsx-ontap",
        "create role trident-controller",
        "attach policy trident-fsx-ontap",
    ]
    assert aws.client("iam").list_roles()["Roles"] == []


def association_stubs(*existing: dict[str, Any], role_arn: str = ROLE_ARN) -> Stubs:
    stubs = Stubs().add(
        MODULE,
        "eks",
        "list_pod_identity_associations",
        {"associations": list(existing)},
        {"clusterName": "prod", "namespace": "trident", "serviceAccount": "trident-controller"},
    )
    if not existing:
        stubs.add(
            MODULE,
            "eks",
            "create_pod_identity_association",
            {"association": {"associationId": "a-0123456789abcdef0"}},
            {
                "clusterName": "prod",
                "namespace": "trident",
                "serviceAccount": "trident-controller",
                "roleArn": role_arn,
            },
        )
    else:
        stubs.add(
            MODULE,
            "eks",
            "describe_pod_identity_association",
            {"association": {"associationId": "a-0123456789abcdef0", "roleArn": role_arn}},
            {"clusterName": "prod", "associationId": "a-0123456789abcdef0"},
        )
    return stubs


def test_pod_identity_trusts_the_eks_agent_and_associates_the_controller_s_service_account(aws: Aws):
    options = {k: v for k, v in POD_IDENTITY.items() if v is not None}
    run = aws.module(MODULE, stubs=association_stubs(), **options)
    assert run.rc == 0, run.last
    assert run.pending == []
    assert run.mutating() == [
        "iam:CreatePolicy",
        "iam:CreateRole",
        "iam:AttachRolePolicy",
        "eks:CreatePodIdentityAssociation",
    ]
    assert run.last["pod_identity_association_id"] == "a-0123456789abcdef0" and run.last["cloud_identity"] is None
    role = aws.client("iam").get_role(RoleName="trident-controller")["Role"]
    assert role["AssumeRolePolicyDocument"] == pod_identity_trust_policy()

    association = {
        "associationId": "a-0123456789abcdef0",
        "namespace": "trident",
        "serviceAccount": "trident-controller",
    }
    again = aws.module(MODULE, stubs=association_stubs(association), **options)
    assert again.last["changed"] is False and again.mutating() == [] and again.pending == []


def test_absent_removes_role_and_policy(aws: Aws):
    aws.module(MODULE, **IRSA)
    run = aws.module(MODULE, state="absent", **{k: v for k, v in IRSA.items() if k != "credentials_secret_arn"})
    assert run.mutating() == ["iam:DetachRolePolicy", "iam:DeleteRole", "iam:DeletePolicy"]
    assert aws.client("iam").list_roles()["Roles"] == []
