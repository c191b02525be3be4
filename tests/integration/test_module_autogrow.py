"""TridentAutogrowPolicy on the embedded control plane (Trident's own CRD, the stand-in as Trident's controller):
the autogrow_policy module and the stack module's autogrow_policies, and the spec's verdict on each value against
the API server's (the CRD's patterns) and Trident's controller's (ValidateAutogrowPolicySpec, status Failed)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from helpers import GROUP, reset_trident, wait_until
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from standin.autogrow import SUCCESS_MESSAGE
from standin.controller import Scenario

from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import validate

pytestmark = pytest.mark.cluster
PLURAL = "tridentautogrowpolicies"
STANDARD = {"name": "t-standard", "used_threshold": "80%"}


@pytest.fixture(scope="module", autouse=True)
def trident(ansible, standin, kube_admin) -> Iterator[None]:
    reset_trident(kube_admin)
    installed = ansible.module("trident", version="26.06.0")
    assert installed.get("trident", {}).get("status") == "Installed", installed
    yield
    objects = client.CustomObjectsApi(kube_admin)
    for policy in objects.list_cluster_custom_object(GROUP, "v1", PLURAL)["items"]:
        objects.delete_cluster_custom_object(GROUP, "v1", PLURAL, policy["metadata"]["name"])
    wait_until(lambda: not objects.list_cluster_custom_object(GROUP, "v1", PLURAL)["items"], what="policies gone")
    ansible.module("trident", state="absent", purge=True, force=True)
    reset_trident(kube_admin)


def policy(kube: dict[str, Any], name: str) -> dict[str, Any] | None:
    try:
        found: dict[str, Any] = kube["objects"].get_cluster_custom_object(GROUP, "v1", PLURAL, name)
    except ApiException as error:
        if error.status == 404:
            return None
        raise
    return found


def settled(kube: dict[str, Any], name: str) -> dict[str, Any]:
    """The policy once Trident's controller (the stand-in) has judged its current generation."""

    def judged() -> dict[str, Any] | None:
        found = policy(kube, name)
        return found if found and (found.get("status") or {}).get("state") in ("Success", "Failed") else None

    found: dict[str, Any] = wait_until(judged, what=f"status of policy {name}")
    return found


def test_module_creates_a_policy_trident_accepts_and_a_rerun_changes_nothing(ansible, kube):
    created = ansible.module("autogrow_policy", **STANDARD)
    assert created["changed"] and created["objects"] == [
        {"kind": "TridentAutogrowPolicy", "name": "t-standard", "action": "create"}
    ], created
    live = settled(kube, "t-standard")
    # Only usedThreshold was sent; the API server filled in the CRD's defaults.
    assert live["spec"] == {"usedThreshold": "80%", "growthAmount": "10%", "maxSize": "0"}
    assert live["status"] == {"state": "Success", "message": SUCCESS_MESSAGE}
    assert "trident.netapp.io" in live["metadata"]["finalizers"]
    with ansible.writes() as writes:
        again = ansible.module("autogrow_policy", **STANDARD)
    # The server's defaults are not drift: the run compares the fields it sends.
    assert again["changed"] is False and again["unchanged"] == 1, again
    assert writes.count == 0, writes.events


def test_check_mode_reports_the_change_and_writes_nothing(ansible, kube):
    ansible.module("autogrow_policy", **STANDARD)
    with ansible.writes() as writes:
        checked = ansible.module("autogrow_policy", check=True, diff=True, **STANDARD, growth_amount="5Gi")
    assert checked["changed"] and checked["objects"][0]["fields"] == ["spec.growthAmount"], checked
    assert "growthAmount: 10%" in checked["diff"][0]["before"]
    assert "growthAmount: 5Gi" in checked["diff"][0]["after"]
    assert writes.count == 0, writes.events
    assert policy(kube, "t-standard")["spec"]["growthAmount"] == "10%"


