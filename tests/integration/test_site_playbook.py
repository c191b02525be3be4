"""playbooks/site.yml and uninstall.yml end to end, as the least-privileged automation user.

The automation user holds only the shipped roles a site run needs (docs/rbac.md): rbac/tridentops-install.yaml,
which installs Trident, and rbac/tridentops-config.yaml for backends and classes. The on-prem
example converges at -vvvv without any secret in the output, a second run writes nothing, and the
stack's own change paths (check, diff, prune, class replacement, default class) behave as documented.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import yaml
from helpers import GROUP, reset_trident, uninstall_trident, unless_gone, wait_until
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from kubernetes.utils import create_from_yaml
from playbook import ROOT, run_playbook

pytestmark = pytest.mark.cluster
SITE = str(ROOT / "playbooks" / "site.yml")
UNINSTALL = str(ROOT / "playbooks" / "uninstall.yml")
ONPREM = ROOT / "examples" / "onprem.yaml"
SECRETS = ["change-me-nas", "change-me-san", "change-me-chap-1", "change-me-chap-2"]
ROLES = ("tridentops-install", "tridentops-config")
CLAIM_ROLE = "tridentops-stack-claim"


@pytest.fixture(scope="module")
def automation(control_plane, standin, kube_admin):
    reset_trident(kube_admin)
    rbac = client.RbacAuthorizationV1Api(kube_admin)
    remove_rbac(rbac)
    yield control_plane.kubeconfigs["automation"]
    remove_rbac(rbac)
    unless_gone(client.CoreV1Api(kube_admin).delete_namespaced_persistent_volume_claim, "web-data", "default")
    uninstall_trident(control_plane, kube_admin)


def stack_of(run) -> dict:
    """The stack task's result (the role validates its arguments first)."""
    return next(r for r in run.results if "objects" in r or r.get("failed"))


def remove_rbac(rbac) -> None:
    for role in ROLES:
        unless_gone(rbac.delete_cluster_role_binding, role)
        unless_gone(rbac.delete_cluster_role, role)
    unless_gone(rbac.delete_namespaced_role_binding, CLAIM_ROLE, "default")
    unless_gone(rbac.delete_namespaced_role, CLAIM_ROLE, "default")


def spec_file(tmp_path: Path, change) -> str:
    data = yaml.safe_load(ONPREM.read_text())
    change(data)
    path = tmp_path / ONPREM.name  # an edited copy of the same spec file: the same owner of stack onprem
    path.write_text(yaml.safe_dump(data))
    return str(path)


def test_a_missing_permission_is_a_clear_error(automation):
    result = run_playbook(SITE, automation, extra_vars={"spec": str(ONPREM)})
    assert result.failed
    task = stack_of(result)
    assert task["msg"].startswith("Kubernetes API error 403: ")
    # The first request is the read of the stack's claim (its Lease), then the lists.
    assert 'User "automation" cannot get resource "leases"' in task["msg"]
    hint = (
        "(rbac/tridentops-install.yaml grants installing Trident, the everyday roles in rbac/ the rest: docs/rbac.md)"
    )
    assert hint in task["msg"]


def test_the_site_playbook_converges_with_only_the_shipped_cluster_roles_and_no_secret_in_output(
    automation, kube_admin, control_plane
):
    for role in ROLES:
        create_from_yaml(kube_admin, str(ROOT / "rbac" / f"{role}.yaml"))
        client.RbacAuthorizationV1Api(kube_admin).create_cluster_role_binding(
            {
                "metadata": {"name": role},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
                "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "automation"}],
            }
        )
    # The stack's claim: a Role in namespace default (rbac/tridentops-stack-claim.yaml).
    create_from_yaml(kube_admin, str(ROOT / "rbac" / f"{CLAIM_ROLE}.yaml"))
    client.RbacAuthorizationV1Api(kube_admin).create_namespaced_role_binding(
        "default",
        {
            "metadata": {"name": CLAIM_ROLE},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": CLAIM_ROLE},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "automation"}],
        },
    )
    result = run_playbook(SITE, automation, verbosity=4, extra_vars={"spec": str(ONPREM)}, callback="default")
    assert result.rc == 0, result.stdout[-3000:]
    assert "changed=1" in result.stdout
    output = result.stdout + result.stderr
    for secret in SECRETS:
        assert secret not in output
        assert base64.b64encode(secret.encode()).decode() not in output
    assert "'status': 'Installed'" in output or '"status": "Installed"' in output


