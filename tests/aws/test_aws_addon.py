"""eks_addon on Stubber (moto has no EKS add-ons): the version is checked against the cluster's Kubernetes
version before anything is created, Trident's cloud identity goes in the configuration values, and the wait
ends at ACTIVE or with the add-on's health issues."""

from __future__ import annotations

import json
from typing import Any

from aws_harness import ACCOUNT, Aws, Stubs

MODULE = "eks_addon"
NAME = "netapp_trident-operator"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/trident-controller"
CONFIG = {"cloudIdentity": f"'eks.amazonaws.com/role-arn: {ROLE_ARN}'", "cloudProvider": "AWS"}
OFFERED = ["v25.6.0-eksbuild.1", "v26.2.0-eksbuild.1", "v26.2.0-eksbuild.2"]


def addon(
    status: str = "ACTIVE", version: str = "v26.2.0-eksbuild.2", issues: list[dict[str, Any]] | None = None
) -> dict:
    return {
        "addon": {
            "addonName": NAME,
            "clusterName": "prod",
            "status": status,
            "addonVersion": version,
            "serviceAccountRoleArn": ROLE_ARN,
            "configurationValues": json.dumps(CONFIG, sort_keys=True),
            "health": {"issues": issues or []},
            "addonArn": f"arn:aws:eks:eu-west-1:{ACCOUNT}:addon/prod/{NAME}/0123",
        }
    }


def offered(*existing: dict[str, Any]) -> Stubs:
    stubs = Stubs().add(
        MODULE, "eks", "describe_cluster", {"cluster": {"name": "prod", "version": "1.31"}}, {"name": "prod"}
    )
    versions = [{"addonVersion": v, "compatibilities": [{"clusterVersion": "1.31"}]} for v in OFFERED]
    stubs.add(
        MODULE,
        "eks",
        "describe_addon_versions",
        {"addons": [{"addonName": NAME, "addonVersions": versions}]},
        {"addonName": NAME, "kubernetesVersion": "1.31"},
    )
    expected = {"clusterName": "prod", "addonName": NAME}
    if existing:
        stubs.add(MODULE, "eks", "describe_addon", existing[0], expected)
    else:
        stubs.add(
            MODULE, "eks", "describe_addon", error=("ResourceNotFoundException", "No addon: netapp_trident-operator")
        )
    return stubs


def creates(stubs: Stubs, version: str, *after: dict[str, Any]) -> Stubs:
    stubs.add(
        MODULE,
        "eks",
        "create_addon",
        addon("CREATING", version),
        {
            "clusterName": "prod",
            "addonName": NAME,
            "addonVersion": version,
            "resolveConflicts": "OVERWRITE",
            "serviceAccountRoleArn": ROLE_ARN,
            "configurationValues": json.dumps(CONFIG, sort_keys=True),
        },
    )
    for described in after:
        stubs.add(MODULE, "eks", "describe_addon", described, {"clusterName": "prod", "addonName": NAME})
    return stubs


def test_latest_is_the_newest_version_offered_and_the_wait_ends_at_active(aws: Aws):
    stubs = creates(offered(), "v26.2.0-eksbuild.2", addon("CREATING"), addon("ACTIVE"))
    run = aws.module(MODULE, stubs=stubs, cluster_name="prod", role_arn=ROLE_ARN)
    assert run.rc == 0, run.last
    assert run.pending == [] and run.mutating() == ["eks:CreateAddon"]
    assert (run.last["version"], run.last["kubernetes_version"], run.last["operation"]) == (
        "v26.2.0-eksbuild.2",
        "1.31",
        "create",
    )
    assert run.last["addon"]["status"] == "ACTIVE" and run.last["addon"]["configuration_values"] == CONFIG


def test_a_version_the_cluster_is_not_offered_is_refused_before_anything_is_created(aws: Aws):
    run = aws.module(MODULE, stubs=offered(), cluster_name="prod", version="v24.6.0-eksbuild.1", role_arn=ROLE_ARN)
    assert run.failed and run.mutating() == []
    assert run.last["msg"] == (
        "add-on version v24.6.0-eksbuild.1 is not offered for Kubernetes 1.31 (cluster prod); offered: "
        + ", ".join(OFFERED)
    )


def test_a_degraded_add_on_fails_the_task_with_its_health_issues(aws: Aws):
    issue = {
        "code": "InsufficientNumberOfReplicas",
        "message": "The add-on is unhealthy",
        "resourceIds": ["trident-operator"],
    }
    stubs = creates(offered(), "v26.2.0-eksbuild.1", addon("DEGRADED", "v26.2.0-eksbuild.1", [issue]))
    run = aws.module(MODULE, stubs=stubs, cluster_name="prod", version="v26.2.0-eksbuild.1", role_arn=ROLE_ARN)
    assert run.failed and run.pending == []
    assert run.last["msg"] == (
        "EKS add-on netapp_trident-operator on prod is DEGRADED: InsufficientNumberOfReplicas: The add-on is unhealthy "
        "(trident-operator)"
    )


def test_a_second_run_only_reads(aws: Aws):
    run = aws.module(MODULE, stubs=offered(addon()), cluster_name="prod", role_arn=ROLE_ARN)
    assert run.rc == 0 and run.last["changed"] is False, run.last
    assert run.mutating() == [] and run.pending == []


def test_a_newer_version_is_an_update_and_check_mode_only_reports_it(aws: Aws):
    old = addon(version="v25.6.0-eksbuild.1")
    check = aws.module(MODULE, stubs=offered(old), check=True, diff=True, cluster_name="prod", role_arn=ROLE_ARN)
    assert check.last["changed"] is True and check.mutating() == [] and check.last["operation"] == "update"
    assert check.last["diff"]["before"]["version"] == "v25.6.0-eksbuild.1"
    assert check.last["diff"]["after"]["version"] == "v26.2.0-eksbuild.2"
