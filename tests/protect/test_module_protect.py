"""The Trident protect modules against the embedded control plane, the protect stand-in and S3 (moto).

In order: without protect every module refuses before writing; protect_install; an AppVault on a bucket the
module creates; an Application; a Schedule; snapshot, backup and restore actions. Each: the happy path with its
wait, a rerun that writes nothing, check mode that writes nothing, refusals with their messages, a timeout.
"""

from __future__ import annotations

import pytest
from helpers import wait_until
from kubernetes import client
from protect_helpers import (
    PROTECT_NS,
    S3_KEYS,
    delete_namespaces,
    ensure_namespace,
    play,
    s3_secret,
    without_protect,
)
from standin.protect import ProtectScenario

pytestmark = pytest.mark.cluster
APP_NS = "shop"
COPY_NS = "shop-copy"
BUCKET = "tridentops-protect-tests"
GROUP = "protect.trident.netapp.io"


@pytest.fixture(scope="module", autouse=True)
def environment(kube_admin, protect_standin):
    """No protect installed; namespace shop with an application (and an object outside it); classes."""
    without_protect(kube_admin, APP_NS, COPY_NS, "shop-inplace")
    core, storage = client.CoreV1Api(kube_admin), client.StorageV1Api(kube_admin)
    ensure_namespace(kube_admin, APP_NS)
    shop = {"app": "shop"}
    core.create_namespaced_config_map(APP_NS, {"metadata": {"name": "settings", "labels": shop}, "data": {"a": "1"}})
    core.create_namespaced_config_map(APP_NS, {"metadata": {"name": "unrelated"}, "data": {"b": "2"}})
    core.create_namespaced_secret(APP_NS, {"metadata": {"name": "db", "labels": shop}, "data": {"pw": "czNjcjN0"}})
    core.create_namespaced_persistent_volume_claim(
        APP_NS,
        {
            "metadata": {"name": "data", "labels": shop},
            "spec": {
                "storageClassName": "gold",
                "accessModes": ["ReadWriteOnce"],
                "resources": {"requests": {"storage": "1Gi"}},
            },
        },
    )
    for name in ("gold", "bronze"):
        try:
            # Not Trident's provisioner: nothing in the test session provisions these claims.
            storage.create_storage_class({"metadata": {"name": name}, "provisioner": "tridentops.test/none"})
        except client.exceptions.ApiException as error:
            if error.status != 409:
                raise
    yield
    delete_namespaces(kube_admin, APP_NS, COPY_NS, "shop-inplace")
    for name in ("gold", "bronze"):
        storage.delete_storage_class(name)


def vault_args(moto_s3: str, **extra) -> dict:
    return {
        "name": "backups",
        "provider": "AWS",
        "bucket": BUCKET,
        "region": "eu-west-1",
        "endpoint": moto_s3,
        "secure": False,
        "credentials_secret": "s3-keys",
        **extra,
    }


def bucket_args(moto_s3: str) -> dict:
    return {
        "create_bucket": True,
        "aws_endpoint_url": f"http://{moto_s3}",
        "aws_access_key": S3_KEYS["accessKeyID"],
        "aws_secret_key": S3_KEYS["secretAccessKey"],
    }


APP = {
    "name": "shop",
    "namespace": APP_NS,
    "included_namespaces": [{"namespace": APP_NS, "match_labels": {"app": "shop"}}],
}
INVENTORY = {
    APP_NS: {
        "persistent_volume_claims": [{"name": "data", "storage_class": "gold"}],
        "config_maps": ["settings"],
        "secrets": ["db"],
    }
}
NOT_INSTALLED = (
    "Trident protect is not installed: this cluster does not serve protect.trident.netapp.io/v1 {} "
    "(install it with tridentops.storage.protect_install, or its Helm chart, first); nothing was changed"
)


