"""The autogrow_policy option of volume_clone and volume_import on the embedded control plane: the claim carries
Trident's PVC annotation trident.netapp.io/autogrowPolicy exactly as given (a policy's name, or ``none``), a rerun
writes nothing, check mode writes nothing, and a value Trident could not read is refused before any write. The info
module lists the policy with the state Trident's controller (the stand-in) wrote."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import GROUP, wait_until
from kubernetes import client
from standin.autogrow import SUCCESS_MESSAGE

from .conftest import GOLD, make_claim, run_all

pytestmark = [pytest.mark.cluster, pytest.mark.usefixtures("volume_stack")]
NS = "vol-app"
AUTOGROW = "trident.netapp.io/autogrowPolicy"
POLICY = "vol-standard"
PLURAL = "tridentautogrowpolicies"
IMPORT = {"namespace": NS, "backend": "vol-nas", "storage_class": GOLD, "size": "5Gi"}


@pytest.fixture(scope="module", autouse=True)
def policy_and_source(volume_stack, ansible, kube_admin) -> Iterator[None]:
    """A policy the claims name (Trident re-evaluates claims when a policy appears, so the order is the user's; here
    it exists first) and a Bound claim to clone."""
    created = ansible.module("autogrow_policy", name=POLICY, used_threshold="80%")
    assert created["changed"] and not created.get("failed"), created
    make_claim(client.CoreV1Api(kube_admin), NS, "ag-src", "1Gi")
    yield
    objects = client.CustomObjectsApi(kube_admin)
    objects.delete_cluster_custom_object(GROUP, "v1", PLURAL, POLICY)
    wait_until(lambda: not objects.list_cluster_custom_object(GROUP, "v1", PLURAL)["items"], what="policy gone")


def annotation(kube, name: str) -> str | None:
    notes = kube["core"].read_namespaced_persistent_volume_claim(name, NS).metadata.annotations or {}
    return notes.get(AUTOGROW)


def test_clone_and_import_annotate_the_claim_with_the_policy_or_none(ansible, kube):
    named, off, imported, imported_off = run_all(
        ansible,
        ("volume_clone", {"name": "ag-copy", "namespace": NS, "source_pvc": "ag-src", "autogrow_policy": POLICY}),
        ("volume_clone", {"name": "ag-off", "namespace": NS, "source_pvc": "ag-src", "autogrow_policy": "none"}),
        ("volume_import", {"name": "ag-import", "volume": "ag_vol", "autogrow_policy": POLICY, **IMPORT}),
        ("volume_import", {"name": "ag-import-off", "volume": "ag_off_vol", "autogrow_policy": "none", **IMPORT}),
    )
    for result in (named, off, imported, imported_off):
        assert result["changed"] and not result.get("failed"), result
        assert result["pvc"]["phase"] == "Bound", result
    assert annotation(kube, "ag-copy") == POLICY
    assert annotation(kube, "ag-off") == "none"
    assert annotation(kube, "ag-import") == POLICY
    assert annotation(kube, "ag-import-off") == "none"


def test_a_rerun_with_the_same_policy_writes_nothing_and_check_mode_only_predicts(ansible, kube):
    calls = [
        ("volume_clone", {"name": "ag-copy", "namespace": NS, "source_pvc": "ag-src", "autogrow_policy": POLICY}),
        ("volume_clone", {"name": "ag-off", "namespace": NS, "source_pvc": "ag-src", "autogrow_policy": "none"}),
        ("volume_import", {"name": "ag-import", "volume": "ag_vol", "autogrow_policy": POLICY, **IMPORT}),
        ("volume_import", {"name": "ag-import-off", "volume": "ag_off_vol", "autogrow_policy": "none", **IMPORT}),
    ]
    predicted = [
        ("volume_clone", {"name": "ag-new", "namespace": NS, "source_pvc": "ag-src", "autogrow_policy": POLICY}),
        ("volume_import", {"name": "ag-new-import", "volume": "ag_new_vol", "autogrow_policy": "none", **IMPORT}),
        # A policy change on an existing clone is applied to the claim (Trident then takes the new policy).
        ("volume_clone", {"name": "ag-copy", "namespace": NS, "source_pvc": "ag-src", "autogrow_policy": "none"}),
    ]
    with ansible.writes() as writes:
        again = run_all(ansible, *calls)
        new_clone, new_import, switched = run_all(ansible, *predicted, check=True, diff=True)
    for result in again:
        assert result["changed"] is False and not result.get("failed"), result
    assert writes.count == 0, writes.events
    assert new_clone["changed"] and [o["action"] for o in new_clone["objects"]] == ["create"]
    assert f"{AUTOGROW}: {POLICY}" in new_clone["diff"][0]["after"]
    assert new_import["changed"] and f"{AUTOGROW}: none" in new_import["diff"][0]["after"]
    assert switched["changed"] and [o["action"] for o in switched["objects"]] == ["update"]
    assert f"{AUTOGROW}: none" in switched["diff"][0]["after"]
    assert annotation(kube, "ag-copy") == POLICY  # check mode left it as it was
    names = {p.metadata.name for p in kube["core"].list_namespaced_persistent_volume_claim(NS).items}
    assert not {"ag-new", "ag-new-import"} & names


def test_changing_the_policy_of_a_clone_updates_its_claim(ansible, kube):
    switched = ansible.module("volume_clone", name="ag-copy", namespace=NS, source_pvc="ag-src", autogrow_policy="none")
    assert switched["changed"] and not switched.get("failed"), switched
    assert [o["action"] for o in switched["objects"]] == ["update"]
    assert annotation(kube, "ag-copy") == "none"


def test_a_value_trident_cannot_read_is_refused_before_any_write_naming_the_option(ansible, kube):
    calls = [
        ("volume_clone", {"name": "ag-bad", "namespace": NS, "source_pvc": "ag-src", "autogrow_policy": "Gold Tier"}),
        ("volume_import", {"name": "ag-bad-import", "volume": "ag_bad_vol", "autogrow_policy": "gold_tier", **IMPORT}),
        (
            "volume_clone",
            {
                "name": "ag-twice",
                "namespace": NS,
                "source_pvc": "ag-src",
                "autogrow_policy": POLICY,
                "annotations": {AUTOGROW: "other"},
            },
        ),
    ]
    with ansible.writes() as writes:
        cloned, imported, twice = run_all(ansible, *calls)
    assert cloned["msg"] == (
        "invalid input, nothing was changed: autogrow_policy: 'Gold Tier' is not a valid Kubernetes name (lower-case "
        "letters, digits, '-' and '.'; at most 253), nor 'none' (turns autogrow off)"
    )
    assert imported["msg"].startswith("invalid input, nothing was changed: autogrow_policy: 'gold_tier' is not a valid")
    assert twice["msg"] == (
        f"invalid input, nothing was changed: autogrow_policy: '{POLICY}' differs from annotations' {AUTOGROW}: 'other'"
    )
    assert writes.count == 0, writes.events
    names = {p.metadata.name for p in kube["core"].list_namespaced_persistent_volume_claim(NS).items}
    assert not {"ag-bad", "ag-bad-import", "ag-twice"} & names


def test_info_lists_the_policy_with_the_api_servers_defaults_and_its_state(ansible, kube):
    def judged() -> object:
        found = kube["objects"].get_cluster_custom_object(GROUP, "v1", PLURAL, POLICY)
        return (found.get("status") or {}).get("state") == "Success" or None

    wait_until(judged, what=f"policy {POLICY} Success")
    info = ansible.module("info")
    assert not info.get("failed"), info
    assert [p for p in info["autogrow_policies"] if p["name"] == POLICY] == [
        {
            "name": POLICY,
            "used_threshold": "80%",
            "growth_amount": "10%",  # the CRD's defaults, written by the API server
            "max_size": "0",
            "state": "Success",
            "message": SUCCESS_MESSAGE,
            "managed": True,
        }
    ]
