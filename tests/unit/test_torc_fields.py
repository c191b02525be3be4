"""Every field of Trident's TridentOrchestratorSpec is expressible in the spec's trident section, validated as
the operator validates it, gated by the release that added it, and left out of the object unless the spec sets it.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from torc_fields import ALL_FIELDS, UPSTREAM_TORC_FIELDS

from tridentops_pulumi.spec import facts
from tridentops_pulumi.spec.api import validate
from tridentops_pulumi.spec.render_trident import images, operator_deployment, orchestrator
from tridentops_pulumi.spec.stack import StorageSpec
from tridentops_pulumi.spec.trident import TORC_FIELDS, TridentSpec

# Fields each release's TridentOrchestratorSpec adds over the one before (types.go at v24.06.0 ... v26.06.0);
# patch tags add none.
ADDED_IN = {
    "24.10": {"k8sAPIQPS", "nodePrep"},
    "25.02": {"enableAutoBackendConfig"},
    "25.06": {"enableConcurrency", "excludeAutosupport", "fsGroupPolicy", "skipCRDsToObliviate"},
    "25.10": {"hostNetwork", "httpsMetrics", "resources"},
    "26.02": set(),
    "26.06": set(),
}


def spec_with(trident: dict[str, Any]) -> tuple[StorageSpec | None, list[Any]]:
    return validate({"name": "torc", "trident": trident})


def errors(trident: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((i.path, i.message) for i in spec_with(trident)[1] if i.severity == "error")


def warnings(trident: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((i.path, i.message) for i in spec_with(trident)[1] if i.severity == "warning")


def torc(trident: dict[str, Any]) -> dict[str, Any]:
    spec, issues = spec_with(trident)
    assert spec is not None, [str(i) for i in issues]
    return orchestrator(spec.trident, {})["spec"]


def trident_of(trident: dict[str, Any]) -> TridentSpec:
    spec, issues = spec_with(trident)
    assert spec is not None, [str(i) for i in issues]
    return spec.trident


# ----- every upstream field -------------------------------------------------------------------------------------
def test_the_upstream_field_list_has_the_46_fields_of_26_06():
    assert len(UPSTREAM_TORC_FIELDS) == 46
    assert len(set(UPSTREAM_TORC_FIELDS)) == 46


def test_every_upstream_field_has_a_spec_field():
    assert sorted(TORC_FIELDS) == sorted(UPSTREAM_TORC_FIELDS)


def test_a_spec_setting_every_field_is_valid_and_renders_every_upstream_key():
    spec, issues = spec_with(ALL_FIELDS)
    assert spec is not None
    assert [i for i in issues if i.severity == "error"] == []
    rendered = orchestrator(spec.trident, {})["spec"]
    assert sorted(rendered) == sorted(UPSTREAM_TORC_FIELDS)


@pytest.mark.parametrize("key", UPSTREAM_TORC_FIELDS)
def test_each_upstream_field_renders_from_the_spec_field_that_sets_it(key: str):
    # Only the field's own spec path set (plus what a field needs to be valid): the key appears, with the value.
    path = TORC_FIELDS[key]
    value = _get(ALL_FIELDS, path)
    trident: dict[str, Any] = {"version": "26.06.0"}
    if key == "cloudIdentity":
        trident["cloud_provider"] = "Azure"
    _set(trident, path, copy.deepcopy(value))
    rendered = torc(trident)
    assert key in rendered
    assert rendered[key] == EXPECTED[key]
    # Nothing else but the namespace, always written.
    assert set(rendered) - {key, "namespace", "cloudProvider"} == set()


def test_a_spec_that_sets_nothing_renders_only_the_namespace():
    assert torc({}) == {"namespace": "trident"}


def test_explicit_false_values_are_written_so_adoption_keeps_them():
    rendered = torc(
        {
            "windows": False,
            "enable_force_detach": False,
            "autosupport": {"enabled": True, "exclude": False, "insecure": False},
            "metrics": {"https": False},
            "disable_audit_log": True,
            "ipv6": False,
        }
    )
    assert rendered == {
        "namespace": "trident",
        "windows": False,
        "enableForceDetach": False,
        "silenceAutosupport": False,
        "excludeAutosupport": False,
        "autosupportInsecure": False,
        "httpsMetrics": False,
        "disableAuditLog": True,
        "IPv6": False,
    }


# ----- release gates ---------------------------------------------------------------------------------------------
def test_the_since_table_is_the_release_each_field_appeared_in():
    expected = {key: release for release, keys in ADDED_IN.items() for key in keys}
    assert expected == facts.TORC_FIELD_SINCE


GATED = sorted((key, release) for release, keys in ADDED_IN.items() for key in keys)


@pytest.mark.parametrize(("key", "since"), GATED, ids=[key for key, _since in GATED])
def test_a_field_is_refused_with_its_path_before_its_release(key: str, since: str):
    path = TORC_FIELDS[key]
    older = max(r for r in facts.RELEASES if r < since)
    trident: dict[str, Any] = {"version": f"{older}.0"}
    _set(trident, path, copy.deepcopy(_get(ALL_FIELDS, path)))
    assert (
        f"trident.{path}",
        f"needs Trident {since} or later (version is {older}.0)",
    ) in errors(trident)
    trident["version"] = f"{since}.0"
    assert [e for e in errors(trident) if e[0] == f"trident.{path}"] == []


def test_sidecar_images_need_the_operator_of_25_02():
    sidecar = {"provisioner": "registry.example.com/csi-provisioner:v5.1.0"}
    assert errors({"version": "24.10.0", "sidecar_images": sidecar}) == [
        ("trident.sidecar_images", "needs Trident 25.02 or later (version is 24.10.0)")
    ]
    assert errors({"version": "25.02.0", "sidecar_images": sidecar}) == []


# ----- the operator's checks ---------------------------------------------------------------------------------------
INVALID = [
    ({"http_request_timeout": "soon"}, "trident.http_request_timeout", "'soon' is not a Go duration"),
    ({"http_request_timeout": "90"}, "trident.http_request_timeout", "'90' is not a Go duration"),
    ({"iscsi_self_healing_interval": "-5m"}, "trident.iscsi_self_healing_interval", "'-5m' is negative"),
    ({"iscsi_self_healing_wait_time": "7 m"}, "trident.iscsi_self_healing_wait_time", "'7 m' is not a Go duration"),
    ({"probe_port": 0}, "trident.probe_port", "0 is out of range"),
    ({"probe_port": 70000}, "trident.probe_port", "70000 is out of range"),
    ({"kubelet_dir": "var/lib/kubelet"}, "trident.kubelet_dir", "'var/lib/kubelet' is not an absolute path"),
    ({"trident_image": "Registry/Trident:26.06.0"}, "trident.trident_image", "is not an image reference"),
    ({"autosupport": {"image": "a b"}}, "trident.autosupport.image", "is not an image reference"),
    ({"operator_image": "x:"}, "trident.operator_image", "is not an image reference"),
    ({"log_workflows": "core"}, "trident.log_workflows", "workflow 'core' has no ':'"),
    ({"log_layers": "core,,csi"}, "trident.log_layers", "has an empty layer"),
    (
        {"trident_image": "registry.example.com/trident:25.06.3"},
        "trident.trident_image",
        "is Trident 25.06; the operator of 26.06.0 refuses an image of another release",
    ),
    (
        {"resources": {"controller": {"trident-sidecar": {"requests": {"cpu": "10m"}}}}},
        "trident.resources.controller.trident-sidecar",
        "is not a container of the Controller pod",
    ),
    (
        {"resources": {"node": {"linux": {"liveness-probe": {"requests": {"cpu": "10m"}}}}}},
        "trident.resources.node.linux.liveness-probe",
        "is not a container of the NodeLinux pod",
    ),
    (
        {"resources": {"controller": {"trident-main": {"requests": {"cpu": "ten"}}}}},
        "trident.resources.controller.trident-main.requests.cpu",
        "'ten' is not a Kubernetes quantity",
    ),
    (
        {"resources": {"controller": {"trident-main": {"limits": {"memory": "-1Gi"}}}}},
        "trident.resources.controller.trident-main.limits.memory",
        "'-1Gi' is negative",
    ),
    (
        # A limit below the operator's default request (80Mi for trident-main) is refused.
        {"resources": {"controller": {"trident-main": {"limits": {"memory": "64Mi"}}}}},
        "trident.resources.controller.trident-main.limits.memory",
        "64Mi is below the memory request 80Mi (the operator's default)",
    ),
    (
        {"resources": {"node": {"windows": {"liveness-probe": {"requests": {"cpu": "1"}, "limits": {"cpu": "500m"}}}}}},
        "trident.resources.node.windows.liveness-probe.limits.cpu",
        "500m is below the cpu request 1;",
    ),
    ({"log_level": "verbose"}, "trident.log_level", "'verbose' is not one of"),
]


@pytest.mark.parametrize(
    ("trident", "path", "message"), INVALID, ids=[case[1] + str(i) for i, case in enumerate(INVALID)]
)
def test_what_the_operator_refuses_is_an_error_at_its_path(trident: dict[str, Any], path: str, message: str):
    found = errors(trident)
    assert [p for p, _m in found] == [path], found
    assert message in found[0][1]


VALID = [
    {"http_request_timeout": "1h30m"},
    {"http_request_timeout": "0"},
    {"iscsi_self_healing_interval": "0s"},
    {"iscsi_self_healing_wait_time": "-0s"},
    {"iscsi_self_healing_wait_time": "1.5h"},
    {"trident_image": "registry.example.com:5000/mirror/trident:26.06.0"},
    {"trident_image": "localhost:5000/netapp/trident:26.06"},
    {"trident_image": "registry.example.com/trident@sha256:" + "a" * 64},
    {"log_level": "warning"},
    {"log_level": "panic"},
    {"log_layers": "+core"},
    {"log_workflows": "cr:all;core:init,bootstrap"},
    # Container names are compared lower-cased and trimmed, as the operator does.
    {"resources": {"controller": {" Trident-Main ": {"requests": {"cpu": "1e-2"}, "limits": {"cpu": "0.5"}}}}},
    {"resources": {"controller": {"trident-main": {"requests": {"memory": "32Mi"}, "limits": {"memory": "64Mi"}}}}},
]


@pytest.mark.parametrize("trident", VALID, ids=[str(v) for v in VALID])
def test_what_the_operator_accepts_is_valid(trident: dict[str, Any]):
    assert errors(trident) == []


def test_acp_fields_are_accepted_and_warned_about_from_24_10():
    assert errors({"version": "24.06.0", "enable_acp": True}) == []
    assert warnings({"version": "24.06.0", "enable_acp": True}) == []
    assert warnings({"version": "24.10.0", "enable_acp": True}) == [
        ("trident.enable_acp", "the operator of 24.10.0 ignores it: ACP is built into Trident since 24.10")
    ]


def test_uninstall_and_unknown_wipeout_values_are_warned_about():
    assert warnings({"uninstall": True, "wipeout": ["crds", "volumes"]}) == [
        ("trident.uninstall", "the operator uninstalls Trident; backends and classes cannot work"),
        ("trident.wipeout", "the operator acts only on 'crds' and ignores volumes"),
    ]


# ----- effective values where other objects need them ----------------------------------------------------------
def test_the_operator_deployment_uses_the_operators_defaults_when_the_spec_leaves_them_out():
    container = operator_deployment(trident_of({}), {})["spec"]["template"]["spec"]["containers"][0]
    assert container["imagePullPolicy"] == "IfNotPresent"
    assert container["command"] == ["/trident-operator", "--debug=false"]
    debug = operator_deployment(trident_of({"debug": True, "image_pull_policy": "Always"}), {})
    container = debug["spec"]["template"]["spec"]["containers"][0]
    assert (container["imagePullPolicy"], container["command"][1]) == ("Always", "--debug=true")


def test_sidecar_images_go_to_the_operators_environment():
    trident = trident_of(
        {
            "sidecar_images": {
                "provisioner": "mirror.example.com/k8s/csi-provisioner:v6.3.0",
                "liveness_probe": "mirror.example.com/k8s/livenessprobe:v2.19.0",
            }
        }
    )
    env = operator_deployment(trident, {})["spec"]["template"]["spec"]["containers"][0]["env"]
    assert env[2:] == [
        {"name": "TRIDENT_CSI_SIDECAR_PROVISIONER_IMAGE", "value": "mirror.example.com/k8s/csi-provisioner:v6.3.0"},
        {"name": "TRIDENT_CSI_SIDECAR_LIVENESS_PROBE_IMAGE", "value": "mirror.example.com/k8s/livenessprobe:v2.19.0"},
    ]
    assert "sidecar" not in str(orchestrator(trident, {})["spec"]).lower()


def test_operator_image_is_used_as_written():
    trident = trident_of(
        {"operator_image": "mirror.example.com/netapp/trident-operator:26.06.0", "image_registry": "r.x"}
    )
    container = operator_deployment(trident, {})["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "mirror.example.com/netapp/trident-operator:26.06.0"


# ----- images ---------------------------------------------------------------------------------------------------
# Every image each release runs by default, Linux only (notes on the sources in docs/trident-facts/torc.md):
# operator, trident, autosupport, provisioner, attacher, resizer, snapshotter, node-driver-registrar; then the
# Windows additions (node-driver-registrar where it differs, livenessprobe).
SIG = "registry.k8s.io/sig-storage"
RELEASE_SIDECARS = {
    "24.06": ("v4.0.1", "v4.6.0", "v1.11.0", "v7.0.2", "v2.10.0", None, "v2.5.0"),
    "24.10": ("v5.1.0", "v4.7.0", "v1.12.0", "v8.1.0", "v2.12.0", "v2.10.0", "v2.5.0"),
    "25.02": ("v5.2.0", "v4.8.0", "v1.13.1", "v8.2.0", "v2.13.0", None, "v2.9.0"),
    "25.06": ("v5.2.0", "v4.8.1", "v1.13.2", "v8.2.1", "v2.13.0", None, "v2.15.0"),
    "25.10": ("v5.3.0", "v4.10.0", "v1.14.0", "v8.3.0", "v2.15.0", None, "v2.15.0"),
    "26.02.0": ("v6.1.0", "v4.10.0", "v2.0.0", "v8.5.0", "v2.15.0", None, "v2.17.0"),
    "26.02.1": ("v6.2.0", "v4.11.0", "v2.1.0", "v8.5.0", "v2.16.0", None, "v2.18.0"),
    "26.06": ("v6.3.0", "v4.11.0", "v2.1.0", "v8.6.0", "v2.17.0", None, "v2.19.0"),
}
TAGS = [
    "24.06.0",
    "24.06.1",
    "24.10.0",
    "24.10.1",
    "25.02.0",
    "25.02.1",
    "25.06.0",
    "25.06.1",
    "25.06.2",
    "25.06.3",
    "25.10.0",
    "26.02.0",
    "26.02.1",
    "26.06.0",
]


def expected_images(version: str, windows: bool) -> list[str]:
    sidecars = RELEASE_SIDECARS.get(version) or RELEASE_SIDECARS[version[:5]]
    provisioner, attacher, resizer, snapshotter, registrar, windows_registrar, liveness = sidecars
    out = [
        f"docker.io/netapp/trident-operator:{version}",
        f"docker.io/netapp/trident:{version}",
        f"docker.io/netapp/trident-autosupport:{version[:5]}",
        f"{SIG}/csi-provisioner:{provisioner}",
        f"{SIG}/csi-attacher:{attacher}",
        f"{SIG}/csi-resizer:{resizer}",
        f"{SIG}/csi-snapshotter:{snapshotter}",
        f"{SIG}/csi-node-driver-registrar:{registrar}",
    ]
    if windows:
        if windows_registrar:
            out.append(f"{SIG}/csi-node-driver-registrar:{windows_registrar}")
        out.append(f"{SIG}/livenessprobe:{liveness}")
    return out


def test_the_image_table_covers_every_release_tag():
    assert list(facts.IMAGES) == TAGS
    assert {t[:5] for t in TAGS} == set(facts.RELEASES)


@pytest.mark.parametrize("version", TAGS)
@pytest.mark.parametrize("windows", [False, True], ids=["linux", "windows"])
def test_images_of_every_release(version: str, windows: bool):
    assert images(trident_of({"version": version, "windows": windows})) == expected_images(version, windows)


def test_image_registry_rewrites_every_default_image():
    found = images(trident_of({"image_registry": "mirror.example.com/trident", "windows": True}))
    assert found == [
        "mirror.example.com/trident/trident-operator:26.06.0",
        "mirror.example.com/trident/trident:26.06.0",
        "mirror.example.com/trident/trident-autosupport:26.06",
        "mirror.example.com/trident/csi-provisioner:v6.3.0",
        "mirror.example.com/trident/csi-attacher:v4.11.0",
        "mirror.example.com/trident/csi-resizer:v2.1.0",
        "mirror.example.com/trident/csi-snapshotter:v8.6.0",
        "mirror.example.com/trident/csi-node-driver-registrar:v2.17.0",
        "mirror.example.com/trident/livenessprobe:v2.19.0",
    ]


def test_full_references_win_over_the_registry_except_for_sidecars():
    found = images(
        trident_of(
            {
                "image_registry": "mirror.example.com/trident",
                "operator_image": "ops.example.com/trident-operator:26.06.0",
                "trident_image": "core.example.com/netapp/trident:26.06.0",
                "autosupport": {"image": "asup.example.com/trident-autosupport:26.06"},
                # The operator still applies imageRegistry to a sidecar reference from its environment.
                "sidecar_images": {"provisioner": "k8s.example.com/sig/csi-provisioner:v6.3.1"},
            }
        )
    )
    assert found[:4] == [
        "ops.example.com/trident-operator:26.06.0",
        "core.example.com/netapp/trident:26.06.0",
        "asup.example.com/trident-autosupport:26.06",
        "mirror.example.com/trident/csi-provisioner:v6.3.1",
    ]


def test_sidecar_references_without_a_registry_are_listed_as_written():
    found = images(
        trident_of(
            {
                "sidecar_images": {
                    "node_driver_registrar": "k.example.com/reg:v9",
                    "liveness_probe": "k.example.com/lp:v9",
                },
                "windows": True,
            }
        )
    )
    assert found[-2:] == ["k.example.com/reg:v9", "k.example.com/lp:v9"]


def test_excluded_autosupport_is_not_listed_and_acp_is_listed_on_24_06_only():
    assert not any("autosupport" in i for i in images(trident_of({"autosupport": {"exclude": True}})))
    assert images(trident_of({"version": "24.06.1", "enable_acp": True}))[-1] == (
        "cr.astra.netapp.io/astra/trident-acp:24.06.0"
    )
    assert not any("acp" in i for i in images(trident_of({"version": "24.10.0", "enable_acp": True})))


# ----- helpers --------------------------------------------------------------------------------------------------
def _get(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value[part]
    return value


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


# The value each key renders to from ALL_FIELDS.
EXPECTED: dict[str, Any] = {
    "enableForceDetach": True,
    "disableAuditLog": False,
    "namespace": "trident",
    "IPv6": False,
    "k8sTimeout": 300,
    "httpRequestTimeout": "90s",
    "silenceAutosupport": True,
    "excludeAutosupport": False,
    "autosupportImage": "registry.example.com/mirror/trident-autosupport:26.06",
    "autosupportProxy": "http://proxy.example.com:3128",
    "autosupportInsecure": False,
    "autosupportSerialNumber": "4711",
    "autosupportHostname": "cluster-a",
    "uninstall": False,
    "logFormat": "json",
    "logLevel": "debug",
    "debug": True,
    "logWorkflows": "cr:all",
    "logLayers": "core,csi_frontend",
    "probePort": 17546,
    "tridentImage": "registry.example.com/mirror/trident:26.06.0",
    "imageRegistry": "registry.example.com/mirror",
    "kubeletDir": "/var/lib/kubelet",
    "wipeout": ["crds"],
    "imagePullSecrets": ["regcred"],
    "controllerPluginNodeSelector": {"node-role.kubernetes.io/infra": ""},
    "controllerPluginTolerations": [
        {"key": "node-role.kubernetes.io/infra", "operator": "Exists", "effect": "NoSchedule"}
    ],
    "nodePluginNodeSelector": {"kubernetes.io/os": "linux"},
    "nodePluginTolerations": [{"operator": "Exists"}],
    "windows": True,
    "imagePullPolicy": "Always",
    "cloudProvider": "Azure",
    "cloudIdentity": "azure.workload.identity/client-id: 00000000-0000-0000-0000-000000000000",
    "enableACP": False,
    "acpImage": "registry.example.com/mirror/trident-acp:24.06.0",
    "enableAutoBackendConfig": False,
    "iscsiSelfHealingInterval": "5m0s",
    "iscsiSelfHealingWaitTime": "7m0s",
    "k8sAPIQPS": 100,
    "fsGroupPolicy": "File",
    "nodePrep": ["iscsi"],
    "skipCRDsToObliviate": ["tridentautogrowpolicies.trident.netapp.io"],
    "enableConcurrency": False,
    "resources": ALL_FIELDS["resources"],  # the operator's shape is the spec's: written as given
    "httpsMetrics": True,
    "hostNetwork": False,
}


# ----- enableConcurrency and the drivers Trident's concurrent core takes ------------------------------------------
def backend(driver: str) -> dict[str, Any]:
    entry = {"name": driver, "driver": driver, "management_lif": "10.0.0.1", "svm": "svm1"}
    entry["credentials"] = {"name": "creds"}
    if driver.startswith("ontap-nas"):
        entry["data_lif"] = "10.0.0.2"
    return entry


@pytest.mark.parametrize(
    ("version", "accepted"),
    [
        ("25.06.0", {"ontap-san"}),
        ("25.10.0", {"ontap-san", "ontap-nas"}),
        ("26.02.0", {"ontap-san", "ontap-nas", "ontap-nas-economy", "ontap-san-economy"}),
        ("26.06.0", {"ontap-san", "ontap-nas", "ontap-nas-economy", "ontap-san-economy"}),
    ],
)
def test_concurrency_refuses_backends_of_drivers_the_concurrent_core_lacks(version: str, accepted: set[str]):
    document = {
        "name": "c",
        "trident": {"version": version, "enable_concurrency": True},
        "backends": [backend(d) for d in facts.ONTAP_DRIVERS],
    }
    refused = sorted(i.path for i in validate(document)[1] if i.severity == "error")
    expected = sorted(f"backends[{i}].driver" for i, d in enumerate(facts.ONTAP_DRIVERS) if d not in accepted)
    assert refused == expected
    document["trident"] = {"version": version}
    assert [i for i in validate(document)[1] if i.severity == "error"] == []


def test_an_empty_cloud_provider_is_written_as_given_and_means_no_cloud():
    """Trident's own sample orchestrator (deploy/crds/tridentorchestrator_cr.yaml@v26.06.0) writes cloudProvider: "",
    which the operator takes for none (installer.go@v26.06.0:224): kept apart from absent, so adoption is exact."""
    assert errors({"version": "26.06.0", "cloud_provider": ""}) == []
    assert torc({"version": "26.06.0", "cloud_provider": ""})["cloudProvider"] == ""
    assert "cloudProvider" not in torc({"version": "26.06.0"})
    assert errors({"cloud_provider": "", "cloud_identity": "azure.workload.identity/client-id: x"}) == [
        ("trident.cloud_identity", "needs cloud_provider (AWS, Azure or GCP)")
    ]