def test_module_updates_and_a_field_left_out_returns_to_tridents_default(ansible, kube):
    ansible.module("autogrow_policy", **STANDARD)
    updated = ansible.module("autogrow_policy", **STANDARD, growth_amount="5Gi", max_size="100Gi")
    assert updated["changed"] and updated["objects"][0]["action"] == "update", updated
    live = policy(kube, "t-standard")
    assert live["spec"] == {"usedThreshold": "80%", "growthAmount": "5Gi", "maxSize": "100Gi"}
    # Left out again: tridentops gives up the fields, and the API server defaults them as for a new policy.
    back = ansible.module("autogrow_policy", **STANDARD)
    assert back["changed"], back
    assert policy(kube, "t-standard")["spec"] == {"usedThreshold": "80%", "growthAmount": "10%", "maxSize": "0"}
    with ansible.writes() as writes:
        assert ansible.module("autogrow_policy", **STANDARD)["changed"] is False
    assert writes.count == 0, writes.events


def test_module_refuses_what_trident_refuses_before_writing_naming_each_option(ansible, kube):
    with ansible.writes() as writes:
        refused = ansible.module(
            "autogrow_policy", name="t-bad", used_threshold="99.5%", growth_amount="10Gi", max_size="5Gi"
        )
    assert refused["failed"], refused
    assert "used_threshold: usedThreshold percentage must be between 1 and 99, got 99.5%" in refused["msg"]
    assert (
        "max_size: maxSize (5368709120 bytes) must be greater than growthAmount (10737418240 bytes) when both are "
        "absolute values" in refused["msg"]
    )
    assert writes.count == 0, writes.events
    assert policy(kube, "t-bad") is None


def test_a_failure_trident_reports_is_shown_on_the_policy(ansible, kube, standin_scenario: Scenario):
    standin_scenario.autogrow_policy("t-synced", Scenario.failed("orchestrator unavailable"))
    ansible.module("autogrow_policy", name="t-synced", used_threshold="90%")
    assert settled(kube, "t-synced")["status"] == {
        "state": "Failed",
        "message": "Failed to sync autogrow policy to orchestrator: orchestrator unavailable",
    }
    assert ansible.module("autogrow_policy", name="t-synced", state="absent")["changed"]


def test_module_deletes_and_a_second_delete_is_unchanged(ansible, kube):
    ansible.module("autogrow_policy", **STANDARD)
    settled(kube, "t-standard")
    with ansible.writes() as writes:
        checked = ansible.module("autogrow_policy", name="t-standard", state="absent", check=True)
    assert checked["changed"] and writes.count == 0
    deleted = ansible.module("autogrow_policy", name="t-standard", state="absent")
    assert deleted["changed"] and deleted["objects"][0]["action"] == "delete", deleted
    # Trident (the stand-in) releases its finalizer: no volume uses the policy.
    wait_until(lambda: policy(kube, "t-standard") is None, what="policy gone")
    assert ansible.module("autogrow_policy", name="t-standard", state="absent")["changed"] is False


def stack_spec(*policies: dict[str, Any], version: str = "26.06.0") -> dict[str, Any]:
    return {
        "name": "t-autogrow",
        "trident": {"install_method": "external", "version": version},
        "autogrow_policies": list(policies),
        "storage_classes": [{"name": "t-autogrow-gold", "attributes": {"backendType": "ontap-nas"}}],
    }


def test_stack_converges_policies_then_a_rerun_changes_nothing_and_prune_removes_a_dropped_one(ansible, kube):
    capped = {"name": "t-capped", "used_threshold": "90.5%", "growth_amount": "5Gi", "max_size": "1Ti"}
    spec = stack_spec({"name": "t-stack", "used_threshold": "75%"}, capped)
    first = ansible.module("stack", spec=spec)
    assert first["changed"], first
    created = sorted((o["kind"], o["name"]) for o in first["objects"] if o["action"] == "create")
    assert created == [
        ("StorageClass", "t-autogrow-gold"),
        ("TridentAutogrowPolicy", "t-capped"),
        ("TridentAutogrowPolicy", "t-stack"),
    ]
    assert settled(kube, "t-capped")["spec"] == {"usedThreshold": "90.5%", "growthAmount": "5Gi", "maxSize": "1Ti"}
    assert settled(kube, "t-stack")["status"]["state"] == "Success"
    with ansible.writes() as writes:
        again = ansible.module("stack", spec=spec)
    assert again["changed"] is False, again
    assert writes.count == 0, writes.events
    pruned = ansible.module("stack", spec=stack_spec(capped), prune=True)
    assert [(o["kind"], o["name"], o["action"]) for o in pruned["objects"]] == [
        ("TridentAutogrowPolicy", "t-stack", "delete")
    ], pruned
    wait_until(lambda: policy(kube, "t-stack") is None, what="pruned policy gone")
    ansible.module("stack", spec=stack_spec(), prune=True)
    kube["storage"].delete_storage_class("t-autogrow-gold")


