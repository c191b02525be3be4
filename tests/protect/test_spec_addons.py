"""The spec's protect, monitoring and namespaces sections: validation (every error at once, with paths), checks
across sections, and what they render (no cluster)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import SpecError, load, render, validate
from ansible_collections.tridentops.storage.plugins.module_utils.spec.quantity import canonical
from ansible_collections.tridentops.storage.plugins.module_utils.spec.yamlio import dump_all

SPEC = yaml.safe_load((Path(__file__).parent / "specs" / "addons.yaml").read_text())


def addons(document: dict) -> dict:
    return {o["kind"] + "/" + o["metadata"]["name"]: o for o in render(load(document)).stages[-1].objects}


def errors(document: dict) -> list[str]:
    return [str(i) for i in validate(document)[1] if i.severity == "error"]


def test_the_addons_stage_comes_after_the_classes_and_waits_for_protect():
    stages = render(load(SPEC)).stages
    assert [(s.name, s.wait) for s in stages][-2:] == [("classes", None), ("addons", "protect-ready")]
    kinds = [o["kind"] for o in stages[-1].objects]
    # Namespaces first; protect's CRDs before its resources; Schedules after what they name.
    assert kinds.index("Namespace") == 0
    assert kinds.index("CustomResourceDefinition") < kinds.index("AppVault") < kinds.index("Schedule")
    assert kinds.index("Application") < kinds.index("Schedule")


def test_a_spec_without_addons_renders_the_three_stages_it_always_did():
    plain = {k: v for k, v in SPEC.items() if k not in ("namespaces", "protect", "monitoring")}
    assert [s.name for s in render(load(plain)).stages] == ["trident", "backends", "classes"]


def test_rendering_is_deterministic():
    assert dump_all(render(load(SPEC)).objects) == dump_all(render(load(copy.deepcopy(SPEC))).objects)


def test_team_namespace_quota_per_class_in_the_api_servers_canonical_form():
    objects = addons(SPEC)
    quota = objects["ResourceQuota/tridentops-storage"]
    assert quota["metadata"]["namespace"] == "team-a"
    assert quota["spec"]["hard"] == {
        "gold.storageclass.storage.k8s.io/persistentvolumeclaims": "10",
        "gold.storageclass.storage.k8s.io/requests.storage": "1Ti",  # written 1024Gi
        "bronze.storageclass.storage.k8s.io/persistentvolumeclaims": "0",
        "persistentvolumeclaims": "25",
        "requests.storage": "1536Gi",  # written 1.5Ti
    }
    limits = objects["LimitRange/tridentops-limits"]["spec"]["limits"]
    assert limits == [
        {"type": "PersistentVolumeClaim", "min": {"storage": "1Gi"}, "max": {"storage": "500Gi"}},
        # The default request is what the API server would fill in from the default limit.
        {
            "type": "Container",
            "default": {"cpu": "500m", "memory": "1Gi"},
            "defaultRequest": {"cpu": "500m", "memory": "1Gi"},
        },
    ]
    binding = objects["RoleBinding/tridentops-team"]
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"}
    assert [s["name"] for s in binding["subjects"]] == ["team-a-devs"]
    namespace = objects["Namespace/team-a"]
    assert namespace["metadata"]["annotations"] == {
        "tridentops.io/default-snapshot-class": "trident-snapshots",
        "tridentops.io/storage-classes": "bronze,gold",
    }
    assert namespace["metadata"]["labels"]["tridentops.io/stack"] == "shop"


@pytest.mark.parametrize(
    ("written", "stored"),
    [("1024Mi", "1Gi"), ("1.5Gi", "1536Mi"), ("1000M", "1G"), ("1500M", "1500M"), ("0.5", "500m"), ("1.5Mi", "1536Ki")],
)
def test_quantities_are_written_as_the_api_server_stores_them(written, stored):
    assert canonical(written) == stored


def test_protect_renders_the_pinned_install_and_the_vault_application_schedule():
    objects = addons(SPEC)
    deployment = objects["Deployment/trident-protect-controller-manager"]
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "docker.io/netapp/controller:26.06.0"
    assert {"name": "CLUSTER_NAME", "value": "prod-a"} in container["env"]
    assert deployment["metadata"]["labels"]["helm.sh/chart"] == "trident-protect-100.2606.0"
    vault = objects["AppVault/backups"]
    assert vault["metadata"]["namespace"] == "trident-protect"
    assert vault["spec"] == {
        "providerType": "AWS",
        "providerConfig": {
            "s3": {
                "bucketName": "acme-prod-a-backups",
                "endpoint": "s3.eu-west-1.amazonaws.com",
                "secure": "true",
                "skipCertValidation": "false",
            }
        },
        "providerCredentials": {
            "accessKeyID": {"valueFromSecret": {"name": "s3-keys", "key": "accessKeyID"}},
            "secretAccessKey": {"valueFromSecret": {"name": "s3-keys", "key": "secretAccessKey"}},
        },
    }
    app = objects["Application/shop"]
    assert app["metadata"]["namespace"] == "team-a"
    assert app["spec"]["includedNamespaces"] == [
        {"namespace": "team-a", "labelSelector": {"matchLabels": {"app": "shop"}}},
        {
            "namespace": "shared-db",
            "labelSelector": {"matchExpressions": [{"key": "owner", "operator": "In", "values": ["shop"]}]},
        },
    ]
    schedule = objects["Schedule/nightly"]
    assert schedule["metadata"]["namespace"] == "team-a", "a Schedule lives with its application"
    assert schedule["spec"] == {
        "appVaultRef": "backups",
        "applicationRef": "shop",
        "backupReclaimPolicy": "Retain",
        "backupRetention": "7",
        "dataMover": "Kopia",
        "enabled": True,
        "granularity": "Daily",
        "hour": "2",
        "minute": "30",
        "snapshotReclaimPolicy": "Delete",
        "snapshotRetention": "3",
    }


def test_a_vault_reached_with_iam_names_no_secret():
    document = copy.deepcopy(SPEC)
    document["protect"]["vaults"][0] = {
        "name": "backups",
        "provider": "AWS",
        "bucket": "acme-prod-a-backups",
        "use_iam": True,
    }
    vault = addons(document)["AppVault/backups"]["spec"]
    assert "providerCredentials" not in vault
    assert vault["providerConfig"]["s3"]["useIAM"] is True
    assert vault["providerConfig"]["s3"]["endpoint"] == "s3.amazonaws.com"


def test_external_protect_renders_no_installation():
    document = copy.deepcopy(SPEC)
    document["protect"] = {**document["protect"], "install_method": "external"}
    document["protect"].pop("cluster_name")
    kinds = {k.split("/")[0] for k in addons(document)}
    assert not kinds & {"CustomResourceDefinition", "Deployment", "ClusterRole"}
    assert {"AppVault", "Application", "Schedule"} <= kinds


def test_servicemonitor_scrapes_trident_csi_over_http_or_https_as_the_trident_section_says():
    monitor = addons(SPEC)["ServiceMonitor/trident-metrics"]
    assert monitor["metadata"]["namespace"] == "monitoring"
    assert monitor["metadata"]["labels"]["release"] == "prom-operator"
    assert monitor["spec"]["selector"] == {"matchLabels": {"app": "controller.csi.trident.netapp.io"}}
    assert monitor["spec"]["namespaceSelector"] == {"matchNames": ["trident"]}
    assert monitor["spec"]["endpoints"] == [{"port": "metrics", "path": "/metrics", "interval": "30s"}]
    https = copy.deepcopy(SPEC)
    https["trident"]["metrics"] = {"https": True}
    spec, found = validate(https)
    assert spec is not None
    assert [str(i) for i in found if i.severity == "warning"] == [
        "monitoring.tls_secret: HTTPS metrics: prometheus-operator reads the client certificate from Secret "
        "trident-csi in namespace monitoring; copy Trident's Secret trident-csi (keys caCert, clientCert, "
        "clientKey) from trident there"
    ]
    endpoint = addons(https)["ServiceMonitor/trident-metrics"]["spec"]["endpoints"][0]
    assert endpoint["port"] == "https-metrics" and endpoint["scheme"] == "https"
    assert endpoint["tlsConfig"]["keySecret"] == {"name": "trident-csi", "key": "clientKey"}
    assert endpoint["tlsConfig"]["serverName"] == "trident-csi"


def test_alert_rules_use_tridents_metrics_and_the_spec_limits():
    rules = {r["alert"]: r for r in addons(SPEC)["PrometheusRule/trident-alerts"]["spec"]["groups"][0]["rules"]}
    assert set(rules) == {
        "TridentMetricsDown",
        "TridentBackendNotOnline",
        "TridentOperationsFailing",
        "TridentVolumeCountNearLimit",
        "TridentCapacityNearLimit",
    }
    scope = 'namespace="trident", job="trident-csi"'
    assert rules["TridentBackendNotOnline"]["expr"] == (
        f'sum by (backend_type, backend_state) (trident_backend_count{{{scope}, backend_state!="online"}}) > 0'
    )
    assert rules["TridentBackendNotOnline"]["labels"] == {"severity": "critical", "team": "storage"}
    # 80% of 500 volumes, 80% of 10Ti in bytes
    assert "(sum by (backend_uuid) (trident_volume_count{" in rules["TridentVolumeCountNearLimit"]["expr"]
    assert "> 400)" in rules["TridentVolumeCountNearLimit"]["expr"]
    assert f"> {10 * 1024**4 * 80 // 100})" in rules["TridentCapacityNearLimit"]["expr"]
    assert 'success="false"}[15m])) >= 3' in rules["TridentOperationsFailing"]["expr"]
    no_limits = copy.deepcopy(SPEC)
    no_limits["monitoring"]["alerts"] = {}
    names = {r["alert"] for r in addons(no_limits)["PrometheusRule/trident-alerts"]["spec"]["groups"][0]["rules"]}
    assert names == {"TridentMetricsDown", "TridentBackendNotOnline", "TridentOperationsFailing"}


def test_every_error_of_the_new_sections_at_once_with_its_path():
    bad = copy.deepcopy(SPEC)
    bad["namespaces"][0]["storage_quotas"][0]["storage_class"] = "platinum"
    bad["namespaces"][0]["storage_quotas"].append({"storage_class": "gold", "requests_storage": "1.5"})
    bad["namespaces"][0]["default_snapshot_class"] = "nope"
    bad["namespaces"].append({"name": "trident"})
    bad["protect"]["vaults"].append({"name": "azure", "provider": "Azure", "bucket": "x"})
    bad["protect"]["schedules"][0].update(granularity="Weekly", recurrence_rule="RRULE:FREQ=DAILY")
    bad["protect"]["schedules"].append(
        {"name": "hourly", "application": "shop2", "vault": "nowhere", "granularity": "Hourly", "minute": 5}
    )
    bad["protect"]["schedules"].append(
        {"name": "often", "application": "shop", "vault": "backups", "granularity": "Hourly", "minute": 75}
    )
    bad["monitoring"]["interval"] = "30 seconds"
    assert errors(bad) == [
        "namespaces[0].storage_quotas[2].requests_storage: '1.5' is not a whole number of bytes",
        "protect.vaults[1].bucket: 'x' is not a valid bucket name (3 to 63 lower-case letters, digits, '.' and '-')",
        "protect.vaults[1].credentials_secret: is required: the Secret with the provider's keys",
        "protect.vaults[1].account_name: is required for provider Azure",
        "protect.schedules[0].day_of_week: is required with granularity Weekly",
        "protect.schedules[0].recurrence_rule: does not apply to granularity Weekly (it uses minute, hour, "
        "day_of_week)",
        "protect.schedules[2].minute: 75 is out of range; Trident protect accepts 0 to 59",
        # Checks across entries run over the valid ones, in the same pass; a reference to an entry with
        # errors (the Azure vault) is not reported again.
        "protect.schedules[1].application: 'shop2' is not in applications (shop)",
        "monitoring.interval: '30 seconds' is not a Prometheus duration (e.g. 30s, 5m, 1h)",
        "namespaces[0].storage_quotas[0].storage_class: 'platinum' is not in storage_classes (bronze, gold)",
        "namespaces[0].default_snapshot_class: 'nope' is not in snapshot_classes (trident-snapshots)",
        "namespaces[1].name: 'trident' is Trident's namespace",
    ]
    with pytest.raises(SpecError) as raised:
        load(bad)
    assert len(raised.value.issues) == 12


def test_quotas_of_a_spec_without_classes_only_warn_the_classes_live_elsewhere():
    partial = {"name": "teams", "namespaces": [SPEC["namespaces"][0]]}
    spec, found = validate(partial)
    assert spec is not None
    assert [str(i) for i in found] == [
        "namespaces[0].storage_quotas[0].storage_class: 'gold' is not a class of this spec (it defines no "
        "storage_classes); it must exist in the cluster",
        "namespaces[0].storage_quotas[1].storage_class: 'bronze' is not a class of this spec (it defines no "
        "storage_classes); it must exist in the cluster",
        "namespaces[0].default_snapshot_class: 'trident-snapshots' is not a class of this spec (it defines no "
        "snapshot_classes); it must exist in the cluster",
    ]


def test_protect_release_and_install_rules():
    bad = copy.deepcopy(SPEC)
    bad["protect"].update(version="24.06.0")
    bad["protect"].pop("cluster_name")
    assert errors(bad) == [
        "protect.version: Trident protect 24.06.0 does not exist: it first shipped with 24.10",
        "protect.cluster_name: is required with install_method manifests (the chart's clusterName)",
    ]


def test_an_application_includes_its_own_namespace():
    bad = copy.deepcopy(SPEC)
    bad["protect"]["applications"][0]["included_namespaces"] = [{"namespace": "shared-db"}, {"namespace": "shared-db"}]
    assert errors(bad) == [
        "protect.applications[0].included_namespaces: must include the application's own namespace 'team-a' "
        "(Trident protect requires it)",
        "protect.applications[0].included_namespaces[1]: namespace 'shared-db' is already listed; put all its "
        "selectors in one entry",
    ]