def test_without_protect_every_module_refuses_before_writing(ansible, moto_s3, kube_admin):
    s3_secret(kube_admin)
    with ansible.writes() as writes:
        vault, app, backup = play(
            ansible,
            ("protect_vault", vault_args(moto_s3)),
            ("protect_app", APP),
            ("protect_backup", {"namespace": APP_NS, "application": "shop", "vault": "backups"}),
        )
    assert vault["failed"] and vault["msg"] == NOT_INSTALLED.format("AppVault")
    assert app["failed"] and app["msg"] == NOT_INSTALLED.format("Application")
    assert backup["failed"] and backup["msg"] == NOT_INSTALLED.format("Application")
    assert writes.count == 0, writes.events


def test_install_applies_the_pinned_chart_objects_and_waits_for_the_crds_and_controller(ansible, kube_admin):
    result = ansible.module("protect_install", cluster_name="test-a", version="26.06.0")
    assert result["changed"] and not result.get("failed"), result
    kinds = [o["kind"] for o in result["objects"]]
    assert kinds.count("CustomResourceDefinition") == 15
    assert result["protect"] == {
        "namespace": PROTECT_NS,
        "version": "26.06.0",
        "chart_version": "100.2606.0",
        "controller_image": "docker.io/netapp/controller:26.06.0",
    }
    apps = client.AppsV1Api(kube_admin)
    deployment = apps.read_namespaced_deployment("trident-protect-controller-manager", PROTECT_NS)
    assert deployment.spec.template.spec.containers[0].image == "docker.io/netapp/controller:26.06.0"


def test_install_rerun_writes_nothing_and_check_mode_only_reads(ansible):
    with ansible.writes() as writes:
        again, upgrade = play(
            ansible,
            ("protect_install", {"cluster_name": "test-a", "version": "26.06.0"}),
            ("protect_install", {"cluster_name": "test-a", "version": "26.06.1"}, {"check_mode": True}),
        )
    assert again["changed"] is False
    assert upgrade["changed"] is True
    updated = {o["kind"]: o["fields"] for o in upgrade["objects"] if o["action"] == "update"}
    # The chart label on the controller's objects, and the controller's image.
    assert set(updated) == {"ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment"}
    assert "spec.template.spec.containers[0].image" in updated["Deployment"]
    assert writes.count == 0, writes.events