def test_stack_refuses_policies_for_a_release_before_26_02_and_writes_nothing(ansible, kube):
    with ansible.writes() as writes:
        refused = ansible.module("stack", spec=stack_spec(STANDARD, version="25.10.0"))
    assert refused["failed"], refused
    assert (
        "autogrow_policies: TridentAutogrowPolicy needs Trident 26.02 or later (trident.version is 25.10.0)"
        in refused["msg"]
    )
    assert writes.count == 0, writes.events


# (usedThreshold, growthAmount, maxSize): values the CRD's patterns let through and Trident's controller judges,
# values the CRD's patterns refuse, and values on either side of each bound.
CASES = [
    ("1%", None, None),
    ("99%", "1%", "0"),
    ("99.000001%", None, None),
    ("99.00001%", None, None),
    ("99.5%", None, None),
    ("100%", None, None),
    ("0.5%", None, None),
    ("80%", "0Gi", None),
    ("80%", "0.5Ki", None),
    ("80%", "5", None),
    ("80%", "0%", None),
    ("80%", "10Gi", "10Gi"),
    ("80%", "10Gi", "10.1Gi"),
    ("80%", "1G", "1Gi"),
    ("80%", "1Gi", "1000M"),
    ("80%", "200%", "1Gi"),
    ("80%", None, "100"),
    ("80%", None, "0Gi"),
]


@pytest.mark.parametrize(("used", "growth", "max_size"), CASES, ids=[":".join(map(str, c)) for c in CASES])
def test_the_spec_accepts_exactly_what_the_api_server_and_tridents_controller_accept(
    kube, used: str, growth: str | None, max_size: str | None
):
    fields = {"used_threshold": used, "growth_amount": growth, "max_size": max_size}
    entry = {"name": "t-case", **{k: v for k, v in fields.items() if v is not None}}
    spec_errors = [i.message for i in validate({"autogrow_policies": [entry]})[1] if i.severity == "error"]
    body = {
        "apiVersion": f"{GROUP}/v1",
        "kind": "TridentAutogrowPolicy",
        "metadata": {"name": "t-case"},
        "spec": {k: v for k, v in {"usedThreshold": used, "growthAmount": growth, "maxSize": max_size}.items() if v},
    }
    try:
        kube["objects"].create_cluster_custom_object(GROUP, "v1", PLURAL, body)
    except ApiException as error:
        assert error.status == 422, error
        assert spec_errors, f"the API server refuses what the spec accepts: {error.body}"
        return
    try:
        status = settled(kube, "t-case")["status"]
        if status["state"] == "Success":
            assert spec_errors == [], "Trident accepts what the spec refuses"
        else:
            assert spec_errors, f"Trident refuses what the spec accepts: {status}"
            # Where the refusal is Trident's own rule, the spec says what Trident says.
            assert status["message"].removeprefix("Validation failed: ") in spec_errors
    finally:
        kube["objects"].delete_cluster_custom_object(GROUP, "v1", PLURAL, "t-case")
        wait_until(lambda: policy(kube, "t-case") is None, what="case policy gone")


def test_the_api_server_refuses_the_name_none_in_capitals_that_the_crds_dropped_cel_rule_guards(kube):
    """The CRD's CEL rule (self.metadata.name != 'NONE') cannot run on this API server (1.20); its object name rule
    (a lower-case DNS subdomain) refuses the name anyway. The lower-case 'none' the API server allows; the spec
    refuses it, since the annotation reads it as "autogrow off"."""
    body = {
        "apiVersion": f"{GROUP}/v1",
        "kind": "TridentAutogrowPolicy",
        "metadata": {"name": "NONE"},
        "spec": {"usedThreshold": "80%"},
    }
    with pytest.raises(ApiException) as raised:
        kube["objects"].create_cluster_custom_object(GROUP, "v1", PLURAL, body, dry_run="All")
    assert raised.value.status == 422
    lower = {**body, "metadata": {"name": "none"}}
    kube["objects"].create_cluster_custom_object(GROUP, "v1", PLURAL, lower, dry_run="All")
    assert validate({"autogrow_policies": [{"name": "none", "used_threshold": "80%"}]})[0] is None
