"""The exact requests the protect operations make (no cluster, no AWS): Kubernetes through the scripted API double,
S3 through botocore's Stubber (which checks every request and response against the S3 service model)."""

from __future__ import annotations

import boto3
import pytest
from api_double import HOST, FakeConfiguration, ScriptedPool, listing, not_found, ok, watch
from botocore.stub import Stubber

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import Connection
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.converge import LiveIndex
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.wait import WaitError
from ansible_collections.tridentops.storage.plugins.module_utils._ops.protect import actions
from ansible_collections.tridentops.storage.plugins.module_utils._ops.protect.bucket import (
    PUBLIC_ACCESS_BLOCK,
    BucketError,
    ensure_bucket,
    s3_client,
)
from ansible_collections.tridentops.storage.plugins.module_utils._ops.protect.restore import (
    RestoreRequest,
    plan_restore,
)
from ansible_collections.tridentops.storage.plugins.module_utils._ops.protect.waits import BACKUP
from ansible_collections.tridentops.storage.plugins.module_utils._ops.safety import Refusal

BACKUPS = "/apis/protect.trident.netapp.io/v1/namespaces/shop/backups"
APPS = "/apis/protect.trident.netapp.io/v1/namespaces/shop/applications"
SPEC = {"applicationRef": "shop", "appVaultRef": "backups", "dataMover": "Kopia", "reclaimPolicy": "Retain"}
ACTION = actions.Action(BACKUP, "shop", "nightly", SPEC)


def session(script: list) -> tuple[KubeSession, ScriptedPool]:
    pool = ScriptedPool(script)
    return KubeSession(Connection(HOST, pool, FakeConfiguration())), pool


def backup(version: str, status: dict | None = None, spec: dict | None = None) -> dict:
    obj = {
        "apiVersion": "protect.trident.netapp.io/v1",
        "kind": "Backup",
        "metadata": {"name": "nightly", "namespace": "shop", "resourceVersion": version},
        "spec": spec or SPEC,
    }
    if status is not None:
        obj["status"] = status
    return obj


DONE = {"state": "Completed", "appArchivePath": "shop_1/backups/nightly_2"}


def test_a_rerun_reads_the_backup_once_and_writes_nothing():
    kube, pool = session([("GET", BACKUPS, listing("Backup", [backup("5", DONE)]))])
    change, live = actions.run(kube, LiveIndex(kube), ACTION, check_mode=False, wait=True, timeout=5)
    pool.assert_done()
    assert change.action == "unchanged" and live is not None and live["status"] == DONE


def test_check_mode_reads_only():
    kube, pool = session([("GET", BACKUPS, listing("Backup", []))])
    change, live = actions.run(kube, LiveIndex(kube), ACTION, check_mode=True, wait=True, timeout=5)
    pool.assert_done()
    assert (change.action, live) == ("create", None)


def test_a_new_backup_is_applied_once_then_watched_until_completed():
    applied = backup("10")
    kube, pool = session(
        [
            ("GET", BACKUPS, listing("Backup", [])),
            ("PATCH", f"{BACKUPS}/nightly?fieldManager=tridentops&force=true", ok(applied)),
            ("GET", BACKUPS, listing("Backup", [applied], "10")),
            ("GET", f"{BACKUPS}?watch=1&resourceVersion=10", watch(("MODIFIED", backup("11", {"state": "Running"})))),
            ("GET", f"{BACKUPS}?watch=1&resourceVersion=11", watch(("MODIFIED", backup("12", DONE)))),
        ]
    )
    change, live = actions.run(kube, LiveIndex(kube), ACTION, check_mode=False, wait=True, timeout=30)
    pool.assert_done()
    assert change.action == "create" and live is not None and live["status"] == DONE
    assert pool.bodies("PATCH") == [ACTION.object()]


def test_a_failed_backup_of_an_earlier_run_is_reported_without_a_write():
    failed = backup("5", {"state": "Failed", "error": "bucket gone"})
    kube, pool = session([("GET", BACKUPS, listing("Backup", [failed]))])
    with pytest.raises(WaitError, match=r"^Backup shop/nightly Failed: bucket gone \(an earlier run created it"):
        actions.run(kube, LiveIndex(kube), ACTION, check_mode=False, wait=True, timeout=5)
    pool.assert_done()


def test_names_derived_from_the_request_are_stable_and_differ_with_it():
    name = actions.derived_name("shop", BACKUP, SPEC)
    assert name == actions.derived_name("shop", BACKUP, dict(reversed(list(SPEC.items()))))
    assert name != actions.derived_name("shop", BACKUP, {**SPEC, "dataMover": "Restic"})
    assert name.startswith("shop-") and len(name) == len("shop-") + 8


def test_without_protect_the_action_is_refused_after_one_read():
    kube, pool = session([("GET", BACKUPS, not_found("404 page not found"))])
    with pytest.raises(Refusal, match=r"^Trident protect is not installed: this cluster does not serve"):
        actions.run(kube, LiveIndex(kube), ACTION, check_mode=False, wait=True, timeout=5)
    pool.assert_done()


