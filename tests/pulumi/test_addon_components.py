"""TridentProtect, NamespaceOnboarding and TridentMonitoring under the mock engine: parity with the shared render
(and with TridentStack), ordering, readiness, args errors, Outputs; and a server-side dry run of what they
declare against the embedded control plane."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml
from harness import UNKNOWN, by_type, kubernetes_objects, one, unknown_output
from test_parity import applied_by_ansible, declared

from tridentops_pulumi import (
    InvalidArgs,
    NamespaceOnboarding,
    TridentMonitoring,
    TridentProtect,
    TridentSnapshotClass,
    TridentStack,
    TridentStorageClass,
)

SPEC_FILE = Path(__file__).resolve().parents[1] / "protect" / "specs" / "addons.yaml"
APPVAULT = "kubernetes:protect.trident.netapp.io/v1:AppVault"
APPLICATION = "kubernetes:protect.trident.netapp.io/v1:Application"
SCHEDULE = "kubernetes:protect.trident.netapp.io/v1:Schedule"
CRD = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition"
NAMESPACE = "kubernetes:core/v1:Namespace"
QUOTA = "kubernetes:core/v1:ResourceQuota"


def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_FILE.read_text())
    return document


def compose(document: dict[str, Any]) -> None:
    """The addons spec from the fine-grained components, as a user composing them would."""
    where = {"stack": document["name"]}
    for sc in document["storage_classes"]:
        TridentStorageClass(sc["name"], {**sc, **where})
    for vsc in document["snapshot_classes"]:
        TridentSnapshotClass(vsc["name"], {**vsc, **where})
    for entry in document["namespaces"]:
        NamespaceOnboarding(entry["name"], {**entry, **where})
    TridentProtect("protect", {**document["protect"], **where})
    TridentMonitoring("monitoring", {**document["monitoring"], "trident_namespace": "trident", **where})


def test_tridentstack_declares_exactly_what_the_stack_module_applies(mocks):
    document = spec()
    registrations = mocks.run(lambda: TridentStack("parity", document))
    assert declared(registrations) == applied_by_ansible(document)


def test_the_three_components_with_the_classes_declare_the_same_objects(mocks):
    document = spec()
    registrations = mocks.run(lambda: compose(document))
    assert declared(registrations) == applied_by_ansible(document)


def test_protect_objects_wait_for_their_crds_namespaces_and_references(mocks):
    registrations = mocks.run(lambda: TridentStack("order", spec()))
    crds = {r.inputs["metadata"]["name"]: r.urn for r in by_type(registrations, CRD)}
    vault, app, schedule = one(registrations, APPVAULT), one(registrations, APPLICATION), one(registrations, SCHEDULE)
    namespaces = {r.inputs["metadata"]["name"]: r.urn for r in by_type(registrations, NAMESPACE)}
    assert {crds["appvaults.protect.trident.netapp.io"], namespaces["trident-protect"]} <= vault.dependencies
    assert {crds["applications.protect.trident.netapp.io"], namespaces["team-a"]} <= app.dependencies
    assert {vault.urn, app.urn, crds["schedules.protect.trident.netapp.io"]} <= schedule.dependencies
    assert namespaces["team-a"] in one(registrations, QUOTA).dependencies
    # The AppVault is ready once protect reached the bucket; the Schedule waits for that.
    assert vault.inputs["metadata"]["annotations"] == {"pulumi.com/waitFor": "jsonpath={.status.state}=Available"}


def test_args_errors_name_the_components_own_args(mocks):
    vault = {"name": "v", "provider": "GenericS3", "bucket": "b-1", "credentials_secret": "k", "endpoint": "s3.lan"}
    bad_protect = {**spec()["protect"], "version": "24.06.0", "vaults": [vault]}
    with pytest.raises(InvalidArgs) as protect_error:
        mocks.run(lambda: TridentProtect("p", bad_protect))
    assert [str(i) for i in protect_error.value.issues] == [
        "version: Trident protect 24.06.0 does not exist: it first shipped with 24.10",
        "schedules[0].vault: 'backups' is not in vaults (v)",
    ]
    with pytest.raises(InvalidArgs) as monitoring_error:
        mocks.run(lambda: TridentMonitoring("m", {"trident_namespace": "Trident", "https": True, "interval": "1 min"}))
    assert [str(i) for i in monitoring_error.value.issues] == [
        "trident_namespace: 'Trident' is not a valid namespace name (lower-case letters, digits and '-'; at most 63)",
        "interval: '1 min' is not a Prometheus duration (e.g. 30s, 5m, 1h)",
    ]
    with pytest.raises(InvalidArgs) as namespace_error:
        mocks.run(lambda: NamespaceOnboarding("n", {"name": "team-b", "storage_quotas": [{"storage_class": "gold"}]}))
    assert [str(i) for i in namespace_error.value.issues] == [
        "storage_quotas[0]: set requests_storage, persistent_volume_claims or both"
    ]


def protect_with_outputs(bucket: pulumi.Output[str]) -> dict[str, Any]:
    vault = {"name": "backups", "provider": "AWS", "bucket": bucket}
    vault["credentials_secret"] = pulumi.Output.from_input("keys-from-a-secret")
    return {"install_method": "external", "vaults": [vault]}


def test_a_bucket_and_secret_name_from_other_resources_land_in_the_appvault(mocks):
    registrations = mocks.run(lambda: TridentProtect("p", protect_with_outputs(pulumi.Output.from_input("made-by-s3"))))
    vault = one(registrations, APPVAULT).inputs["spec"]
    assert vault["providerConfig"]["s3"]["bucketName"] == "made-by-s3"
    assert vault["providerCredentials"]["accessKeyID"]["valueFromSecret"]["name"] == "keys-from-a-secret"
    assert "tridentops-input" not in str([r.inputs for r in registrations])


def test_a_bucket_a_preview_does_not_know_yet_is_unknown_in_the_appvault(preview_mocks):
    registrations = preview_mocks.run(lambda: TridentProtect("p", protect_with_outputs(unknown_output())))
    vault = one(registrations, APPVAULT).inputs["spec"]
    assert vault["providerConfig"]["s3"]["bucketName"] == UNKNOWN
    assert "tridentops-input" not in str([r.inputs for r in registrations])


def test_monitoring_over_https_and_without_alerts(mocks):
    registrations = mocks.run(
        lambda: TridentMonitoring("m", {"https": True, "namespace": "trident", "alerts": {"enabled": False}})
    )
    objects = kubernetes_objects(registrations)
    assert [o["kind"] for o in objects] == ["ServiceMonitor"]
    assert objects[0]["spec"]["endpoints"][0]["port"] == "https-metrics"


@pytest.mark.cluster
def test_every_declared_object_passes_server_side_dry_run(mocks, control_plane, kube_admin):
    from kubernetes import client
    from standin.crds import CRD_DIR, SNAPSHOT_CRDS, apply_crds, wait_established

    from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import connect
    from ansible_collections.tridentops.storage.plugins.module_utils._k8s.diff import drift
    from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession

    session = KubeSession(connect({"kubeconfig": str(control_plane.kubeconfigs["admin"])}))
    apply_crds(kube_admin, CRD_DIR / "prometheus.yaml")
    apply_crds(kube_admin, SNAPSHOT_CRDS)  # the spec has a VolumeSnapshotClass; no earlier suite is assumed
    objects = kubernetes_objects(mocks.run(lambda: TridentStack("dry", spec())))
    # What a dry run of a namespaced object or a custom resource needs: its namespace, its CRD.
    prerequisites = [o for o in objects if o["kind"] in ("Namespace", "CustomResourceDefinition")]
    for obj in [*prerequisites, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "monitoring"}}]:
        session.apply(obj)
    wait_established(
        client.ApiextensionsV1Api(kube_admin),
        [o["metadata"]["name"] for o in prerequisites if o["kind"] == "CustomResourceDefinition"],
    )
    with control_plane.audit.count_writes(users={"admin"}) as writes:
        for obj in objects:
            result = session.apply(obj, dry_run=True)
            assert drift(obj, result) == [], f"{obj['kind']}/{obj['metadata']['name']}"
    assert writes.count == len(objects) and all(event.dry_run for event in writes.events)