def test_second_run_reports_no_change_and_writes_nothing(automation, control_plane):
    with control_plane.audit.count_writes(users={"automation"}) as writes:
        result = run_playbook(SITE, automation, extra_vars={"spec": str(ONPREM)})
    assert result.rc == 0
    stack = stack_of(result)
    assert stack["changed"] is False
    assert stack["objects"] == [] and stack["unchanged"] == 18
    assert stack["backends"]["san-db"] == {
        "phase": "Bound",
        "lastOperationStatus": "Success",
        "message": "Backend 'san-db' created",
    }
    assert writes.count == 0, writes.events


@pytest.fixture
def everyday(control_plane, kube_admin):
    """The `viewer` user bound to the everyday roles only: tridentops-config, and tridentops-config-secrets in
    Trident's namespace (the example's credentials are inline), as docs/rbac.md says to bind them."""
    rbac = client.RbacAuthorizationV1Api(kube_admin)
    user = {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "viewer"}
    secrets = yaml.safe_load((ROOT / "rbac" / "tridentops-config-secrets.yaml").read_text())
    namespace = secrets["metadata"]["namespace"]
    rbac.create_namespaced_role(namespace, secrets)
    rbac.create_namespaced_role_binding(
        namespace,
        {
            "metadata": {"name": "everyday-config-secrets"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": secrets["metadata"]["name"]},
            "subjects": [user],
        },
    )
    rbac.create_cluster_role_binding(
        {
            "metadata": {"name": "everyday-config"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "tridentops-config"},
            "subjects": [user],
        }
    )
    # A stack run reads (and, when it writes, holds) its stack's Lease: rbac/tridentops-stack-claim.yaml.
    claim = yaml.safe_load((ROOT / "rbac" / f"{CLAIM_ROLE}.yaml").read_text())
    try:
        rbac.create_namespaced_role("default", claim)
    except ApiException as error:
        if error.status != 409:
            raise
    rbac.create_namespaced_role_binding(
        "default",
        {
            "metadata": {"name": "everyday-stack-claim"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": CLAIM_ROLE},
            "subjects": [user],
        },
    )
    yield control_plane.kubeconfigs["viewer"]
    rbac.delete_namespaced_role_binding("everyday-stack-claim", "default")
    rbac.delete_cluster_role_binding("everyday-config")
    rbac.delete_namespaced_role_binding("everyday-config-secrets", namespace)
    rbac.delete_namespaced_role(secrets["metadata"]["name"], namespace)


def test_the_everyday_roles_rerun_the_site_but_cannot_change_the_installation(
    automation, everyday, control_plane, tmp_path
):
    with control_plane.audit.count_writes(users={"viewer"}) as writes:
        rerun = run_playbook(SITE, everyday, extra_vars={"spec": str(ONPREM)})
    assert rerun.rc == 0, rerun.results
    assert stack_of(rerun)["changed"] is False
    assert writes.count == 0, writes.events

    def debug(data):
        data["trident"]["log_level"] = "debug"

    with control_plane.audit.count_writes(users={"viewer"}) as writes:
        refused = run_playbook(SITE, everyday, extra_vars={"spec": spec_file(tmp_path, debug)})
    assert refused.failed
    assert stack_of(refused)["msg"].startswith("Kubernetes API error 403: ")
    assert 'User "viewer" cannot patch resource "deployments"' in stack_of(refused)["msg"]
    # Other than its claim (the stack's Lease, taken before the first write), nothing was written.
    stack_writes = [e for e in writes.events if not e.resource.startswith("leases")]
    assert stack_writes and all(e.code == 403 for e in stack_writes), writes.events


def test_check_mode_on_a_changed_spec_reports_it_and_writes_nothing(automation, control_plane, tmp_path):
    def slower_snapshots(data):
        data["backends"][0]["defaults"]["snapshotPolicy"] = "weekly"

    changed = spec_file(tmp_path, slower_snapshots)
    with control_plane.audit.count_writes(users={"automation"}) as writes:
        result = run_playbook(SITE, automation, check=True, diff=True, extra_vars={"spec": changed})
    assert result.rc == 0
    stack = stack_of(result)
    assert stack["changed"] is True
    assert [(o["name"], o["fields"]) for o in stack["objects"] if o["action"] == "update"] == [
        ("nas-tiers", ["spec.defaults.snapshotPolicy"])
    ]
    (diff,) = stack["diff"]
    assert "snapshotPolicy: default" in diff["before"] and "snapshotPolicy: weekly" in diff["after"]
    assert writes.count == 0, writes.events


def test_changing_a_class_parameter_needs_replace_and_names_its_claims(automation, kube_admin, tmp_path):
    client.CoreV1Api(kube_admin).create_namespaced_persistent_volume_claim(
        "default",
        {
            "metadata": {"name": "web-data"},
            "spec": {
                "storageClassName": "silver",
                "accessModes": ["ReadWriteOnce"],
                "resources": {"requests": {"storage": "1Gi"}},
            },
        },
    )

    def stricter_silver(data):
        data["storage_classes"][1]["selector"] = "performance=silver; protection=standard"

    changed = spec_file(tmp_path, stricter_silver)
    refused = run_playbook(SITE, automation, extra_vars={"spec": changed})
    assert refused.failed
    assert stack_of(refused)["msg"] == (
        "StorageClass silver: parameters cannot change in place (Kubernetes forbids it); use replace: true to "
        "delete and re-create it; PVCs using it keep their volumes: default/web-data"
    )
    uid = client.StorageV1Api(kube_admin).read_storage_class("silver").metadata.uid
    replaced = run_playbook(SITE, automation, extra_vars={"spec": changed, "stack_replace": True})
    assert replaced.rc == 0, replaced.results
    silver = client.StorageV1Api(kube_admin).read_storage_class("silver")
    assert silver.metadata.uid != uid
    assert silver.parameters["selector"] == "performance=silver; protection=standard"
    assert [o["action"] for o in stack_of(replaced)["objects"] if o["name"] == "silver"] == ["replace"]


def test_the_default_class_moves_and_a_foreign_default_gives_way(automation, kube_admin, tmp_path):
    storage = client.StorageV1Api(kube_admin)
    storage.create_storage_class(
        {
            "metadata": {"name": "legacy", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
            "provisioner": "kubernetes.io/no-provisioner",
        }
    )

    def bronze_is_default(data):
        data["storage_classes"][0]["default"] = False
        data["storage_classes"][1]["selector"] = "performance=silver; protection=standard"
        data["storage_classes"][2]["default"] = True

    result = run_playbook(SITE, automation, extra_vars={"spec": spec_file(tmp_path, bronze_is_default)})
    assert result.rc == 0, result.results
    defaults = {
        sc.metadata.name
        for sc in storage.list_storage_class().items
        if (sc.metadata.annotations or {}).get("storageclass.kubernetes.io/is-default-class") == "true"
    }
    assert defaults == {"bronze"}
    notes = {o["name"]: o.get("note") for o in stack_of(result)["objects"]}
    assert notes["legacy"] == "no longer the default class"
    storage.delete_storage_class("legacy")


def test_prune_removes_what_the_spec_dropped(automation, kube_admin, tmp_path):
    def without_economy(data):
        data["backends"] = [b for b in data["backends"] if b["name"] != "nas-economy"]
        data["storage_classes"] = [c for c in data["storage_classes"] if c["name"] != "economy"]
        data["storage_classes"][1]["selector"] = "performance=silver; protection=standard"
        data["storage_classes"][0]["default"] = False
        data["storage_classes"][2]["default"] = True

    result = run_playbook(
        SITE, automation, extra_vars={"spec": spec_file(tmp_path, without_economy), "stack_prune": True}
    )
    assert result.rc == 0, result.results
    deleted = sorted((o["kind"], o["name"]) for o in stack_of(result)["objects"] if o["action"] == "delete")
    assert deleted == [("StorageClass", "economy"), ("TridentBackendConfig", "nas-economy")]
    # Trident (the stand-in) releases the backend's finalizer once it has no volumes.
    wait_until(
        lambda: (
            "nas-economy"
            not in [
                t["metadata"]["name"]
                for t in client.CustomObjectsApi(kube_admin).list_namespaced_custom_object(
                    GROUP, "v1", "trident", "tridentbackendconfigs"
                )["items"]
            ]
        ),
        what="nas-economy released",
    )
    assert [
        sc.metadata.name
        for sc in client.StorageV1Api(kube_admin).list_storage_class().items
        if sc.metadata.name == "economy"
    ] == []


def test_the_uninstall_playbook_keeps_backends_and_classes(automation, kube_admin):
    result = run_playbook(UNINSTALL, automation, extra_vars={"spec": str(ONPREM)})
    assert result.rc == 0, result.stdout[-2000:]
    objects = client.CustomObjectsApi(kube_admin)
    assert objects.list_cluster_custom_object(GROUP, "v1", "tridentorchestrators")["items"] == []
    backends = objects.list_namespaced_custom_object(GROUP, "v1", "trident", "tridentbackendconfigs")["items"]
    assert {"nas-tiers", "san-db"} <= {b["metadata"]["name"] for b in backends}
    assert client.StorageV1Api(kube_admin).read_storage_class("gold").provisioner == "csi.trident.netapp.io"
