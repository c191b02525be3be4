"""playbooks/clone_for_ci.yml and playbooks/dr_failover.yml end to end, then rerun without a write.

Both run as the least-privileged ``automation`` user, bound to exactly the shipped day-2 ClusterRole
(rbac/tridentops-day2.yaml); the test's own setup runs as admin.
"""

from __future__ import annotations

import pytest
import yaml
from helpers import Ansible, unless_gone
from kubernetes import client
from playbook import ROOT, run_playbook

from .conftest import SNAPSHOTS, TRIDENT, custom, make_claim, mirror_destination_claim

pytestmark = [pytest.mark.cluster, pytest.mark.usefixtures("volume_stack")]
CLONE_FOR_CI = str(ROOT / "playbooks" / "clone_for_ci.yml")
DR_FAILOVER = str(ROOT / "playbooks" / "dr_failover.yml")
NS, DR = "vol-app", "vol-dr"
CI = {"source_namespace": NS, "source_pvc": "prod-db", "ci_run": "42"}
ROLE = "tridentops-day2"


@pytest.fixture(scope="module")
def automation(control_plane, kube_admin):
    """The ``automation`` user holding the day-2 ClusterRole and nothing else of tridentops's."""
    rbac = client.RbacAuthorizationV1Api(kube_admin)
    remove_rbac(rbac)
    rbac.create_cluster_role(yaml.safe_load((ROOT / "rbac" / f"{ROLE}.yaml").read_text()))
    rbac.create_cluster_role_binding(
        {
            "metadata": {"name": ROLE},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": ROLE},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "automation"}],
        }
    )
    yield Ansible(control_plane, user="automation")
    remove_rbac(rbac)


def remove_rbac(rbac: client.RbacAuthorizationV1Api) -> None:
    unless_gone(rbac.delete_cluster_role_binding, ROLE)
    unless_gone(rbac.delete_cluster_role, ROLE)


def test_clone_for_ci_seeds_a_fresh_namespace_and_tears_it_down(automation, kube_admin, kube):
    core = client.CoreV1Api(kube_admin)
    make_claim(core, NS, "prod-db", "2Gi")
    seeded = run_playbook(CLONE_FOR_CI, automation.kubeconfig, extra_vars=CI)
    assert seeded.rc == 0, seeded.stdout[-3000:]
    clone = core.read_namespaced_persistent_volume_claim("prod-db", "ci-42")
    assert clone.status.phase == "Bound" and clone.status.capacity["storage"] == "2Gi"
    assert clone.metadata.labels["tridentops.io/ci-run"] == "42"
    assert core.read_namespace("ci-42").metadata.labels["tridentops.io/clone-namespace"] == "true"
    snapshot = custom(kube, SNAPSHOTS, "volumesnapshots", NS, "prod-db-ci-42")
    assert snapshot["status"]["readyToUse"] is True
    with automation.writes() as writes:
        again = run_playbook(CLONE_FOR_CI, automation.kubeconfig, extra_vars=CI)
    assert again.rc == 0 and writes.count == 0, writes.events
    torn_down = run_playbook(CLONE_FOR_CI, automation.kubeconfig, extra_vars={**CI, "ci_action": "down"})
    assert torn_down.rc == 0, torn_down.stdout[-3000:]
    assert "ci-42" not in [n.metadata.name for n in core.list_namespace().items]
    assert custom(kube, SNAPSHOTS, "volumesnapshots", NS, "prod-db-ci-42") is None
    source = core.read_namespaced_persistent_volume_claim("prod-db", NS)
    assert "trident.netapp.io/cloneToNamespace" not in (source.metadata.annotations or {})


def test_dr_failover_promotes_the_secondary_and_resyncs_the_old_primary(automation, ansible, kube_admin, kube):
    core = client.CoreV1Api(kube_admin)
    make_claim(core, NS, "orders", "1Gi")
    primary = ansible.module("mirror_relationship", name="orders", namespace=NS, pvc="orders", mirror_state="promoted")
    source_handle = primary["mirror"]["local_volume_handle"]
    secondary = {"name": "orders", "namespace": DR, "pvc": "orders", "remote_volume_handle": source_handle}
    ansible.module("mirror_relationship", mirror_state="established", wait=False, **secondary)
    mirror_destination_claim(core, DR, "orders")
    established = ansible.module("mirror_relationship", mirror_state="established", **secondary)
    assert established["mirror"]["state"] == "established", established
    failover = {
        "dr_failover_id": "drill-1",
        "dr_primary": {"namespace": NS, "pvc": "orders", "relationship": "orders"},
        "dr_secondary": {"namespace": DR, "relationship": "orders"},
    }
    done = run_playbook(DR_FAILOVER, automation.kubeconfig, extra_vars=failover)
    assert done.rc == 0, done.stdout[-3000:]
    snapshot = custom(kube, SNAPSHOTS, "volumesnapshots", NS, "orders-failover-drill-1")
    content = kube["objects"].get_cluster_custom_object(
        SNAPSHOTS, "v1", "volumesnapshotcontents", snapshot["status"]["boundVolumeSnapshotContentName"]
    )
    handle = content["status"]["snapshotHandle"]
    promoted = custom(kube, TRIDENT, "tridentmirrorrelationships", DR, "orders")
    assert promoted["spec"]["state"] == "promoted"
    assert promoted["spec"]["volumeMappings"] == [
        {"localPVCName": "orders", "remoteVolumeHandle": source_handle, "promotedSnapshotHandle": handle}
    ]
    assert promoted["status"]["conditions"][0]["state"] == "promoted"
    (update,) = kube["objects"].list_namespaced_custom_object(TRIDENT, "v1", DR, "tridentactionmirrorupdates")["items"]
    assert update["spec"] == {"tridentMirrorRelationshipName": "orders", "snapshotHandle": handle}
    assert update["status"]["state"] == "Succeeded"
    resynced = custom(kube, TRIDENT, "tridentmirrorrelationships", NS, "orders")
    assert resynced["spec"]["state"] == "reestablished"
    assert resynced["status"]["conditions"][0]["state"] == "reestablished"
    assert (
        resynced["status"]["conditions"][0]["remoteVolumeHandle"]
        == promoted["status"]["conditions"][0]["localVolumeHandle"]
    )
    with automation.writes() as writes:
        again = run_playbook(DR_FAILOVER, automation.kubeconfig, extra_vars=failover)
    assert again.rc == 0 and writes.count == 0, writes.events
