"""Ownership and drift from managedFields (no cluster): who owns an object, which manager changed a field."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from api_double import HOST, FakeConfiguration, ScriptedPool, listing, not_found, ok

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import Connection
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.converge import LiveIndex, plan
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.diff import (
    field_managers,
    foreign_owners,
    is_ours,
    without_path,
)
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils._ops.claim import ClaimRefused, Ownership
from ansible_collections.tridentops.storage.plugins.module_utils._ops.stack import Options, StackRunner
from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, render

LABELS = {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "prod"}
SCS = "/apis/storage.k8s.io/v1/storageclasses"
TBCS = "/apis/trident.netapp.io/v1/namespaces/trident/tridentbackendconfigs"
LEASE = "/apis/coordination.k8s.io/v1/namespaces/default/leases/tridentops-stack-prod"
DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class"


def entry(manager: str, fields: dict[str, Any], operation: str = "Apply") -> dict[str, Any]:
    return {"manager": manager, "operation": operation, "fieldsType": "FieldsV1", "fieldsV1": fields}


def storage_class(*entries: dict[str, Any], labels: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {
            "name": "gold",
            "labels": LABELS if labels is None else labels,
            "resourceVersion": "7",
            "managedFields": list(entries),
        },
        "provisioner": "csi.trident.netapp.io",
        **fields,
    }


OURS = entry("tridentops", {"f:metadata": {"f:labels": {"f:tridentops.io/stack": {}}}, "f:provisioner": {}})


def test_ours_needs_our_apply_entry_and_the_stacks_labels():
    assert is_ours(storage_class(OURS), "tridentops", LABELS)
    assert not is_ours(storage_class(OURS, labels={**LABELS, "tridentops.io/stack": "other"}), "tridentops", LABELS)
    # The same manager name through a plain update (kubectl --field-manager=tridentops edit) is no apply of ours.
    assert not is_ours(storage_class({**OURS, "operation": "Update"}), "tridentops", LABELS)
    assert not is_ours(storage_class(), "tridentops", LABELS)


def test_field_managers_leave_out_writers_of_status_only():
    live = storage_class(
        OURS,
        entry("trident-operator", {"f:status": {"f:phase": {}}}, "Update"),
        entry("kubectl-edit", {"f:allowVolumeExpansion": {}}, "Update"),
    )
    assert field_managers(live) == ["tridentops (Apply)", "kubectl-edit (Update)"]


def test_foreign_owner_of_a_changed_field_is_named_at_the_field_it_owns():
    live = storage_class(
        OURS,
        entry("kubectl-edit", {"f:allowVolumeExpansion": {}}, "Update"),
        entry("argocd-controller", {"f:metadata": {"f:annotations": {f"f:{DEFAULT_ANNOTATION}": {}}}}),
    )
    assert foreign_owners(live, "tridentops", "allowVolumeExpansion") == (["kubectl-edit"], "allowVolumeExpansion")
    # Keys with dots (annotation names) are matched whole, not split at their dots.
    path = f"metadata.annotations.{DEFAULT_ANNOTATION}"
    assert foreign_owners(live, "tridentops", path) == (["argocd-controller"], path)
    assert foreign_owners(live, "tridentops", "provisioner") == ([], "")  # only we own it


def test_a_field_inside_a_list_is_owned_at_the_list():
    live = {"metadata": {"managedFields": [entry("gitops", {"f:spec": {"f:storage": {}}})]}}
    assert foreign_owners(live, "tridentops", "spec.storage[0].labels.performance") == (["gitops"], "spec.storage")


def test_without_path_removes_one_field_and_leaves_the_object_alone():
    obj = {"metadata": {"annotations": {DEFAULT_ANNOTATION: "true", "a": "b"}}, "spec": {"x": 1, "y": 2}}
    assert without_path(obj, f"metadata.annotations.{DEFAULT_ANNOTATION}") == {
        "metadata": {"annotations": {"a": "b"}},
        "spec": {"x": 1, "y": 2},
    }
    assert without_path(obj, "spec.x")["spec"] == {"y": 2}
    assert obj["spec"] == {"x": 1, "y": 2}


def index_of(*items: dict[str, Any]) -> LiveIndex:
    pool = ScriptedPool([("GET", SCS, listing("StorageClass", list(items)))])
    return LiveIndex(KubeSession(Connection(HOST, pool, FakeConfiguration())))


def desired_class(expansion: bool = True) -> dict[str, Any]:
    return {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {"name": "gold", "labels": LABELS},
        "provisioner": "csi.trident.netapp.io",
        "allowVolumeExpansion": expansion,
    }


EDITED = storage_class(
    entry(
        "tridentops",
        {
            "f:metadata": {"f:labels": {"f:app.kubernetes.io/managed-by": {}, "f:tridentops.io/stack": {}}},
            "f:provisioner": {},
        },
    ),
    entry("kubectl-edit", {"f:allowVolumeExpansion": {}}, "Update"),
    allowVolumeExpansion=False,
)


def test_plan_names_the_manager_that_changed_a_field_we_applied():
    (change,) = plan(index_of(EDITED), [desired_class()])
    assert change.action == "update" and change.paths == ["allowVolumeExpansion"]
    assert change.summary()["changed_by"] == {"allowVolumeExpansion": ["kubectl-edit"]}
    assert "allowVolumeExpansion changed by kubectl-edit" in change.diff()["before_header"]


def test_plan_keeps_their_change_when_asked():
    (change,) = plan(index_of(EDITED), [desired_class()], keep_foreign=True)
    assert change.action == "unchanged" and change.kept == {"allowVolumeExpansion": ["kubectl-edit"]}
    assert "allowVolumeExpansion" not in (change.desired or {})


def test_a_difference_on_an_object_we_never_applied_names_no_manager():
    (change,) = plan(
        index_of(storage_class(entry("helm", {"f:allowVolumeExpansion": {}}, "Update"))), [desired_class()]
    )
    assert change.action == "update" and change.foreign == {}


SPEC = {"name": "prod", "trident": {"install_method": "external"}, "storage_classes": [{"name": "gold"}]}


def runner(script: list, document: dict[str, Any] | None = None, **ownership: Any) -> tuple[StackRunner, ScriptedPool]:
    pool = ScriptedPool(script)
    session = KubeSession(Connection(HOST, pool, FakeConfiguration()))
    spec = load(document or SPEC)
    options = Options(wait=False, stages=("classes",), ownership=Ownership(**ownership))
    return StackRunner(session, spec, render(spec), options), pool


def test_an_object_not_ours_is_refused_before_any_write_naming_its_owner():
    # Helm's class differs from the spec's (it allows no expansion): updating it would change what is not ours.
    helm = storage_class(
        entry("helm", {"f:provisioner": {}}, "Update"),
        labels={"app.kubernetes.io/managed-by": "Helm"},
        allowVolumeExpansion=False,
    )
    expanding = {**SPEC, "storage_classes": [{"name": "gold", "allow_volume_expansion": True}]}
    script = [("GET", LEASE, not_found()), ("GET", SCS, listing("StorageClass", [helm]))]
    run, pool = runner(script, expanding, spec="team-a")
    with pytest.raises(
        ClaimRefused,
        match=r"StorageClass gold is not ours \(field managers helm \(Update\); labels "
        r"app.kubernetes.io/managed-by=Helm\): pass adopt: \['StorageClass/gold'\]",
    ):
        run.run()
    pool.assert_done()
    assert pool.bodies("PATCH") == [] and pool.bodies("PUT") == [] and pool.bodies("POST") == []


def test_an_object_not_ours_that_already_is_what_the_spec_says_is_left_as_it_is_without_a_write():
    helm = storage_class(
        entry("helm", {"f:provisioner": {}}, "Update"), labels={"app.kubernetes.io/managed-by": "Helm"}
    )
    script = [("GET", LEASE, not_found()), ("GET", SCS, listing("StorageClass", [helm]))]
    run, pool = runner(script, spec="team-a")
    outcome = run.run()
    pool.assert_done()
    assert pool.bodies("PATCH") == [] and pool.bodies("PUT") == [] and pool.bodies("POST") == []
    (change,) = [c for c in outcome.changes if c.key[3] == "gold"]
    assert change.action == "unchanged" and change.note.startswith("not ours, already as the spec says"), change


def test_another_stacks_object_is_refused_even_when_it_already_is_what_the_spec_says():
    other = storage_class(entry("tridentops", {"f:provisioner": {}}), labels={**LABELS, "tridentops.io/stack": "other"})
    script = [("GET", LEASE, not_found()), ("GET", SCS, listing("StorageClass", [other]))]
    run, pool = runner(script, spec="team-a")
    with pytest.raises(ClaimRefused, match=r"StorageClass gold is not ours"):
        run.run()
    assert pool.bodies("PATCH") == [] and pool.bodies("PUT") == [] and pool.bodies("POST") == []


def test_a_stack_another_spec_claimed_is_refused_before_listing_anything():
    lease = {"metadata": {"name": "tridentops-stack-prod", "annotations": {"tridentops.io/spec": "team-a"}}}
    run, pool = runner([("GET", LEASE, ok(lease))], spec="team-b")
    with pytest.raises(ClaimRefused, match=r"stack 'prod' belongs to spec 'team-a'.*this spec is 'team-b'"):
        run.run()
    pool.assert_done()


def test_prune_passes_over_what_a_module_or_another_spec_claimed():
    def claimed(name: str, by: str | None) -> dict[str, Any]:
        live = copy.deepcopy(storage_class(OURS))
        live["metadata"]["name"] = name
        if by:
            live["metadata"]["annotations"] = {"tridentops.io/spec": by}
        return live

    gold = {
        **claimed("gold", "team-a"),
        "allowVolumeExpansion": True,
        "reclaimPolicy": "Delete",
        "volumeBindingMode": "Immediate",
        "parameters": {},
    }
    others = [claimed("old", "team-a"), claimed("older", None), claimed("mod", "module:storage_class")]
    run, pool = runner(
        [
            ("GET", "/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses", listing("VolumeSnapshotClass", [])),
            ("GET", SCS, listing("StorageClass", [gold, *others, claimed("theirs", "team-b")])),
            ("GET", TBCS, listing("TridentBackendConfig", [])),
            ("GET", "/api/v1/namespaces/trident/secrets", listing("Secret", [])),
            ("GET", "/apis/trident.netapp.io/v1/tridentautogrowpolicies", listing("TridentAutogrowPolicy", [])),
        ],
        spec="team-a",
    )
    deletions = run._plan_prune()
    pool.assert_done()
    # Claimed by this spec, or by no one (applied before claims were recorded): pruned. The module's class and
    # the other spec's are not.
    assert sorted(c.key[3] for c in deletions) == ["old", "older"]


def test_a_claim_held_by_a_dead_process_on_this_host_is_abandoned_and_no_other():
    import os
    import socket
    import subprocess
    import sys

    from ansible_collections.tridentops.storage.plugins.module_utils._ops.claim import _abandoned

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    host = socket.gethostname()
    assert _abandoned(f"{host}/{gone.stdout.strip()}/0a1b2c3d")
    assert not _abandoned(f"{host}/{os.getpid()}/0a1b2c3d")  # alive
    assert not _abandoned(f"another-{host}/{gone.stdout.strip()}/0a1b2c3d")  # another host's run: never judged
    assert not _abandoned("not-a-holder")