def test_vault_creates_an_encrypted_versioned_private_bucket_and_waits_until_available(ansible, moto_s3, s3):
    result = ansible.module("protect_vault", **vault_args(moto_s3), **bucket_args(moto_s3))
    assert result["changed"] and not result.get("failed"), result
    assert result["bucket"] == {
        "name": BUCKET,
        "region": "eu-west-1",
        "created": True,
        "changes": ["created", "encryption", "versioning", "public access block"],
    }
    assert result["vault"] == {"name": "backups", "namespace": PROTECT_NS, "state": "Available"}
    rules = s3.get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"
    assert all(s3.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"].values())
    assert S3_KEYS["secretAccessKey"] not in str(result)


def test_vault_rerun_writes_nothing_anywhere_and_check_mode_reads_only(ansible, moto_s3):
    with ansible.writes() as writes:
        again, check = play(
            ansible,
            ("protect_vault", {**vault_args(moto_s3), **bucket_args(moto_s3)}),
            ("protect_vault", vault_args(moto_s3, skip_cert_validation=True), {"check_mode": True}),
        )
    assert again["changed"] is False and again["bucket"]["changes"] == []
    assert again["vault"]["state"] == "Available"
    assert check["changed"] is True
    assert [o["fields"] for o in check["objects"]] == [["spec.providerConfig.s3.skipCertValidation"]]
    assert writes.count == 0, writes.events


def test_vault_refusals_and_protects_own_error(ansible, moto_s3, kube_admin):
    client.CoreV1Api(kube_admin).create_namespaced_secret(
        PROTECT_NS, {"metadata": {"name": "half"}, "data": {"accessKeyID": "eA=="}}
    )
    with ansible.writes() as writes:
        missing, half = play(
            ansible,
            ("protect_vault", vault_args(moto_s3, name="other", credentials_secret="nope")),
            ("protect_vault", vault_args(moto_s3, name="other", credentials_secret="half")),
        )
    assert missing["msg"] == (
        "credentials_secret: Secret trident-protect/nope does not exist; create it first; nothing was changed"
    )
    assert half["msg"] == (
        "credentials_secret: Secret trident-protect/half has no key secretAccessKey (provider AWS reads "
        "accessKeyID, secretAccessKey); nothing was changed"
    )
    assert writes.count == 0, writes.events
    # A bucket protect cannot reach: the task fails with what protect reports.
    unreachable = ansible.module(
        "protect_vault", wait_timeout=30, **vault_args(moto_s3, name="nobucket", bucket="not-there")
    )
    assert unreachable["msg"].startswith("AppVault nobucket is Error: "), unreachable
    assert "Not Found" in unreachable["msg"] or "NoSuchBucket" in unreachable["msg"]


def test_vault_timeout_names_the_last_state(ansible, moto_s3, protect_scenario: ProtectScenario):
    protect_scenario.set("AppVault", "slow", ProtectScenario.HOLD)
    result = ansible.module("protect_vault", wait_timeout=2, **vault_args(moto_s3, name="slow"))
    assert result["msg"] == "timed out after 2 s waiting for Trident (AppVault slow: state not reported yet)"


def test_app_defines_the_application_and_reports_what_its_selectors_select(ansible, kube_admin):
    result = ansible.module("protect_app", **APP)
    assert result["changed"] and result["resources"] == INVENTORY, result
    objects = client.CustomObjectsApi(kube_admin)
    app = objects.get_namespaced_custom_object(GROUP, "v1", APP_NS, "applications", "shop")
    assert app["spec"]["includedNamespaces"] == [
        {"namespace": APP_NS, "labelSelector": {"matchLabels": {"app": "shop"}}}
    ]
    with ansible.writes() as writes:
        again, check = play(
            ansible, ("protect_app", APP), ("protect_app", {**APP, "included_namespaces": []}, {"check_mode": True})
        )
    assert again["changed"] is False
    # Dropping the selector is a change, although the item keeps its namespace: the list is replaced whole.
    assert check["changed"] is True and check["objects"][0]["fields"] == ["spec.includedNamespaces[0].labelSelector"]
    assert writes.count == 0, writes.events


def test_schedule_refusals_come_before_any_write(ansible):
    weekly = {"name": "weekly", "namespace": APP_NS, "application": "shop", "vault": "backups", "minute": 0}
    with ansible.writes() as writes:
        mismatch, unknown_vault = play(
            ansible,
            (
                "protect_schedule",
                {**weekly, "granularity": "Weekly", "recurrence_rule": "DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY"},
            ),
            ("protect_schedule", {**weekly, "granularity": "Hourly", "vault": "elsewhere"}),
        )
    assert mismatch["msg"] == (
        "invalid input, nothing was changed: hour: is required with granularity Weekly; day_of_week: is required "
        "with granularity Weekly; recurrence_rule: does not apply to granularity Weekly (it uses minute, hour, "
        "day_of_week)"
    )
    assert unknown_vault["msg"] == (
        "AppVault elsewhere does not exist in trident-protect (AppVaults there: backups, nobucket, slow); create it "
        "with tridentops.storage.protect_vault first; nothing was changed"
    )
    assert writes.count == 0


def test_schedule_is_created_once(ansible, kube_admin):
    args = {"name": "nightly", "namespace": APP_NS, "application": "shop", "vault": "backups"}
    args |= {"granularity": "Daily", "hour": 2, "minute": 30, "backup_retention": 7}
    with ansible.writes() as writes:
        first, again = play(ansible, ("protect_schedule", args), ("protect_schedule", args))
    assert first["changed"] and again["changed"] is False
    assert [e.verb for e in writes.events] == ["patch"], "one server-side apply, then nothing"
    objects = client.CustomObjectsApi(kube_admin)
    schedule = objects.get_namespaced_custom_object(GROUP, "v1", APP_NS, "schedules", "nightly")
    spec = schedule["spec"]
    assert (spec["granularity"], spec["hour"], spec["minute"], spec["backupRetention"]) == ("Daily", "2", "30", "7")


def test_snapshot_waits_for_completed_and_a_rerun_reports_it_without_writing(ansible):
    args = {"name": "before-upgrade", "namespace": APP_NS, "application": "shop", "vault": "backups"}
    with ansible.writes() as check_writes:
        check = ansible.module("protect_snapshot", check=True, **args)
    assert check["changed"] is True and check_writes.count == 0
    with ansible.writes() as writes:
        first, again = play(ansible, ("protect_snapshot", args), ("protect_snapshot", args))
    assert first["changed"] and first["snapshot"]["state"] == "Completed", first
    assert first["snapshot"]["app_archive_path"].startswith("shop_")
    assert again["changed"] is False and again["snapshot"] == first["snapshot"]
    assert [e.verb for e in writes.events] == ["patch"], "created once"


def test_backup_completes_with_what_a_restore_elsewhere_needs(ansible, s3):
    result = ansible.module("protect_backup", name="nightly-1", namespace=APP_NS, application="shop", vault="backups")
    backup = result["backup"]
    assert result["changed"] and backup["state"] == "Completed", result
    assert backup["app_archive_path"].startswith("shop_") and "/backups/nightly-1_" in backup["app_archive_path"]
    assert (backup["vault"], backup["application"], backup["namespaces"]) == ("backups", "shop", [APP_NS])
    assert backup["resources"] == INVENTORY
    # The archive really is in the bucket (the stand-in wrote it there, as protect's controller would).
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"{backup['app_archive_path']}/resources.json" in keys


def test_backup_reruns_check_mode_and_derived_names(ansible):
    args = {"namespace": APP_NS, "application": "shop", "vault": "backups"}
    with ansible.writes() as writes:
        again, new, conflicting = play(
            ansible,
            ("protect_backup", {"name": "nightly-1", **args}),
            ("protect_backup", {"name": "nightly-2", **args}, {"check_mode": True}),
            ("protect_backup", {"name": "nightly-1", **args, "data_mover": "Restic"}),
        )
    assert again["changed"] is False and again["backup"]["state"] == "Completed"
    assert new["changed"] is True and [o["action"] for o in new["objects"]] == ["create"]
    assert conflicting["msg"] == (
        "Backup shop/nightly-1 already exists and asks for something else (spec.dataMover differ); actions are "
        "one-shot: give another name for a new one; nothing was changed"
    )
    assert writes.count == 0, writes.events
    derived, rerun = play(ansible, ("protect_backup", args), ("protect_backup", args))
    assert derived["changed"] and derived["backup"]["name"].startswith("shop-")
    assert rerun["changed"] is False and rerun["backup"]["name"] == derived["backup"]["name"]


def test_a_failed_backup_fails_the_task_and_a_rerun_reports_the_same_failure(ansible, protect_scenario):
    protect_scenario.set("Backup", "doomed", ProtectScenario.failed("kopia: repository is full"))
    args = {"name": "doomed", "namespace": APP_NS, "application": "shop", "vault": "backups"}
    with ansible.writes() as writes:
        first, again = play(ansible, ("protect_backup", args), ("protect_backup", args))
    assert first["msg"] == "Backup shop/doomed Failed: kopia: repository is full"
    assert again["msg"] == (
        "Backup shop/doomed Failed: kopia: repository is full (an earlier run created it; delete it or give another "
        "name to try again)"
    )
    assert [e.verb for e in writes.events] == ["patch"], "the rerun wrote nothing"


def test_backup_timeout_names_the_last_state(ansible, protect_scenario):
    protect_scenario.set("Backup", "stuck", ProtectScenario.HOLD)
    result = ansible.module(
        "protect_backup", name="stuck", namespace=APP_NS, application="shop", vault="backups", wait_timeout=3
    )
    assert result["msg"] == "timed out after 3 s waiting for Trident (Backup stuck: state Running)"


def test_restore_into_another_namespace_maps_namespaces_and_classes(ansible, kube_admin):
    args = {
        "backup": "nightly-1",
        "source_namespace": APP_NS,
        "namespace_mapping": [{"source": APP_NS, "destination": COPY_NS}],
        "storage_class_mapping": [{"source": "gold", "destination": "bronze"}],
    }
    with ansible.writes() as writes:
        check = ansible.module("protect_restore", check=True, **args)
    assert check["changed"] and [(o["kind"], o["action"]) for o in check["objects"]] == [
        ("Namespace", "create"),
        ("BackupRestore", "create"),
    ]
    assert writes.count == 0
    with ansible.writes() as writes:
        result, again = play(ansible, ("protect_restore", args), ("protect_restore", args))
    assert result["restore"]["kind"] == "BackupRestore" and result["restore"]["state"] == "Completed", result
    assert result["restored"] == {
        COPY_NS: {
            "persistent_volume_claims": [{"name": "data", "storage_class": "bronze"}],
            "config_maps": ["settings"],
            "secrets": ["db"],
        }
    }
    assert again["changed"] is False and again["restore"]["state"] == "Completed"
    assert [e.resource for e in writes.events] == ["namespaces", "backuprestores.protect.trident.netapp.io"]
    objects = client.CustomObjectsApi(kube_admin)
    restore = objects.get_namespaced_custom_object(GROUP, "v1", COPY_NS, "backuprestores", result["restore"]["name"])
    assert restore["spec"]["namespaceMapping"] == [{"source": APP_NS, "destination": COPY_NS}]
    assert restore["spec"]["storageClassMapping"] == [{"source": "gold", "destination": "bronze"}]


def test_restore_checks_the_mappings_before_writing(ansible):
    source = {"backup": "nightly-1", "source_namespace": APP_NS}
    with ansible.writes() as writes:
        bad_class, onto_itself, unfinished, unmapped = play(
            ansible,
            (
                "protect_restore",
                {
                    **source,
                    "namespace_mapping": [{"source": APP_NS, "destination": "x"}],
                    "storage_class_mapping": [{"source": "gold", "destination": "platinum"}],
                },
            ),
            ("protect_restore", {**source, "namespace_mapping": [{"source": APP_NS, "destination": APP_NS}]}),
            (
                "protect_restore",
                {
                    "backup": "stuck",
                    "source_namespace": APP_NS,
                    "namespace_mapping": [{"source": APP_NS, "destination": "y"}],
                },
            ),
            ("protect_restore", {**source, "namespace_mapping": [{"source": "other", "destination": "z"}]}),
        )
    assert bad_class["msg"] == (
        "storage_class_mapping: StorageClass platinum does not exist on this cluster (it has: bronze, gold); "
        "nothing was changed"
    )
    assert onto_itself["msg"] == (
        "namespace_mapping: shop would be restored onto itself on this cluster (use in_place: true for that); "
        "nothing was changed"
    )
    assert unfinished["msg"] == (
        "Backup shop/stuck is Running, not Completed: there is nothing to restore yet; nothing was changed"
    )
    assert unmapped["msg"] == (
        "namespace_mapping: other not in the application's namespaces (shop); the application's namespace(s) shop "
        "are not mapped; nothing was changed"
    )
    assert writes.count == 0


def test_in_place_restore_from_a_snapshot_brings_back_a_deleted_object(ansible, kube_admin):
    core = client.CoreV1Api(kube_admin)
    core.delete_namespaced_config_map("settings", APP_NS)
    result = ansible.module("protect_restore", snapshot="before-upgrade", source_namespace=APP_NS, in_place=True)
    assert result["restore"]["kind"] == "SnapshotInplaceRestore" and result["restore"]["state"] == "Completed", result
    wait_until(lambda: core.read_namespaced_config_map("settings", APP_NS).data == {"a": "1"}, what="settings restored")


def test_uninstall_keeps_the_crds_and_every_protect_resource(ansible, kube_admin):
    with ansible.writes() as writes:
        result, again = play(
            ansible, ("protect_install", {"state": "absent"}), ("protect_install", {"state": "absent"})
        )
    assert sorted(o["kind"] for o in result["objects"]) == [
        "ClusterRole",
        "ClusterRoleBinding",
        "Deployment",
        "ServiceAccount",
    ]
    assert again["changed"] is False
    assert writes.count == 4
    backups = client.CustomObjectsApi(kube_admin).list_namespaced_custom_object(GROUP, "v1", APP_NS, "backups")
    assert "nightly-1" in {b["metadata"]["name"] for b in backups["items"]}
