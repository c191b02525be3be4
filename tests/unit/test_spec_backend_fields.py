"""Backend fields of Trident 26.06 for the ONTAP drivers: what each renders, what Trident refuses, and the
releases that read it (docs/trident-facts/backends.md cites each rule upstream)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from standin.controller import StandIn

from tridentops_pulumi.spec.api import load, render, validate
from tridentops_pulumi.spec.policy import check_object, check_spec

NAS = {"name": "nas", "driver": "ontap-nas", "management_lif": "10.0.0.1", "credentials": {"name": "nas-secret"}}
ECONOMY = {**NAS, "name": "eco", "driver": "ontap-nas-economy"}
SAN = {**NAS, "name": "san", "driver": "ontap-san"}


def spec_of(backend: dict[str, Any], version: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"backends": [copy.deepcopy(backend)]}
    if version is not None:
        spec["trident"] = {"version": version}
    return spec


def tbc(backend: dict[str, Any], version: str | None = None) -> dict[str, Any]:
    (found,) = (o for o in render(load(spec_of(backend, version))).objects if o["kind"] == "TridentBackendConfig")
    return found


def findings(backend: dict[str, Any], version: str | None = None, severity: str = "error") -> list[tuple[str, str]]:
    return sorted((i.path, i.message) for i in validate(spec_of(backend, version))[1] if i.severity == severity)


# --- presence: what Trident defaults is left out ----------------------------------------------------------------


def test_a_backend_without_backend_name_or_deletion_policy_renders_neither() -> None:
    # Trident names the backend after the TridentBackendConfig and deletes it with it (backendconfig.go@v26.06.0).
    spec = tbc(NAS)["spec"]
    assert "backendName" not in spec
    assert "deletionPolicy" not in spec
    assert spec["credentials"] == {"name": "nas-secret"}


def test_backend_name_and_deletion_policy_are_written_as_given() -> None:
    spec = tbc({**NAS, "backend_name": "ontapnas_10.0.0.2", "deletion_policy": "Retain"})["spec"]
    assert (spec["backendName"], spec["deletionPolicy"]) == ("ontapnas_10.0.0.2", "Retain")


def test_the_effective_backend_name_is_the_tbc_name_when_backend_name_is_left_out() -> None:
    model = load(spec_of({**NAS, "virtual_pools": [{"labels": {"tier": "gold"}}]}))
    assert model.backends[0].trident_name == "nas"
    # Two backends whose effective names clash are refused, whether the name is explicit or derived.
    clash = {"backends": [NAS, {**SAN, "backend_name": "nas"}]}
    assert [(i.path, i.message) for i in validate(clash)[1] if i.severity == "error"] == [
        ("backends[1].backend_name", "Trident backend name 'nas' is already used by backends[0]")
    ]


def test_backend_name_takes_any_name_trident_takes_but_not_an_empty_one() -> None:
    assert findings({**NAS, "backend_name": "ontapsan_[fd20::1]:x"}) == []
    assert findings({**NAS, "backend_name": ""}) == [
        (
            "backends[0].backend_name",
            "is empty: leave backend_name out to name the backend after the TridentBackendConfig",
        )
    ]


def test_credentials_type_is_written_only_when_the_spec_sets_it() -> None:
    explicit = tbc({**NAS, "credentials": {"name": "nas-secret", "type": "secret"}})["spec"]["credentials"]
    assert explicit == {"name": "nas-secret", "type": "secret"}
    inline = tbc({**NAS, "credentials": {"username": "u", "password": "p"}})["spec"]["credentials"]
    assert inline == {"name": "nas-credentials"}


@pytest.mark.parametrize("policy", ["delete", "retain", "Delete", "RETAIN"])
def test_deletion_policy_is_read_in_any_case_as_trident_does(policy: str) -> None:
    assert findings({**NAS, "deletion_policy": policy}) == []


def test_a_deletion_policy_trident_refuses_is_an_error() -> None:
    assert findings({**NAS, "deletion_policy": "keep"}) == [
        ("backends[0].deletion_policy", "'keep' is not one of delete, retain")
    ]


# --- new fields: each renders under Trident's key, as written ----------------------------------------------------


@pytest.mark.parametrize(
    ("backend", "key", "value"),
    [
        ({**SAN, "igroup_name": "trident-igroup"}, "igroupName", "trident-igroup"),
        ({**NAS, "usage_heartbeat": "1.5"}, "usageHeartbeat", "1.5"),
        ({**NAS, "clone_split_delay": "3600"}, "cloneSplitDelay", "3600"),
        ({**ECONOMY, "qtree_prune_flexvols_period": "300"}, "qtreePruneFlexvolsPeriod", "300"),
        ({**ECONOMY, "qtree_quota_resize_period": "30"}, "qtreeQuotaResizePeriod", "30"),
        ({**ECONOMY, "empty_flexvol_deferred_delete_period": "0"}, "emptyFlexvolDeferredDeletePeriod", "0"),
        ({**NAS, "use_balanced_placement": True}, "useBalancedPlacement", "true"),
        ({**NAS, "use_balanced_placement": "T"}, "useBalancedPlacement", "T"),
        (
            {**NAS, "debug_trace_flags": {"method": True, "api": False}},
            "debugTraceFlags",
            {"api": False, "method": True},
        ),
        ({**ECONOMY, "limits": {"deny_new_volume_pools": "1"}}, "denyNewVolumePools", "1"),
        ({**NAS, "limits": {"aggregate_usage": "80"}}, "limitAggregateUsage", "80"),
        ({**NAS, "limits": {"aggregate_usage": "80.5%"}}, "limitAggregateUsage", "80.5%"),
        ({**NAS, "limits": {"aggregate_usage": 80}}, "limitAggregateUsage", "80%"),
        ({**NAS, "limits": {"volume_size": "50GiB"}}, "limitVolumeSize", "50GiB"),
        ({**NAS, "user_state": "Suspended"}, "userState", "Suspended"),
    ],
)
def test_each_new_field_renders_under_tridents_key_as_written(backend: dict[str, Any], key: str, value: Any) -> None:
    assert tbc(backend)["spec"][key] == value


def test_a_virtual_pool_renders_its_own_smb_share_and_balanced_placement() -> None:
    pool = {"labels": {"tier": "gold"}, "smb_share": "pool-share", "use_balanced_placement": "false"}
    (rendered,) = tbc({**NAS, "virtual_pools": [pool]})["spec"]["storage"]
    assert rendered == {"labels": {"tier": "gold"}, "smbShare": "pool-share", "useBalancedPlacement": "false"}


def test_pool_protocols_render_for_the_releases_that_read_them() -> None:
    pools = [{"labels": {"p": "1"}, "nas_type": "smb"}]
    (rendered,) = tbc({**NAS, "virtual_pools": pools}, "26.02.0")["spec"]["storage"]
    assert rendered == {"labels": {"p": "1"}, "nasType": "smb"}


def test_fsx_static_aws_keys_render_in_the_aws_section_and_are_masked_as_secrets() -> None:
    backend = {
        **NAS,
        "management_lif": None,
        "aws": {"fsx_filesystem_id": "fs-0123456789abcdef0", "api_key": "AKIAEXAMPLE", "secret_key": "s3cr3t"},
    }
    assert tbc(backend)["spec"]["aws"] == {
        "apiKey": "AKIAEXAMPLE",
        "fsxFilesystemID": "fs-0123456789abcdef0",
        "secretKey": "s3cr3t",
    }
    one = {**backend, "aws": {"fsx_filesystem_id": "fs-0123456789abcdef0", "api_key": "AKIAEXAMPLE"}}
    assert findings(one) == [("backends[0].aws.secret_key", "is required with api_key")]


# --- refusals: what Trident refuses, or silently replaces -------------------------------------------------------


@pytest.mark.parametrize("delay", ["0", "-5", "1.5", "1h", ""])
def test_a_clone_split_delay_trident_refuses_is_an_error_and_the_standin_refuses_it_too(delay: str) -> None:
    message = f"invalid value for cloneSplitDelay: {delay}"
    if delay:
        assert findings({**NAS, "clone_split_delay": delay}) == [
            (
                "backends[0].clone_split_delay",
                f"Trident refuses the backend: {message} (a positive number of seconds)",
            )
        ]
        spec = {**tbc(NAS)["spec"], "cloneSplitDelay": delay}
        assert StandIn._config_error(spec, ("nas-secret", "secret"), "1") == (
            f"problem initializing storage driver 'ontap-nas': could not populate configuration defaults: {message}"
        )
    else:  # Trident reads an empty value as its default
        assert StandIn._config_error({**tbc(NAS)["spec"], "cloneSplitDelay": ""}, ("nas-secret", "secret"), "1") is None


@pytest.mark.parametrize("driver", ["ontap-nas-economy", "ontap-san-economy", "ontap-san"])
def test_the_standin_checks_clone_split_delay_before_the_economy_limits(driver: str) -> None:
    spec = {**tbc(NAS)["spec"], "storageDriverName": driver, "cloneSplitDelay": "0", "qtreesPerFlexvol": "5"}
    error = StandIn._config_error(spec, ("nas-secret", "secret"), "1")
    assert error is not None and error.endswith(
        "could not populate configuration defaults: invalid value for cloneSplitDelay: 0"
    )
    assert (
        StandIn._config_error({**spec, "cloneSplitDelay": "86400", "qtreesPerFlexvol": "200"}, ("s", "secret"), "1")
        is None
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("qtree_prune_flexvols_period", "0", "'0': must be at least 1 (Trident's timer cannot tick every 0 seconds)"),
        (
            "qtree_quota_resize_period",
            "1m",
            "'1m' is not a whole number of seconds; Trident would ignore it and use its default",
        ),
        (
            "empty_flexvol_deferred_delete_period",
            "-1",
            "'-1' is not a whole number of seconds; Trident would ignore it and use its default",
        ),
    ],
)
def test_economy_periods_are_read_as_trident_reads_them(field: str, value: str, message: str) -> None:
    assert findings({**ECONOMY, field: value}) == [(f"backends[0].{field}", message)]


@pytest.mark.parametrize(
    "field", ["qtree_prune_flexvols_period", "qtree_quota_resize_period", "empty_flexvol_deferred_delete_period"]
)
def test_economy_periods_only_apply_to_ontap_nas_economy(field: str) -> None:
    assert findings({**NAS, field: "60"}) == [
        (f"backends[0].{field}", "only applies to ontap-nas-economy, not ontap-nas")
    ]


@pytest.mark.parametrize("heartbeat", ["24", "0.5", "-1", "1e2", "Inf"])
def test_usage_heartbeat_takes_what_go_parse_float_reads(heartbeat: str) -> None:
    assert findings({**NAS, "usage_heartbeat": heartbeat}) == []


def test_an_unreadable_usage_heartbeat_is_an_error() -> None:
    assert findings({**NAS, "usage_heartbeat": "24h"}) == [
        ("backends[0].usage_heartbeat", "'24h' is not a number of hours; Trident would ignore it and use 24")
    ]


def test_igroup_name_is_san_only_and_a_warning_since_csi_ignores_it() -> None:
    assert findings({**NAS, "igroup_name": "ig"}) == [
        ("backends[0].igroup_name", "only applies to SAN drivers, not ontap-nas")
    ]
    assert findings({**SAN, "igroup_name": "ig"}, severity="warning") == [
        (
            "backends[0].igroup_name",
            "Trident's CSI plugin ignores igroupName (it makes an igroup per node) and logs a warning",
        )
    ]


@pytest.mark.parametrize(
    ("extra", "path", "reason"),
    [
        (
            {"aggregate": "aggr1"},
            "backends[0].use_balanced_placement",
            "explicit aggregate selection (remove aggregate)",
        ),
        ({"use_rest": False}, "backends[0].use_balanced_placement", None),
    ],
)
def test_balanced_placement_refusals(extra: dict[str, Any], path: str, reason: str | None) -> None:
    found = findings({**NAS, "use_balanced_placement": "true", **extra})
    expected = (
        f"Trident refuses the backend: balanced placement may not be used with {reason}"
        if reason
        else "Trident refuses the backend: balanced placement requires ONTAP REST API"
    )
    assert found == [(path, expected)]


def test_a_pools_balanced_placement_is_judged_with_the_backends_aggregate() -> None:
    backend = {**NAS, "aggregate": "aggr1", "virtual_pools": [{"labels": {"a": "b"}, "use_balanced_placement": "1"}]}
    assert [p for p, _m in findings(backend)] == ["backends[0].virtual_pools[0].use_balanced_placement"]
    assert findings({**NAS, "use_balanced_placement": "yes"}) == [
        (
            "backends[0].use_balanced_placement",
            "'yes' is not a boolean Trident reads (1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)",
        )
    ]


def test_a_pool_san_type_must_match_the_backends_as_trident_26_02_requires() -> None:
    backend = {**SAN, "san_type": "iscsi", "virtual_pools": [{"labels": {"a": "b"}, "san_type": "NVMe"}]}
    assert findings(backend, "26.02.0") == [
        (
            "backends[0].virtual_pools[0].san_type",
            "Trident refuses the backend: trident does not support mixing of nvme and iscsi SAN types",
        )
    ]
    assert findings({**backend, "virtual_pools": [{"san_type": "ISCSI"}]}, "26.02.0") == []


def test_pool_smb_share_is_nas_only() -> None:
    assert findings({**SAN, "virtual_pools": [{"smb_share": "s"}]}) == [
        ("backends[0].virtual_pools[0].smb_share", "only applies to NAS drivers, not ontap-san")
    ]


# --- value grammars: Trident's parsers ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["50Gi", "50G", "50gi", "50GiB", "50GB", "50gb", "1073741824", "100bytes", " 5Ti "])
def test_sizes_take_what_tridents_to_bytes_reads(size: str) -> None:
    assert findings({**NAS, "limits": {"volume_size": size}}) == []
    assert findings({**NAS, "defaults": {"size": size}}) == []


@pytest.mark.parametrize("size", ["1.5Gi", "50 Gi", "Gi", "5Q", "-5Gi", "0x10"])
def test_sizes_trident_cannot_read_are_errors(size: str) -> None:
    assert [p for p, _m in findings({**ECONOMY, "limits": {"volume_pool_size": size}})] == [
        "backends[0].limits.volume_pool_size"
    ]


@pytest.mark.parametrize("value", ["1", "t", "TRUE", "False", "0"])
def test_boolean_defaults_take_go_parse_bool_spellings(value: str) -> None:
    assert findings({**SAN, "defaults": {"spaceAllocation": value, "snapshotDir": value, "splitOnClone": value}}) == []


def test_luks_true_in_any_go_spelling_is_refused_on_nas() -> None:
    assert [p for p, _m in findings({**NAS, "defaults": {"LUKSEncryption": "T"}})] == [
        "backends[0].defaults.LUKSEncryption"
    ]


@pytest.mark.parametrize(
    ("value", "ok"), [("80", True), ("80%", True), ("80.5%", True), ("0", False), ("eighty", False), ("NaN", False)]
)
def test_aggregate_usage_strings_are_read_as_trident_reads_them(value: str, ok: bool) -> None:
    assert (findings({**NAS, "limits": {"aggregate_usage": value}}) == []) is ok


# --- releases -----------------------------------------------------------------------------------------------------


def test_balanced_placement_needs_trident_26_06() -> None:
    backend = {**NAS, "use_balanced_placement": "false", "virtual_pools": [{"use_balanced_placement": "false"}]}
    assert findings(backend, "26.02.0") == [
        ("backends[0].use_balanced_placement", "needs Trident 26.06 or later (version is 26.02.0)"),
        ("backends[0].virtual_pools[0].use_balanced_placement", "needs Trident 26.06 or later (version is 26.02.0)"),
    ]
    assert findings(backend, "26.06.0") == []


def test_deny_new_volume_pools_and_newer_defaults_need_their_release() -> None:
    backend = {
        **ECONOMY,
        "limits": {"deny_new_volume_pools": True},
        "defaults": {"adAdminUser": "a", "formatOptions": "-E x"},
    }
    assert findings(backend, "24.06.0") == [
        ("backends[0].defaults.adAdminUser", "needs Trident 25.06 or later (version is 24.06.0)"),
        ("backends[0].defaults.formatOptions", "needs Trident 24.10 or later (version is 24.06.0)"),
        ("backends[0].limits.deny_new_volume_pools", "needs Trident 24.10 or later (version is 24.06.0)"),
    ]
    assert findings(backend, "25.06.0") == []


def test_a_pools_protocol_is_a_warning_from_26_06_which_ignores_it() -> None:
    backend = {**NAS, "virtual_pools": [{"nas_type": "smb"}]}
    assert findings(backend, "26.06.0", "warning") == [
        (
            "backends[0].virtual_pools[0].nas_type",
            "Trident 26.06.0 ignores a virtual pool's nasType (read up to 26.02); set the backend's",
        )
    ]
    assert findings(backend, "26.02.0", "warning") == []


# --- policy: the rules keep working with Trident's spellings ------------------------------------------------------


@pytest.mark.parametrize("off", ["0", "f", "F", "FALSE"])
def test_encryption_off_in_any_go_spelling_breaks_the_backend_encryption_rule(off: str) -> None:
    model = load(spec_of({**NAS, "defaults": {"encryption": off}}))
    assert [(v.rule, v.path) for v in check_spec(model)] == [("backend-encryption", "backends[0].defaults.encryption")]
    found = [(v.rule, v.path) for obj in render(model).objects for v in check_object(obj)]
    assert found == [("backend-encryption", "spec.defaults.encryption")]


def test_static_aws_keys_break_the_credentials_by_reference_rule() -> None:
    aws = {"fsx_filesystem_id": "fs-0123456789abcdef0", "api_key": "AKIAEXAMPLE", "secret_key": "s3cr3t"}
    model = load(spec_of({**NAS, "aws": aws}))
    assert [(v.rule, v.path) for v in check_spec(model)] == [("credentials-by-reference", "backends[0].aws")]
    found = [v for obj in render(model).objects for v in check_object(obj)]
    assert [(v.rule, v.path) for v in found] == [("credentials-by-reference", "spec")]
    assert "aws.apiKey, aws.secretKey" in found[0].message and "s3cr3t" not in found[0].message


def test_san_type_is_read_in_any_case_and_written_as_given() -> None:
    assert tbc({**SAN, "san_type": "NVMe"})["spec"]["sanType"] == "NVMe"
    # The rules see the protocol Trident sees.
    assert findings({**SAN, "san_type": "NVMe", "use_rest": False}) == [
        (
            "backends[0].use_rest",
            "NVMe needs ONTAP REST: Trident's ZAPI client manages no NVMe namespaces (every volume would fail with "
            "'ZAPI call is not supported yet')",
        )
    ]
    assert findings({**SAN, "san_type": "FCP"}, "24.06.0") == [
        ("backends[0].san_type", "fcp needs Trident 24.10 or later (version is 24.06.0)")
    ]
    assert findings({**SAN, "san_type": "scsi"}) == [
        ("backends[0].san_type", "'scsi' is not one of iscsi, nvme, fcp; did you mean 'iscsi'?")
    ]


def test_a_class_asking_for_a_protocol_matches_a_backend_spelling_it_in_another_case() -> None:
    spec = spec_of({**SAN, "san_type": "ISCSI"})
    spec["storage_classes"] = [{"name": "block", "attributes": {"sanType": "iscsi"}}]
    assert findings_of(spec) == []
    spec["storage_classes"] = [{"name": "block", "attributes": {"sanType": "nvme"}}]
    assert [p for p, _m in findings_of(spec)] == ["storage_classes[0]"]


def findings_of(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((i.path, i.message) for i in validate(spec)[1] if i.severity == "error")


def test_a_pool_turning_encryption_on_in_a_go_spelling_serves_a_class_asking_for_encryption() -> None:
    spec = spec_of({**NAS, "virtual_pools": [{"labels": {"tier": "gold"}, "defaults": {"encryption": "T"}}]})
    spec["storage_classes"] = [{"name": "secure", "attributes": {"encryption": True}, "selector": "tier=gold"}]
    assert findings_of(spec) == []
    spec["backends"][0]["virtual_pools"][0]["defaults"]["encryption"] = "F"
    assert [p for p, _m in findings_of(spec)] == ["storage_classes[0]"]
