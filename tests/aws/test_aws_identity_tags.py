"""fsx_ontap_trident_iam's tags on moto's IAM: the role and the policy are created with the module's tags, and
a later run brings both to the new tags (added, changed and, with purge_tags, removed) with IAM's tag calls."""

from __future__ import annotations

from aws_harness import Aws
from test_aws_identity import IRSA, MODULE, POLICY_ARN

ROLE = "trident-controller"


def iam_tags(aws: Aws) -> tuple[dict[str, str], dict[str, str]]:
    iam = aws.client("iam")
    role = iam.list_role_tags(RoleName=ROLE)["Tags"]
    policy = iam.list_policy_tags(PolicyArn=POLICY_ARN)["Tags"]
    return {t["Key"]: t["Value"] for t in role}, {t["Key"]: t["Value"] for t in policy}


def test_created_with_the_module_s_tags(aws: Aws):
    run = aws.module(MODULE, tags={"team": "storage"}, **IRSA)
    assert run.rc == 0, run.last
    assert run.mutating() == ["iam:CreatePolicy", "iam:CreateRole", "iam:AttachRolePolicy"]
    assert iam_tags(aws) == ({"team": "storage"}, {"team": "storage"})


def test_new_tags_are_set_and_the_unlisted_ones_removed(aws: Aws):
    aws.module(MODULE, tags={"team": "storage", "cost": "a"}, **IRSA)
    run = aws.module(MODULE, tags={"team": "platform"}, **IRSA)
    assert run.rc == 0, run.last
    assert run.last["actions"] == [
        "untag policy trident-fsx-ontap",
        "tag policy trident-fsx-ontap",
        f"untag role {ROLE}",
        f"tag role {ROLE}",
    ]
    assert iam_tags(aws) == ({"team": "platform"}, {"team": "platform"})
    again = aws.module(MODULE, tags={"team": "platform"}, **IRSA)
    assert again.last["changed"] is False and again.mutating() == []


def test_without_purge_the_unlisted_tags_stay(aws: Aws):
    aws.module(MODULE, tags={"team": "storage", "cost": "a"}, **IRSA)
    run = aws.module(MODULE, tags={"team": "platform"}, purge_tags=False, **IRSA)
    assert run.mutating() == ["iam:TagPolicy", "iam:TagRole"]
    assert iam_tags(aws) == ({"team": "platform", "cost": "a"}, {"team": "platform", "cost": "a"})
