"""Backend and StorageClass rules as Trident's drivers and StorageClass handling apply them.

Each case names the Trident rule it mirrors (see docs/trident-facts/backends.md): a spec Trident refuses,
or whose backend would come up and then fail every volume, is an error with its field path; a spec
Trident accepts validates.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from standin.controller import StandIn
from test_spec_invalid import BACKENDS

from tridentops_pulumi.spec.api import load, render, validate
from tridentops_pulumi.spec.matching import matching_pools

NAS_DRIVERS = ("ontap-nas", "ontap-nas-economy", "ontap-nas-flexgroup")
FS_ID = "fs-0123456789abcdef0"

BASE: dict[str, Any] = {"backends": BACKENDS, "storage_classes": [{"name": "gold"}]}


def spec_with(backend: int | None = None, class_: int | None = None, **fields: Any) -> dict[str, Any]:
    spec = copy.deepcopy(BASE)
    target = spec["backends"][backend] if backend is not None else spec["storage_classes"][class_ or 0]
    target.update(fields)
    return spec


def errors(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((i.path, i.message) for i in validate(spec)[1] if i.severity == "error")


def error_paths(spec: dict[str, Any]) -> list[str]:
    return [path for path, _message in errors(spec)]


# --- LUKSEncryption: ontap-san and ontap-san-economy only ----------------------------------------------------


@pytest.mark.parametrize("driver", NAS_DRIVERS)
def test_luks_on_a_nas_driver_is_refused_as_trident_does(driver: str) -> None:
    spec = spec_with(0, driver=driver, defaults={"LUKSEncryption": "true"})
    assert errors(spec) == [
        (
            "backends[0].defaults.LUKSEncryption",
            "Trident refuses the backend: ONTAP NAS drivers do not support LUKS encrypted volumes",
        )
    ]


def test_luks_in_a_nas_virtual_pool_gets_tridents_pool_message() -> None:
    spec = spec_with(0, virtual_pools=[{"defaults": {"LUKSEncryption": True}}])
    assert errors(spec) == [
        (
            "backends[0].virtual_pools[0].defaults.LUKSEncryption",
            "Trident refuses the backend: LUKS encrypted volumes are only supported by the following drivers: "
            "ontap-san, ontap-san-economy",
        )
    ]


@pytest.mark.parametrize("driver", ["ontap-san", "ontap-san-economy"])
def test_luks_on_san_and_luks_false_on_nas_are_accepted(driver: str) -> None:
    spec = spec_with(1, driver=driver, defaults={"LUKSEncryption": "true"})
    spec["backends"][0]["defaults"] = {"LUKSEncryption": "false"}
    assert errors(spec) == []


# --- securityStyle must suit nasType --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nas_type", "style", "allowed"),
    [(None, "ntfs", "nfs: Trident refuses the backend (allowed: mixed, unix)"), ("smb", "unix", "smb")],
)
def test_security_style_that_does_not_suit_the_nas_type_is_refused(
    nas_type: str | None, style: str, allowed: str
) -> None:
    fields: dict[str, Any] = {"defaults": {"securityStyle": style}}
    if nas_type:
        fields["nas_type"] = nas_type
    found = errors(spec_with(0, **fields))
    assert [path for path, _message in found] == ["backends[0].defaults.securityStyle"]
    assert found[0][1].startswith(f"'{style}' does not go with nas_type {allowed.split(':')[0]}")


def test_security_style_of_a_virtual_pool_is_judged_too() -> None:
    spec = spec_with(0, nas_type="smb", virtual_pools=[{"defaults": {"securityStyle": "ntfs"}}, {"defaults": {}}])
    assert errors(spec) == []
    spec["backends"][0]["virtual_pools"][1]["defaults"]["securityStyle"] = "unix"
    assert errors(spec) == [
        (
            "backends[0].virtual_pools[1].defaults.securityStyle",
            "'unix' does not go with nas_type smb: Trident refuses the backend (allowed: mixed, ntfs)",
        )
    ]


@pytest.mark.parametrize(("nas_type", "style"), [("nfs", "unix"), ("nfs", "mixed"), ("smb", "ntfs"), ("smb", "mixed")])
def test_matching_security_styles_are_accepted(nas_type: str, style: str) -> None:
    assert errors(spec_with(0, nas_type=nas_type, defaults={"securityStyle": style})) == []


# --- SAN protocols ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("san_type", ["nvme", "fcp"])
def test_san_economy_is_iscsi_only(san_type: str) -> None:
    spec = spec_with(1, driver="ontap-san-economy", san_type=san_type)
    assert errors(spec) == [("backends[1].san_type", f"ontap-san-economy is iSCSI only, not {san_type}")]
    assert errors(spec_with(1, driver="ontap-san-economy", san_type="iscsi")) == []


def test_nvme_with_zapi_is_refused() -> None:
    assert error_paths(spec_with(1, san_type="nvme", use_rest=False)) == ["backends[1].use_rest"]
    assert errors(spec_with(1, san_type="nvme", use_rest=True)) == []
    assert errors(spec_with(1, san_type="iscsi", use_rest=False)) == []


@pytest.mark.parametrize(("version", "refused"), [("24.06.1", True), ("24.10.0", False), ("26.06.0", False)])
def test_fcp_needs_trident_24_10(version: str, refused: bool) -> None:
    spec = spec_with(1, san_type="fcp")
    spec["trident"] = {"version": version}
    expected = [("backends[1].san_type", f"fcp needs Trident 24.10 or later (version is {version})")]
    assert errors(spec) == (expected if refused else [])


def test_data_lif_on_san_stays_a_warning() -> None:
    spec, issues = validate(spec_with(1, data_lif="10.0.0.9"))
    assert spec is not None
    assert [(i.severity, i.path) for i in issues] == [("warning", "backends[1].data_lif")]


# --- addresses ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cidr", ["10.0.0.0/33", "10.0.0.1", "10.0.0.0/255.0.0.0", "fd00::/129", "10.0.0.0/08", "x/8"])
def test_auto_export_cidrs_must_be_cidr_blocks(cidr: str) -> None:
    spec = spec_with(0, auto_export_policy=True, auto_export_cidrs=["10.0.0.0/8", cidr])
    assert errors(spec) == [
        (
            "backends[0].auto_export_cidrs[1]",
            f"'{cidr}' is not a CIDR block (address/prefix length, e.g. 10.0.0.0/8 or fd00::/8); "
            f"Trident refuses the backend: invalid CIDR address: {cidr}",
        )
    ]


def test_valid_cidr_blocks_are_accepted() -> None:
    spec = spec_with(0, auto_export_policy=True, auto_export_cidrs=["0.0.0.0/0", "::/0", "10.1.2.3/8", "fd00::/8"])
    assert errors(spec) == []


@pytest.mark.parametrize("lif", ["300.1.1.1", "10.0.0.256", "1.2.3"])
def test_an_address_that_is_no_ipv4_address_is_no_host_name_either(lif: str) -> None:
    assert errors(spec_with(0, management_lif=lif)) == [
        (
            "backends[0].management_lif",
            f"'{lif}' is not a valid IPv4 address (four numbers from 0 to 255) nor a DNS name",
        )
    ]
    assert error_paths(spec_with(0, data_lif=lif)) == ["backends[0].data_lif"]


@pytest.mark.parametrize("lif", ["10.0.0.1", "[fd00::1]", "cluster1.example.com", "svm1-mgmt", "a1.b2"])
def test_addresses_and_host_names_are_accepted(lif: str) -> None:
    assert errors(spec_with(0, management_lif=lif)) == []


# --- FSx file system ids --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fs_id", ["fs-0123456789abcdef", "fs-0123456789abcdef01", "fs-01234567", "fs-0123456789ABCDEF0"]
)
def test_fsx_file_system_id_has_17_hex_digits(fs_id: str) -> None:
    assert errors(spec_with(0, aws={"fsx_filesystem_id": fs_id})) == [
        (
            "backends[0].aws.fsx_filesystem_id",
            f"'{fs_id}' is not an FSx for NetApp ONTAP file system id (fs- followed by 17 hex digits)",
        )
    ]
    assert errors(spec_with(0, aws={"fsx_filesystem_id": FS_ID})) == []


# --- the Secret rendered for inline credentials ------------------------------------------------------------------


def test_a_name_too_long_for_the_rendered_secret_is_refused() -> None:
    name = "b" * 242  # a valid TridentBackendConfig name, but b...b-credentials has 254 characters
    assert errors(spec_with(1, name=name)) == [
        (
            "backends[1].name",
            "is 242 characters: the rendered Secret <name>-credentials would exceed Kubernetes' 253; "
            "use at most 241 or set credentials.name",
        )
    ]
    longest = load(spec_with(1, name="b" * 241))
    assert len(longest.backends[1].secret_name or "") == 253
    # The Secret named explicitly, or an existing one, is not derived from the name.
    named = spec_with(1, name=name)
    named["backends"][1]["credentials"]["name"] = "san-secret"
    assert errors(named) == []
    assert errors(spec_with(0, name=name)) == []


def test_trident_backend_name_may_hold_upper_case_and_underscores_the_kubernetes_names_do_not() -> None:
    spec = load(spec_with(1, backend_name="San_Backend.1"))
    objects = {(o["kind"], o["metadata"]["name"]) for o in render(spec).objects}
    assert ("TridentBackendConfig", "san") in objects
    assert ("Secret", "san-credentials") in objects
    assert error_paths(spec_with(1, name="San_Backend")) == ["backends[1].name"]


# --- defaults of the pools ----------------------------------------------------------------------------------


def test_adaptive_qos_on_nas_economy_is_refused() -> None:
    spec = spec_with(0, driver="ontap-nas-economy", defaults={"adaptiveQosPolicy": "extreme"})
    assert errors(spec) == [
        (
            "backends[0].defaults.adaptiveQosPolicy",
            "Trident refuses the backend: qtrees do not support adaptive QoS policies",
        )
    ]
    assert errors(spec_with(0, driver="ontap-nas-economy", defaults={"qosPolicy": "gold"})) == []


def test_a_virtual_pool_that_inherits_the_other_kind_of_qos_policy_is_refused() -> None:
    spec = spec_with(0, defaults={"qosPolicy": "gold"}, virtual_pools=[{"defaults": {"adaptiveQosPolicy": "x"}}])
    assert error_paths(spec) == ["backends[0].virtual_pools[0].defaults"]
    assert "only one kind of QoS policy group may be defined" in errors(spec)[0][1]
    spec["backends"][0]["virtual_pools"][0]["defaults"] = {"qosPolicy": "silver"}
    assert errors(spec) == []


@pytest.mark.parametrize("fs", ["raw", "xfs", "ext3", "ext4", "XFS"])
def test_file_system_types_trident_accepts(fs: str) -> None:
    assert errors(spec_with(1, defaults={"fileSystemType": fs})) == []


def test_file_system_type_trident_refuses() -> None:
    assert errors(spec_with(1, defaults={"fileSystemType": "btrfs"})) == [
        ("backends[1].defaults.fileSystemType", "'btrfs' is not one of ext3, ext4, xfs, raw")
    ]


@pytest.mark.parametrize(
    ("driver", "prefix", "ok"),
    [
        ("ontap-nas", "trident_", True),
        ("ontap-nas", "", True),
        ("ontap-nas", "1st", False),
        ("ontap-nas-economy", "1st", True),
        ("ontap-nas-economy", "a b", False),
        ("ontap-nas", "tri/dent", False),
    ],
)
def test_storage_prefix_as_trident_validates_it(driver: str, prefix: str, ok: bool) -> None:
    found = error_paths(spec_with(0, driver=driver, storage_prefix=prefix))
    assert found == ([] if ok else ["backends[0].storage_prefix"])


# --- StorageClass parameters Trident skips -----------------------------------------------------------------------


def test_fs_type_parameter_is_accepted_rendered_and_not_matched() -> None:
    spec = spec_with(class_=0, attributes={"backendType": "ontap-san", "fsType": "xfs"})
    model, issues = validate(spec)
    assert model is not None
    assert [(i.severity, i.path) for i in issues] == [("warning", "storage_classes[0].attributes.fsType")]
    (sc,) = (o for o in render(model).objects if o["kind"] == "StorageClass")
    assert sc["parameters"] == {"backendType": "ontap-san", "fsType": "xfs"}
    assert [p.backend for p in matching_pools(model.storage_classes[0], model.backends)[0]] == ["san"]


@pytest.mark.parametrize(("value", "matches"), [("True", False), ("1", False), ("F", True), ("0", True)])
def test_boolean_attributes_take_every_spelling_trident_parses(value: str, matches: bool) -> None:
    # ontap-nas-economy offers snapshots=false: a class asking for snapshots matches it only when it asks false.
    spec = spec_with(0, driver="ontap-nas-economy")
    spec["storage_classes"][0]["attributes"] = {"backendType": "ontap-nas-economy", "snapshots": value}
    found = errors(spec)
    assert found == ([] if matches else [("storage_classes[0]", found[0][1])])


def test_fs_type_given_twice_is_refused() -> None:
    spec = spec_with(class_=0, attributes={"fsType": "xfs"}, fs_type="ext4")
    found = errors(spec)
    assert [path for path, _message in found] == ["storage_classes[0].attributes.fsType"]
    assert found[0][1].startswith("give the file system once, as fs_type or as attributes.fsType")


def test_fs_type_among_the_csi_parameters_points_to_fs_type() -> None:
    assert errors(spec_with(class_=0, csi_parameters={"fsType": "xfs"})) == [
        ("storage_classes[0].csi_parameters.fsType", "use fs_type (or attributes.fsType)")
    ]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("trident.netapp.io/fsType", "write it as fsType: Trident skips it only without a prefix"),
        ("fstype", "unknown Trident storage attribute; did you mean 'fsType'?"),
        ("csi.storage.k8s.io/fstype", "Trident skips csi.storage.k8s.io/ parameters; put it in csi_parameters"),
    ],
)
def test_other_spellings_of_fs_type_are_refused(key: str, message: str) -> None:
    found = errors(spec_with(class_=0, attributes={key: "xfs"}))
    assert [path for path, _message in found] == [f"storage_classes[0].attributes.{key}"]
    assert found[0][1].startswith(message)


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("storagePools", "storage_pools"),
        ("additionalStoragePools", "additional_storage_pools"),
        ("requiredStorage", "required_storage"),
        ("excludeStoragePools", "exclude_storage_pools"),
    ],
)
def test_pool_lists_among_the_attributes_point_to_their_field(key: str, field: str) -> None:
    # Trident accepts them as parameters: no claim that it would reject the class.
    assert errors(spec_with(class_=0, attributes={key: "nas:.*"})) == [
        (f"storage_classes[0].attributes.{key}", f"use the class's {field} field")
    ]
    prefixed = f"trident.netapp.io/{key}"
    assert errors(spec_with(class_=0, attributes={prefixed: "nas:.*"})) == [
        (
            f"storage_classes[0].attributes.{prefixed}",
            f"use the class's {field} field (with {key} in prefixed_parameters)",
        )
    ]


# --- the stand-in refuses what Trident's driver refuses -----------------------------------------------------------


def tbc_spec(backend: int, **extra: Any) -> dict[str, Any]:
    """A rendered TridentBackendConfig spec, changed the way a hand-written one could be."""
    model = load(BASE)
    (tbc,) = (
        o
        for o in render(model).objects
        if o["kind"] == "TridentBackendConfig" and o["metadata"]["name"] == BASE["backends"][backend]["name"]
    )
    return {**tbc["spec"], **extra}


@pytest.mark.parametrize(
    ("driver", "extra", "message"),
    [
        (
            "ontap-nas",
            {"defaults": {"LUKSEncryption": "true"}},
            "error validating ontap-nas driver: driver validation failed: "
            "ONTAP NAS drivers do not support LUKS encrypted volumes",
        ),
        (
            "ontap-nas-flexgroup",
            {"autoExportCIDRs": ["10.0.0.0/33"]},
            "error validating ontap-nas-flexgroup driver: driver validation failed: "
            "failed to validate auto-export CIDR(s): invalid CIDR address: 10.0.0.0/33",
        ),
        ("ontap-nas-economy", {"qtreesPerFlexvol": "30"}, "invalid config value for qtreesPerFlexvol (minimum is 50)"),
    ],
)
def test_standin_refuses_the_backend_with_tridents_message(driver: str, extra: dict[str, Any], message: str) -> None:
    spec = tbc_spec(0, storageDriverName=driver, **extra)
    assert StandIn._config_error(spec, ("nas-secret", "secret"), "1") == (
        f"problem initializing storage driver '{driver}': {message}"
    )
    assert StandIn._config_error(tbc_spec(0, storageDriverName=driver), ("nas-secret", "secret"), "1") is None


def test_standin_refuses_luns_per_flexvol_out_of_range() -> None:
    spec = tbc_spec(1, storageDriverName="ontap-san-economy", lunsPerFlexvol="201")
    assert StandIn._config_error(spec, ("san-credentials", "secret"), "1") == (
        "problem initializing storage driver 'ontap-san-economy': "
        "invalid config value for lunsPerFlexvol: using 201 lunsPerFlexvol (maximum is 200)"
    )


def test_trident_identity_is_judged_even_when_a_backend_has_errors() -> None:
    spec = spec_with(0, driver="ontap-nass")
    spec["trident"] = {"cloud_provider": "AWS"}
    assert error_paths(spec) == ["backends[0].driver", "trident.cloud_identity"]


def test_a_qps_below_tridents_floor_is_accepted_with_a_warning() -> None:
    spec = copy.deepcopy(BASE)
    spec["trident"] = {"k8s_api_qps": 5}
    found, issues = validate(spec)
    assert found is not None
    assert [(i.path, i.message) for i in issues if i.severity == "warning"] == [
        ("trident.k8s_api_qps", "Trident raises 5 to its minimum, 10 queries per second")
    ]
    assert found.trident.k8s_api_qps == 5
