"""Ownership on a real API server: what tridentops did not apply is refused before any write, a stack is
claimed by one spec, prune deletes only this spec's objects, runs of one stack serialise, and fields another
field manager changed are named (and kept on request)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import yaml
from helpers import GROUP, exists, reset_trident
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from kubernetes.dynamic import DynamicClient
from playbook import Run
from standin.crds import SNAPSHOT_CRDS, TRIDENT_CRDS, apply_crds

pytestmark = pytest.mark.cluster
PREFIX = "own-"
EXTERNAL = {"install_method": "external"}


def gold(name: str, expansion: bool = True) -> dict[str, Any]:
    return {"name": name, "attributes": {"backendType": "ontap-nas"}, "allow_volume_expansion": expansion}


def classes_spec(stack: str, *names: str) -> dict[str, Any]:
    return {"name": stack, "trident": EXTERNAL, "storage_classes": [gold(n) for n in names]}


def remove_classes(storage: client.StorageV1Api) -> None:
    for sc in storage.list_storage_class().items:
        if sc.metadata.name.startswith(PREFIX):
            try:
                storage.delete_storage_class(sc.metadata.name)
            except ApiException as error:
                if error.status != 404:
                    raise


def remove_leases(kube_admin) -> None:
    coordination = client.CoordinationV1Api(kube_admin)
    for lease in coordination.list_namespaced_lease("default").items:
        if lease.metadata.name.startswith("tridentops-stack-own-"):
            coordination.delete_namespaced_lease(lease.metadata.name, "default")


@pytest.fixture(autouse=True)
def clean(kube_admin):
    apply_crds(kube_admin, TRIDENT_CRDS)
    apply_crds(kube_admin, SNAPSHOT_CRDS)
    storage = client.StorageV1Api(kube_admin)
    remove_classes(storage)
    remove_leases(kube_admin)
    yield
    remove_classes(storage)
    remove_leases(kube_admin)


def actions(result: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((o["action"], o["name"]) for o in result["objects"])


def test_the_lease_api_is_served(kube_admin):
    # The claim relies on coordination.k8s.io/v1 Lease; Kubernetes 1.20 (the oldest API tested) serves it.
    resources = client.CoordinationV1Api(kube_admin).get_api_resources().resources
    lease = next(r for r in resources if r.name == "leases")
    assert lease.namespaced and {"get", "create", "update"} <= set(lease.verbs)


def test_an_object_tridentops_did_not_apply_is_refused_naming_its_owner_and_adopt_takes_it(ansible, kube):
    kube["storage"].create_storage_class(
        {
            "metadata": {"name": "own-hand", "labels": {"app.kubernetes.io/managed-by": "Helm"}},
            "provisioner": "csi.trident.netapp.io",
            "parameters": {"backendType": "ontap-nas"},
            "allowVolumeExpansion": False,
        },
        field_manager="helm",
    )
    spec = classes_spec("own-a", "own-hand")
    with ansible.writes() as writes:
        refused = ansible.module("stack", spec=spec, spec_id="own-a", wait=False)
    assert refused["failed"]
    assert "StorageClass own-hand is not ours" in refused["msg"]
    assert "field managers helm (Update)" in refused["msg"]
    assert "labels app.kubernetes.io/managed-by=Helm" in refused["msg"]
    assert "adopt: ['StorageClass/own-hand']" in refused["msg"] and "nothing was changed" in refused["msg"]
    assert writes.count == 0, writes
    adopted = ansible.module("stack", spec=spec, spec_id="own-a", wait=False, adopt=["StorageClass/own-hand"])
    assert actions(adopted) == [("update", "own-hand")], adopted
    assert adopted["objects"][0]["note"].startswith("adopted; was: field managers helm (Update)")
    sc = kube["storage"].read_storage_class("own-hand")
    assert sc.metadata.labels["tridentops.io/stack"] == "own-a" and sc.allow_volume_expansion is True
    again = ansible.module("stack", spec=spec, spec_id="own-a", wait=False)  # ours now: no adopt needed
    assert again["changed"] is False, again


def test_an_object_already_as_the_spec_says_is_left_as_it_is_without_a_write_and_a_change_needs_adopt(ansible, kube):
    kube["storage"].create_storage_class(
        {
            "metadata": {"name": "own-same"},
            "provisioner": "csi.trident.netapp.io",
            "parameters": {"backendType": "ontap-nas"},
            "allowVolumeExpansion": True,
        },
        field_manager="kubectl-client-side-apply",
    )
    with ansible.writes() as writes:
        left = ansible.module("stack", spec=classes_spec("own-s", "own-same"), spec_id="own-s", wait=False)
        changed = {"name": "own-s", "trident": EXTERNAL, "storage_classes": [gold("own-same", expansion=False)]}
        refused = ansible.module("stack", spec=changed, spec_id="own-s", wait=False)
    assert not left.get("failed") and left["changed"] is False, left
    assert refused["failed"] and "StorageClass own-same is not ours" in refused["msg"], refused
    assert writes.count == 0, writes
    assert kube["storage"].read_storage_class("own-same").metadata.labels is None  # nothing taken over


def test_another_stacks_object_is_refused_before_any_write(ansible):
    created = ansible.module("stack", spec=classes_spec("own-a", "own-a1"), spec_id="own-a", wait=False)
    assert actions(created) == [("create", "own-a1")]
    other = {**classes_spec("own-b", "own-a1", "own-b1")}
    with ansible.writes() as writes:
        refused = ansible.module("stack", spec=other, spec_id="own-b", wait=False)
    assert refused["failed"]
    assert "StorageClass own-a1 is not ours" in refused["msg"] and "tridentops.io/stack=own-a" in refused["msg"]
    assert writes.count == 0, writes


def test_a_second_spec_with_the_same_stack_name_is_refused_naming_both_until_it_takes_over(ansible, kube):
    first = ansible.module("stack", spec=classes_spec("own-shared", "own-s1"), spec_id="team-a/storage", wait=False)
    assert actions(first) == [("create", "own-s1")]
    second = classes_spec("own-shared", "own-s2")
    for options in ({}, {"prune": True}):
        with ansible.writes() as writes:
            refused = ansible.module("stack", spec=second, spec_id="team-b/storage", wait=False, **options)
        assert refused["failed"]
        assert "stack 'own-shared' belongs to spec 'team-a/storage'" in refused["msg"]
        assert "this spec is 'team-b/storage'" in refused["msg"] and "take_over: true" in refused["msg"]
        assert writes.count == 0, writes
    taken = ansible.module("stack", spec=second, spec_id="team-b/storage", wait=False, take_over=True)
    assert actions(taken) == [("create", "own-s2")], taken
    lease = client.CoordinationV1Api(kube["core"].api_client).read_namespaced_lease(
        "tridentops-stack-own-shared", "default"
    )
    assert lease.metadata.annotations["tridentops.io/spec"] == "team-b/storage"
    assert lease.metadata.annotations["tridentops.io/taken-from"] == "team-a/storage"
    assert not lease.spec.holder_identity  # released at the end of the run
    with ansible.writes() as writes:
        back = ansible.module("stack", spec=classes_spec("own-shared", "own-s1"), spec_id="team-a/storage", wait=False)
    assert back["failed"] and "belongs to spec 'team-b/storage'" in back["msg"] and writes.count == 0
    kube["storage"].read_storage_class("own-s1")  # the first spec's class is still there


def test_two_spec_files_with_one_stack_name_are_told_apart_without_a_spec_id(ansible, kube, tmp_path):
    """The issue's case: team-a.yaml and team-b.yaml both say name: own-files, and B runs with prune. B is refused
    before any write, naming both files; an edited copy of A (same file name, another directory) is still A."""
    team_a, team_b = tmp_path / "team-a.yaml", tmp_path / "team-b.yaml"
    team_a.write_text(yaml.safe_dump(classes_spec("own-files", "own-f1", "own-f2")))
    team_b.write_text(yaml.safe_dump(classes_spec("own-files", "own-f3")))
    first = ansible.module("stack", src=str(team_a), wait=False)
    assert sorted(actions(first)) == [("create", "own-f1"), ("create", "own-f2")]
    with ansible.writes() as writes:
        refused = ansible.module("stack", src=str(team_b), wait=False, prune=True)
    assert refused["failed"] and writes.count == 0, writes
    assert "belongs to spec 'file:team-a.yaml'" in refused["msg"] and "'file:team-b.yaml'" in refused["msg"]
    assert {c.metadata.name for c in kube["storage"].list_storage_class().items} >= {"own-f1", "own-f2"}
    (tmp_path / "checkout").mkdir()
    edited = tmp_path / "checkout" / "team-a.yaml"
    edited.write_text(yaml.safe_dump(classes_spec("own-files", "own-f1")))
    pruned = ansible.module("stack", src=str(edited), wait=False, prune=True)
    assert actions(pruned) == [("delete", "own-f2")], pruned


def test_prune_deletes_only_what_this_specs_runs_applied(ansible, kube):
    module_made = ansible.module("storage_class", stack_name="own-p", **gold("own-p-module"))
    assert actions(module_made) == [("create", "own-p-module")]
    kube["storage"].create_storage_class(
        {
            "metadata": {
                "name": "own-p-hand",
                "labels": {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "own-p"},
            },
            "provisioner": "csi.trident.netapp.io",
        },
        field_manager="kubectl-create",
    )
    other = ansible.module("stack", spec=classes_spec("own-p", "own-p-other"), spec_id="other", wait=False)
    assert actions(other) == [("create", "own-p-other")]
    # Spec "mine" takes the stack name over from spec "other", then drops one of its own classes.
    mine = ansible.module("stack", spec=classes_spec("own-p", "own-p1", "own-p2"), spec_id="mine", take_over=True)
    assert actions(mine) == [("create", "own-p1"), ("create", "own-p2")], mine
    with ansible.writes() as writes:
        pruned = ansible.module("stack", spec=classes_spec("own-p", "own-p1"), spec_id="mine", wait=False, prune=True)
    assert actions(pruned) == [("delete", "own-p2")], pruned
    assert [(e.verb, e.name) for e in writes.events if e.resource.startswith("storageclasses")] == [
        ("delete", "own-p2")
    ]
    left = {
        sc.metadata.name for sc in kube["storage"].list_storage_class().items if sc.metadata.name.startswith("own-p")
    }
    # Kept: the per-resource module's class, the one made by hand with our labels, and what spec "other" applied.
    assert left == {"own-p1", "own-p-module", "own-p-hand", "own-p-other"}


def test_two_runs_of_one_stack_at_once_serialise_and_count_exactly(ansible, control_plane):
    names = [f"own-c{i:03d}" for i in range(300)]
    spec = classes_spec("own-conc", *names)
    runs: list[Run] = []

    def converge() -> None:
        runs.append(
            ansible({"name": "stack", "tridentops.storage.stack": {"spec": spec, "spec_id": "conc", "wait": False}})
        )

    with ansible.writes() as writes:
        threads = [threading.Thread(target=converge), threading.Thread(target=converge)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    results = [run.last for run in runs]
    assert all(not r.get("failed") for r in results), results
    created = sorted(sum(1 for o in r["objects"] if o["action"] == "create") for r in results)
    assert created == [0, 300], created
    assert sorted(r["changed"] for r in results) == [False, True]
    class_writes = [e for e in writes.events if e.resource == "storageclasses.storage.k8s.io"]
    assert len(class_writes) == 300, writes


def test_a_field_another_manager_changed_is_named_and_kept_on_request(ansible, kube):
    spec = classes_spec("own-fm", "own-fm1")
    ansible.module("stack", spec=spec, spec_id="fm", wait=False)
    kube["storage"].patch_storage_class("own-fm1", {"allowVolumeExpansion": False}, field_manager="kubectl-edit")

    checked = ansible.module("stack", check=True, diff=True, spec=spec, spec_id="fm", wait=False)
    (change,) = checked["objects"]
    assert change["action"] == "update" and change["fields"] == ["allowVolumeExpansion"]
    assert change["changed_by"] == {"allowVolumeExpansion": ["kubectl-edit"]}
    assert "allowVolumeExpansion changed by kubectl-edit" in checked["diff"][0]["before_header"]

    with ansible.writes() as writes:
        kept = ansible.module("stack", spec=spec, spec_id="fm", wait=False, foreign_changes="keep")
    assert kept["changed"] is False and writes.count == 0, (kept, writes)
    assert kept["objects"] == [
        {
            "kind": "StorageClass",
            "name": "own-fm1",
            "action": "unchanged",
            "kept": {"allowVolumeExpansion": ["kubectl-edit"]},
        }
    ]
    assert kube["storage"].read_storage_class("own-fm1").allow_volume_expansion is False

    taken = ansible.module("stack", spec=spec, spec_id="fm", wait=False)
    assert taken["objects"][0]["changed_by"] == {"allowVolumeExpansion": ["kubectl-edit"]}
    assert kube["storage"].read_storage_class("own-fm1").allow_volume_expansion is True


def test_an_apply_by_a_gitops_controller_is_named(ansible, kube):
    spec = classes_spec("own-fm", "own-fm2")
    ansible.module("stack", spec=spec, spec_id="fm", wait=False)
    body = {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {"name": "own-fm2"},
        "provisioner": "csi.trident.netapp.io",
        "allowVolumeExpansion": False,
    }
    classes = DynamicClient(kube["storage"].api_client).resources.get(
        api_version="storage.k8s.io/v1", kind="StorageClass"
    )
    classes.server_side_apply(body=body, name="own-fm2", field_manager="argocd-controller", force_conflicts=True)
    taken = ansible.module("stack", spec=spec, spec_id="fm", wait=False)
    assert taken["objects"][0]["changed_by"] == {"allowVolumeExpansion": ["argocd-controller"]}, taken


# -- Trident's installation ------------------------------------------------------------------------------------


@pytest.fixture
def installed(ansible, kube_admin, standin):
    reset_trident(kube_admin)
    spec = {"name": "own-t", "trident": {"namespace": "trident"}}
    done = ansible.module("stack", spec=spec, spec_id="own-t", wait=False)
    assert not done.get("failed"), done
    yield spec
    ansible.module("trident", state="absent", purge=True, force=True, stack_name="own-t")
    reset_trident(kube_admin)
    crds = client.ApiextensionsV1Api(kube_admin)
    try:
        crds.delete_custom_resource_definition(f"tridentorchestrators.{GROUP}")
    except ApiException as error:
        if error.status != 404:
            raise


def test_a_spec_that_would_move_trident_to_another_namespace_is_refused_naming_the_owner(ansible, installed):
    moved = {**installed, "trident": {"namespace": "team-owned"}}
    named = ["TridentOrchestrator/trident", "ClusterRoleBinding/trident-operator", "ClusterRole/trident-operator"]
    with ansible.writes() as writes:
        refused = ansible.module("stack", spec=moved, spec_id="own-t", wait=False)
        adopted = ansible.module("stack", spec=moved, spec_id="own-t", wait=False, adopt=named)
        other = ansible.module("stack", spec={**moved, "name": "own-x"}, spec_id="own-x", wait=False)
    for result in (refused, adopted, other):
        assert result["failed"], result
        assert "TridentOrchestrator trident installs it in 'trident'" in result["msg"], result["msg"]
        assert "ClusterRoleBinding trident-operator binds the operator in 'trident'" in result["msg"]
        assert "tridentops.io/stack=own-t" in result["msg"] and "move_trident: true" in result["msg"]
    assert writes.count == 0, writes


def test_another_stack_installing_trident_over_ours_is_refused(ansible, installed):
    with ansible.writes() as writes:
        refused = ansible.module("stack", spec={**installed, "name": "own-y"}, spec_id="own-y", wait=False)
    assert refused["failed"]
    for what in ("ClusterRole trident-operator", "TridentOrchestrator trident", "CustomResourceDefinition"):
        assert f"{what}" in refused["msg"], refused["msg"]
    assert "is not ours" in refused["msg"] and "tridentops.io/stack=own-t" in refused["msg"]
    assert writes.count == 0, writes


@pytest.mark.parametrize(
    "told",
    [
        {"stack_name": "own-t"},
        {
            "adopt": [
                "TridentOrchestrator/trident",
                "Deployment/trident/trident-operator",
                "ClusterRoleBinding/trident-operator",
                "ClusterRole/trident-operator",
                "ServiceAccount/trident/trident-operator",
            ]
        },
    ],
    ids=["its-stack", "adopted"],
)
def test_uninstalling_an_installation_that_is_not_ours_is_refused_naming_the_owner(ansible, installed, kube, told):
    with ansible.writes() as writes:
        refused = ansible.module("trident", state="absent")
    assert refused["failed"] and writes.count == 0, (refused, writes)
    assert "uninstalling would delete what is not ours for stack 'default'" in refused["msg"], refused["msg"]
    for ref in ("TridentOrchestrator/trident", "ClusterRole/trident-operator", "Deployment/trident/trident-operator"):
        assert ref in refused["msg"], refused["msg"]
    assert "tridentops.io/stack=own-t" in refused["msg"] and "nothing was changed" in refused["msg"]
    done = ansible.module("trident", state="absent", **told)
    assert done["changed"] and not done.get("failed"), done
    assert not exists(lambda: kube["objects"].get_cluster_custom_object(GROUP, "v1", "tridentorchestrators", "trident"))


def test_a_module_keeps_a_specs_claim_and_deletes_only_what_is_ours(ansible, kube):
    ansible.module("stack", spec=classes_spec("own-m", "own-m1"), spec_id="m", wait=False)
    updated = ansible.module("storage_class", stack_name="own-m", **gold("own-m1", expansion=False))
    assert actions(updated) == [("update", "own-m1")], updated
    assert kube["storage"].read_storage_class("own-m1").metadata.annotations["tridentops.io/spec"] == "m"
    kube["storage"].create_storage_class(
        {"metadata": {"name": "own-m-hand"}, "provisioner": "csi.trident.netapp.io"}, field_manager="kubectl-create"
    )
    with ansible.writes() as writes:
        other_stack = ansible.module("storage_class", name="own-m1", state="absent")
        by_hand = ansible.module("storage_class", name="own-m-hand", state="absent", stack_name="own-m")
    assert other_stack["failed"] and "StorageClass/own-m1 is not ours for stack 'default'" in other_stack["msg"]
    assert by_hand["failed"] and "field managers kubectl-create (Update)" in by_hand["msg"]
    assert writes.count == 0, writes
    removed = ansible.module("storage_class", name="own-m-hand", state="absent", adopt=["StorageClass/own-m-hand"])
    assert actions(removed) == [("delete", "own-m-hand")]
