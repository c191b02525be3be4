"""TridentBackendConfigs using every backend field of Trident 26.06 the spec renders are accepted by a real
kube-apiserver holding Trident's CRD (server-side apply, dry run) and keep every field sent."""

from __future__ import annotations

import pytest
from server_dry_run import admin_session, assert_dry_run_keeps_everything

from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, render

pytestmark = pytest.mark.cluster

LIF = {"management_lif": "10.0.0.1"}
SPEC = {
    "trident": {"version": "26.06.0"},
    "backends": [
        {
            "name": "nas-new-fields",
            "driver": "ontap-nas",
            **LIF,
            "credentials": {"name": "nas-secret", "type": "secret"},
            "usage_heartbeat": "12.5",
            "clone_split_delay": "3600",
            "use_balanced_placement": "true",
            "debug_trace_flags": {"api": False, "method": True},
            "limits": {"aggregate_usage": "80.5%", "volume_size": "50GiB"},
            "user_state": "Normal",
            "deletion_policy": "Retain",
            "defaults": {"snapshotDir": "T", "size": "10G"},
            "virtual_pools": [
                {"labels": {"tier": "gold"}, "smb_share": "gold-share", "use_balanced_placement": "0"},
            ],
        },
        {
            "name": "eco-new-fields",
            "driver": "ontap-nas-economy",
            **LIF,
            "credentials": {"name": "eco-secret"},
            "qtree_prune_flexvols_period": "300",
            "qtree_quota_resize_period": "30",
            "empty_flexvol_deferred_delete_period": "0",
            "limits": {"deny_new_volume_pools": "1", "volume_pool_size": "500gb"},
        },
        {
            "name": "san-new-fields",
            "driver": "ontap-san",
            **LIF,
            "backend_name": "ontapsan_10.0.0.3",
            "credentials": {"name": "san-secret"},
            "igroup_name": "trident-igroup",
        },
        {
            "name": "fsx-new-fields",
            "driver": "ontap-san-economy",
            "aws": {"fsx_filesystem_id": "fs-0123456789abcdef0", "api_key": "AKIAEXAMPLE", "secret_key": "example"},
            "credentials": {"name": "fsx-secret"},
        },
    ],
}


def test_tbcs_with_the_new_fields_pass_server_side_dry_run(control_plane, kube_admin):
    session = admin_session(control_plane, kube_admin)
    session.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "trident"}})
    tbcs = [o for o in render(load(SPEC)).objects if o["kind"] == "TridentBackendConfig"]
    assert len(tbcs) == 4
    keys = {key for tbc in tbcs for key in tbc["spec"]}
    assert {
        "usageHeartbeat",
        "cloneSplitDelay",
        "useBalancedPlacement",
        "debugTraceFlags",
        "qtreePruneFlexvolsPeriod",
        "qtreeQuotaResizePeriod",
        "emptyFlexvolDeferredDeletePeriod",
        "igroupName",
        "denyNewVolumePools",
    } <= keys
    assert_dry_run_keeps_everything(session, control_plane, tbcs)
