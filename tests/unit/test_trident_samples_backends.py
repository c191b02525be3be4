"""Trident v26.06.0's ONTAP backend samples, written as specs, render the same backend.

tests/data/trident_samples/v26.06.0/backends-samples holds the 28 upstream files unchanged (README one up). Each
is turned into a spec backend field by field (the table below is the model's own vocabulary, so a key the model
lacks fails the test), validated, and rendered:

- a TridentBackendConfig sample (``backend-tbc-*.yaml``): the rendered TridentBackendConfig's ``spec`` equals the
  sample's, and its name is the sample's (tridentops adds its namespace and labels; the samples leave the namespace
  to kubectl);
- a tridentctl sample (``backend-*.json``): the rendered ``spec`` equals the sample without its credential keys,
  which land in the credentials Secret tridentops renders, unchanged.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
import yaml

from tridentops_pulumi.spec.api import render, validate

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "trident_samples" / "v26.06.0" / "backends-samples"
TBC_SAMPLES = sorted(SAMPLES.glob("ontap-*/backend-tbc-*.yaml"))
JSON_SAMPLES = sorted(SAMPLES.glob("ontap-*/backend-*.json"))

# Trident's key -> the spec field that renders it (dotted: a nested section).
BACKEND_KEYS = {
    "storageDriverName": "driver",
    "backendName": "backend_name",
    "managementLIF": "management_lif",
    "dataLIF": "data_lif",
    "svm": "svm",
    "nasType": "nas_type",
    "sanType": "san_type",
    "useREST": "use_rest",
    "useCHAP": "use_chap",
    "smbShare": "smb_share",
    "nfsMountOptions": "nfs_mount_options",
    "autoExportPolicy": "auto_export_policy",
    "autoExportCIDRs": "auto_export_cidrs",
    "storagePrefix": "storage_prefix",
    "aggregate": "aggregate",
    "flexgroupAggregateList": "flexgroup_aggregate_list",
    "labels": "labels",
    "region": "region",
    "zone": "zone",
    "supportedTopologies": "supported_topologies",
    "defaults": "defaults",
    "deletionPolicy": "deletion_policy",
    "replicationPolicy": "replication_policy",
    "replicationSchedule": "replication_schedule",
    "clientCertificate": "client_certificate",
    "trustedCACertificate": "trusted_ca_certificate",
    "userState": "user_state",
    "igroupName": "igroup_name",
    "usageHeartbeat": "usage_heartbeat",
    "cloneSplitDelay": "clone_split_delay",
    "qtreePruneFlexvolsPeriod": "qtree_prune_flexvols_period",
    "qtreeQuotaResizePeriod": "qtree_quota_resize_period",
    "emptyFlexvolDeferredDeletePeriod": "empty_flexvol_deferred_delete_period",
    "useBalancedPlacement": "use_balanced_placement",
    "debugTraceFlags": "debug_trace_flags",
    "limitVolumeSize": "limits.volume_size",
    "limitVolumePoolSize": "limits.volume_pool_size",
    "limitAggregateUsage": "limits.aggregate_usage",
    "denyNewVolumePools": "limits.deny_new_volume_pools",
}
# Trident keeps these densities as strings; the spec takes them as integers and writes them back as strings.
INTEGER_KEYS = {"qtreesPerFlexvol": "limits.qtrees_per_flexvol", "lunsPerFlexvol": "limits.luns_per_flexvol"}
POOL_KEYS = {
    "labels": "labels",
    "region": "region",
    "zone": "zone",
    "supportedTopologies": "supported_topologies",
    "defaults": "defaults",
    "smbShare": "smb_share",
    "useBalancedPlacement": "use_balanced_placement",
    "nasType": "nas_type",
    "sanType": "san_type",
}
# tridentctl files carry the credentials inline; a TridentBackendConfig's Secret holds them under the same keys.
CREDENTIAL_KEYS = {
    "username": "username",
    "password": "password",
    "clientPrivateKey": "client_private_key",
    "chapUsername": "chap_username",
    "chapInitiatorSecret": "chap_initiator_secret",
    "chapTargetUsername": "chap_target_username",
    "chapTargetInitiatorSecret": "chap_target_initiator_secret",
}


def backend_spec(name: str, config: dict[str, Any]) -> dict[str, Any]:
    """The spec backend for a backend config; a key the model has no field for fails here."""
    backend: dict[str, Any] = {"name": name}
    credentials: dict[str, Any] = {}
    for key, value in config.items():
        if key == "version":
            assert value == 1  # the spec renders version 1, the only one Trident accepts
        elif key == "credentials":
            credentials.update(value)
        elif key in CREDENTIAL_KEYS:
            credentials[CREDENTIAL_KEYS[key]] = value
        elif key == "storage":
            backend["virtual_pools"] = [{POOL_KEYS[k]: v for k, v in pool.items()} for pool in value]
        elif key in INTEGER_KEYS:
            put(backend, INTEGER_KEYS[key], int(value))
        else:
            assert key in BACKEND_KEYS, f"{name}: the spec has no field for {key}"
            put(backend, BACKEND_KEYS[key], value)
    backend["credentials"] = credentials
    return backend


def put(target: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def rendered(backend: dict[str, Any]) -> list[dict[str, Any]]:
    spec, issues = validate({"backends": [backend]})
    assert spec is not None, [str(i) for i in issues if i.severity == "error"]
    return render(spec).objects


def tbc_of(objects: list[dict[str, Any]]) -> dict[str, Any]:
    (found,) = (o for o in objects if o["kind"] == "TridentBackendConfig")
    return found


def test_the_samples_are_all_there() -> None:
    assert (len(TBC_SAMPLES), len(JSON_SAMPLES)) == (14, 14)


@pytest.mark.parametrize("path", TBC_SAMPLES, ids=[p.stem for p in TBC_SAMPLES])
def test_each_tbc_sample_renders_the_same_spec(path: Path) -> None:
    documents = list(yaml.safe_load_all(path.read_text()))
    (sample,) = (d for d in documents if d["kind"] == "TridentBackendConfig")
    (secret,) = (d for d in documents if d["kind"] == "Secret")
    assert sample["spec"]["credentials"]["name"] == secret["metadata"]["name"]  # a reference, as the spec keeps it
    tbc = tbc_of(rendered(backend_spec(sample["metadata"]["name"], sample["spec"])))
    assert tbc["metadata"]["name"] == sample["metadata"]["name"]
    assert tbc["spec"] == sample["spec"]


@pytest.mark.parametrize("path", JSON_SAMPLES, ids=[p.stem for p in JSON_SAMPLES])
def test_each_tridentctl_sample_renders_the_same_backend_with_its_credentials_in_a_secret(path: Path) -> None:
    sample = yaml.safe_load(path.read_text())  # JSON is YAML
    objects = rendered(backend_spec(path.stem, sample))
    (secret,) = (o for o in objects if o["kind"] == "Secret")
    tbc = tbc_of(objects)
    inline = {k: v for k, v in sample.items() if k in CREDENTIAL_KEYS}
    assert {k: base64.b64decode(v).decode() for k, v in secret["data"].items()} == inline
    assert tbc["spec"] == {
        **{k: v for k, v in sample.items() if k not in CREDENTIAL_KEYS},
        "credentials": {"name": secret["metadata"]["name"]},
    }