def test_a_restore_of_a_backup_taken_elsewhere_needs_no_read_of_it():
    classes = "/apis/storage.k8s.io/v1/storageclasses"
    kube, pool = session([("GET", classes, listing("StorageClass", [{"metadata": {"name": "fast"}}]))])
    request = RestoreRequest(
        source_kind="Backup",
        source_name=None,
        source_namespace=None,
        app_archive_path="shop_1/backups/nightly_2",
        vault="backups",
        source_namespaces=("shop", "db"),
        namespace_mapping=(("shop", "shop"), ("db", "shop-db")),
        storage_class_mapping=(("gold", "fast"),),
    )
    planned = plan_restore(LiveIndex(kube), request)
    pool.assert_done()
    assert planned.action.kind.kind == "BackupRestore" and planned.action.namespace == "shop"
    assert planned.action.name.startswith("nightly-restore-")
    assert planned.action.spec == {
        "appArchivePath": "shop_1/backups/nightly_2",
        "appVaultRef": "backups",
        "storageClassMapping": [{"source": "gold", "destination": "fast"}],
        "namespaceMapping": [{"source": "shop", "destination": "shop"}, {"source": "db", "destination": "shop-db"}],
    }


def test_a_restore_of_this_clusters_backup_reads_the_backup_and_its_application():
    app = {"metadata": {"name": "shop"}, "spec": {"includedNamespaces": [{"namespace": "shop"}]}}
    script = [("GET", BACKUPS, listing("Backup", [backup("5", DONE)])), ("GET", APPS, listing("Application", [app]))]
    kube, pool = session(list(script))
    request = RestoreRequest("Backup", "nightly", "shop", None, None, namespace_mapping=(("shop", "shop-copy"),))
    planned = plan_restore(LiveIndex(kube), request)
    pool.assert_done()
    assert (planned.action.namespace, planned.destinations, planned.source_namespaces) == (
        "shop-copy",
        ["shop-copy"],
        ["shop"],
    )
    assert planned.action.spec["appArchivePath"] == DONE["appArchivePath"]
    kube, pool = session(list(script))
    with pytest.raises(Refusal, match=r"^namespace_mapping is required to restore into other namespaces"):
        plan_restore(LiveIndex(kube), RestoreRequest("Backup", "nightly", "shop", None, None))
    pool.assert_done()


def stubbed(region: str = "eu-west-1") -> tuple[object, Stubber]:
    client = boto3.client("s3", region_name=region, aws_access_key_id="a", aws_secret_access_key="b")
    return client, Stubber(client)


BUCKET = {"Bucket": "acme-backups"}
AES = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}


def test_a_missing_bucket_is_created_encrypted_versioned_and_private():
    client, stub = stubbed()
    stub.add_client_error("head_bucket", "404", "Not Found", 404, expected_params=BUCKET)
    stub.add_response(
        "create_bucket",
        {"Location": "/acme-backups"},
        {**BUCKET, "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}},
    )
    stub.add_response("put_bucket_encryption", {}, {**BUCKET, "ServerSideEncryptionConfiguration": AES})
    stub.add_response("put_bucket_versioning", {}, {**BUCKET, "VersioningConfiguration": {"Status": "Enabled"}})
    stub.add_response("put_public_access_block", {}, {**BUCKET, "PublicAccessBlockConfiguration": PUBLIC_ACCESS_BLOCK})
    with stub:
        outcome = ensure_bucket(client, "acme-backups", "eu-west-1", None, check_mode=False)
    stub.assert_no_pending_responses()
    assert outcome.changes == ["created", "encryption", "versioning", "public access block"]


def test_a_bucket_already_right_is_only_read():
    client, stub = stubbed()
    stub.add_response("head_bucket", {}, BUCKET)
    stub.add_response("get_bucket_encryption", {"ServerSideEncryptionConfiguration": AES}, BUCKET)
    stub.add_response("get_bucket_versioning", {"Status": "Enabled"}, BUCKET)
    stub.add_response("get_public_access_block", {"PublicAccessBlockConfiguration": PUBLIC_ACCESS_BLOCK}, BUCKET)
    with stub:
        outcome = ensure_bucket(client, "acme-backups", "eu-west-1", None, check_mode=False)
    stub.assert_no_pending_responses()
    assert not outcome.changed


def test_check_mode_on_a_missing_bucket_sends_one_read():
    client, stub = stubbed()
    stub.add_client_error("head_bucket", "404", "Not Found", 404, expected_params=BUCKET)
    with stub:
        outcome = ensure_bucket(client, "acme-backups", "eu-west-1", "alias/backups", check_mode=True)
    stub.assert_no_pending_responses()
    assert outcome.created and outcome.changes == ["created", "encryption", "versioning", "public access block"]


def test_a_bucket_of_someone_else_is_a_clear_error():
    client, stub = stubbed()
    stub.add_client_error("head_bucket", "403", "Forbidden", 403, expected_params=BUCKET)
    with stub, pytest.raises(BucketError, match=r"exists but these credentials may not use it \(403\)"):
        ensure_bucket(client, "acme-backups", "eu-west-1", None, check_mode=False)


def test_the_bucket_client_retries_throttling_like_every_other_aws_call(monkeypatch: pytest.MonkeyPatch):
    """s3_client is the collection's shared AWS client path (_aws/client.py RETRY): a throttled call is retried,
    where a plain boto3 client would fail the task."""
    monkeypatch.setattr("time.sleep", lambda seconds: None)  # RETRY's jittered backoff, without the wait
    client = s3_client({"region": "eu-west-1", "access_key": "a", "secret_key": "b"})
    stub = Stubber(client.client)
    for _attempt in range(2):
        stub.add_client_error(
            "get_bucket_versioning", "ThrottlingException", "Rate exceeded", 400, expected_params=BUCKET
        )
    stub.add_response("get_bucket_versioning", {"Status": "Enabled"}, BUCKET)
    with stub:
        assert client.get_bucket_versioning(**BUCKET)["Status"] == "Enabled"
    stub.assert_no_pending_responses()
