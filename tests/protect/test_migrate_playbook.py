"""playbooks/migrate.yml end to end between two real API servers.

Cluster A is the session's control plane; cluster B is a second one (hack/controlplane.py, its own etcd and
API server) started for this module. A protect stand-in runs against each; the bucket is moto's, so the
backup taken on A travels through S3 to B exactly as a real one would (the archive written by A's stand-in is
read by B's). The playbook installs protect on both, creates the bucket and the AppVaults, defines and backs
up the application on A, restores it on B with a StorageClass mapping, and checks what arrived.
"""

from __future__ import annotations

import contextlib

import pytest
from controlplane import ControlPlane
from kubernetes import client, config
from kubernetes.client.exceptions import ApiException
from playbook import ROOT, run_playbook
from protect_helpers import S3_KEYS, delete_namespaces, ensure_namespace, s3_secret
from standin.protect import ProtectStandIn

pytestmark = pytest.mark.cluster
MIGRATE = str(ROOT / "playbooks" / "migrate.yml")
APP_NS = "webshop"
BUCKET = "tridentops-migration"


@pytest.fixture(scope="module")
def cluster_b(tmp_path_factory):
    plane = ControlPlane(tmp_path_factory.mktemp("cluster-b"))
    plane.start()
    standin = ProtectStandIn(plane.kubeconfigs["standin"]).start()
    api = config.new_client_from_config(config_file=str(plane.kubeconfigs["admin"]))
    yield plane, api
    api.close()
    standin.stop()
    plane.stop()


@pytest.fixture(scope="module")
def clusters(control_plane, kube_admin, protect_standin, cluster_b):
    plane_b, api_b = cluster_b
    delete_namespaces(kube_admin, APP_NS)
    core_a = client.CoreV1Api(kube_admin)
    ensure_namespace(kube_admin, APP_NS)
    web = {"app": "webshop"}
    core_a.create_namespaced_config_map(APP_NS, {"metadata": {"name": "catalog", "labels": web}, "data": {"x": "1"}})
    core_a.create_namespaced_secret(APP_NS, {"metadata": {"name": "payment-key", "labels": web}, "data": {"k": "dg=="}})
    for claim in ("orders", "images"):
        core_a.create_namespaced_persistent_volume_claim(
            APP_NS,
            {
                "metadata": {"name": claim, "labels": web},
                "spec": {
                    "storageClassName": "gold-a",
                    "accessModes": ["ReadWriteOnce"],
                    "resources": {"requests": {"storage": "5Gi"}},
                },
            },
        )
    classes = [(kube_admin, "gold-a"), (api_b, "fast-b")]
    for api, name in classes:
        with contextlib.suppress(ApiException):
            client.StorageV1Api(api).create_storage_class(
                {"metadata": {"name": name}, "provisioner": "tridentops.test/none"}
            )
    # The vault's keys, by reference: a Secret in the protect namespace of each cluster.
    s3_secret(kube_admin, "migration-keys")
    s3_secret(api_b, "migration-keys")
    yield control_plane.kubeconfigs["admin"], plane_b.kubeconfigs["admin"], api_b
    delete_namespaces(kube_admin, APP_NS)
    for api, name in classes:
        with contextlib.suppress(ApiException):
            client.StorageV1Api(api).delete_storage_class(name)


def variables(source, destination, moto_s3) -> dict:
    return {
        "migrate_source_kubeconfig": str(source),
        "migrate_destination_kubeconfig": str(destination),
        "migrate_install_protect": True,
        "migrate_cluster_names": {"source": "cluster-a", "destination": "cluster-b"},
        "migrate_application": "webshop",
        "migrate_namespace": APP_NS,
        "migrate_included_namespaces": [{"namespace": APP_NS, "match_labels": {"app": "webshop"}}],
        "migrate_vault": {
            "name": "migration",
            "provider": "AWS",
            "bucket": BUCKET,
            "region": "eu-west-1",
            "endpoint": moto_s3,
            "secure": False,
            "credentials_secret": "migration-keys",
        },
        "migrate_create_bucket": True,
        "migrate_aws": {
            "endpoint_url": f"http://{moto_s3}",
            "access_key": S3_KEYS["accessKeyID"],
            "secret_key": S3_KEYS["secretAccessKey"],
        },
        "migrate_storage_class_mapping": {"gold-a": "fast-b"},
        "migrate_backup_name": "webshop-move-1",
        "migrate_wait_timeout": 120,
    }


def test_migrate_backs_up_on_a_restores_on_b_and_checks_what_arrived(clusters, moto_s3, s3):
    source, destination, api_b = clusters
    run = run_playbook(MIGRATE, source, extra_vars=variables(source, destination, moto_s3))
    assert run.rc == 0, run.stdout[-4000:] + run.stderr[-2000:]
    check = run.results[-1]
    assert "webshop -> webshop: 2 PVC(s), 1 ConfigMap(s), 1 Secret(s) arrived" in str(check), check
    # What arrived on B, read from B's API server: the mapped class, no volume of A's.
    core_b = client.CoreV1Api(api_b)
    claims = {c.metadata.name: c for c in core_b.list_namespaced_persistent_volume_claim(APP_NS).items}
    assert sorted(claims) == ["images", "orders"]
    assert {c.spec.storage_class_name for c in claims.values()} == {"fast-b"}
    assert all(c.spec.volume_name is None for c in claims.values())
    assert core_b.read_namespaced_config_map("catalog", APP_NS).data == {"x": "1"}
    assert core_b.read_namespaced_secret("payment-key", APP_NS).data == {"k": "dg=="}
    assert s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"


def test_a_second_run_writes_nothing_on_either_cluster(clusters, moto_s3, control_plane, cluster_b):
    source, destination, _api_b = clusters
    plane_b = cluster_b[0]
    audit_a, audit_b = control_plane.audit, plane_b.audit
    with audit_a.count_writes(users={"admin"}) as writes_a, audit_b.count_writes(users={"admin"}) as writes_b:
        run = run_playbook(MIGRATE, source, extra_vars=variables(source, destination, moto_s3))
    assert run.rc == 0, run.stdout[-4000:]
    assert not [r for r in run.results if r.get("changed")], "nothing changed"
    assert writes_a.count == 0, writes_a.events
    assert writes_b.count == 0, writes_b.events


def test_a_class_mapping_to_a_missing_class_fails_before_the_restore(clusters, moto_s3, cluster_b):
    source, destination, _api_b = clusters
    extra = variables(source, destination, moto_s3)
    extra["migrate_storage_class_mapping"] = {"gold-a": "missing-class"}
    with cluster_b[0].audit.count_writes(users={"admin"}) as writes_b:
        run = run_playbook(MIGRATE, source, extra_vars={**extra, "migrate_backup_name": "webshop-move-2"})
    assert run.rc != 0
    failed = next(r for r in run.results if r.get("failed"))
    assert failed["msg"] == (
        "storage_class_mapping: StorageClass missing-class does not exist on this cluster (it has: fast-b); "
        "nothing was changed"
    )
    assert writes_b.count == 0
