"""The stack module with a spec's namespaces, protect and monitoring sections: one task converges them after the
classes, waits until protect's AppVaults are Available, writes nothing on a rerun, prunes what the spec drops.

Needs the ``addons`` stage in the stack runner (plugins/module_utils/_ops/stack.py)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from helpers import unless_gone
from kubernetes import client
from protect_helpers import PROTECT_NS, before_protect_with_monitoring, delete_namespaces, ensure_namespace, play
from standin.crds import SNAPSHOT_CRDS, TRIDENT_CRDS, apply_crds

pytestmark = pytest.mark.cluster
SPEC = yaml.safe_load((Path(__file__).parent / "specs" / "addons.yaml").read_text())
BUCKET = "tridentops-stack-addons"


@pytest.fixture(scope="module")
def document(kube_admin, protect_standin, moto_s3, s3):
    before_protect_with_monitoring(kube_admin, s3, BUCKET, "team-a", "shared-db")
    apply_crds(kube_admin, TRIDENT_CRDS)  # Trident installed by other means (install_method external)
    apply_crds(kube_admin, SNAPSHOT_CRDS)  # the spec has a VolumeSnapshotClass
    # The classes the spec names start absent, whichever earlier suite's stack applied them: tridentops rightly
    # refuses to change another stack's objects.
    storage = client.StorageV1Api(kube_admin)
    for sc in SPEC["storage_classes"]:
        unless_gone(storage.delete_storage_class, sc["name"])
    snapshots = client.CustomObjectsApi(kube_admin)
    for vsc in SPEC["snapshot_classes"]:
        unless_gone(
            snapshots.delete_cluster_custom_object,
            "snapshot.storage.k8s.io",
            "v1",
            "volumesnapshotclasses",
            vsc["name"],
        )
    ensure_namespace(kube_admin, "shared-db")
    data = copy.deepcopy(SPEC)
    data["name"] = "addons"
    data["protect"]["vaults"][0].update(bucket=BUCKET, endpoint=moto_s3, secure=False)
    yield data
    for sc in storage.list_storage_class(label_selector="tridentops.io/stack=addons").items:
        storage.delete_storage_class(sc.metadata.name)
    # Waited for: later suites create objects in team-a again.
    delete_namespaces(kube_admin, "team-a", "shared-db")


def test_the_stack_runner_runs_the_addons_stage():
    from ansible_collections.tridentops.storage.plugins.module_utils._ops.stack import Options

    assert "addons" in Options().stages, "the stack runner does not run the addons stage (_ops/stack.py)"


def test_the_stack_converges_the_addons_after_the_classes_and_waits_for_protect(ansible, document):
    with ansible.writes() as writes:
        first, again = play(ansible, ("stack", {"spec": document}), ("stack", {"spec": document}))
    assert first["changed"] and not first.get("failed"), first.get("msg", first)
    kinds = [o["kind"] for o in first["objects"]]
    assert kinds.index("StorageClass") < kinds.index("ResourceQuota") < kinds.index("AppVault")
    assert first["protect"] == {"backups": {"name": "backups", "namespace": PROTECT_NS, "state": "Available"}}
    assert again["changed"] is False, again["objects"]
    # Besides: the stack's claim (its Lease) taken and released once by the first run; the rerun writes nothing.
    claims = [e for e in writes.events if e.resource == "leases.coordination.k8s.io"]
    # (a run longer than 20 s also renews it: more updates, never another create)
    assert [e.verb for e in claims][:1] == ["create"] and {e.verb for e in claims[1:]} == {"update"}, claims
    assert len(writes.events) - len(claims) == len(first["objects"]), "one apply per object, nothing on the rerun"


def test_check_mode_and_prune_of_what_the_spec_drops(ansible, document, kube_admin):
    smaller = copy.deepcopy(document)
    smaller["protect"]["schedules"] = []
    smaller["monitoring"]["alerts"]["enabled"] = False
    with ansible.writes() as writes:
        check = ansible.module("stack", check=True, spec=smaller, prune=True)
    assert sorted((o["kind"], o["name"]) for o in check["objects"] if o["action"] == "delete") == [
        ("PrometheusRule", "trident-alerts"),
        ("Schedule", "nightly"),
    ]
    assert writes.count == 0
    result = ansible.module("stack", spec=smaller, prune=True)
    assert result["changed"], result
    schedules = client.CustomObjectsApi(kube_admin).list_namespaced_custom_object(
        "protect.trident.netapp.io", "v1", "team-a", "schedules"
    )
    assert schedules["items"] == []
