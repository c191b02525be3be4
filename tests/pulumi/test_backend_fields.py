"""The OntapBackend component takes the backend fields of Trident 26.06 as typed args and declares the same
TridentBackendConfig the Ansible stack module applies."""

from __future__ import annotations

from typing import Any

from harness import keyed, kubernetes_objects, without_pulumi_annotations

from tridentops_pulumi import OntapBackend
from tridentops_pulumi.spec.api import load, render

BACKEND: dict[str, Any] = {
    "name": "eco-fields",
    "driver": "ontap-nas-economy",
    "management_lif": "10.0.0.1",
    "credentials": {"name": "eco-secret", "type": "secret"},
    "usage_heartbeat": "12",
    "clone_split_delay": "3600",
    "qtree_prune_flexvols_period": "300",
    "qtree_quota_resize_period": "30",
    "empty_flexvol_deferred_delete_period": "0",
    "use_balanced_placement": "true",
    "debug_trace_flags": {"api": True},
    "limits": {"deny_new_volume_pools": "1", "aggregate_usage": "80.5%", "volume_pool_size": "500gb"},
    "virtual_pools": [{"labels": {"tier": "gold"}, "smb_share": "gold", "use_balanced_placement": "false"}],
}


def test_a_backend_with_the_new_fields_declares_what_the_stack_module_applies(mocks):
    registrations = mocks.run(
        lambda: OntapBackend("eco", {**BACKEND, "trident_namespace": "trident", "stack": "default"})
    )
    declared = keyed([without_pulumi_annotations(o) for o in kubernetes_objects(registrations)])
    # The stack renders Trident's installation too; the backend's part of it is its TridentBackendConfig.
    rendered = render(load({"backends": [BACKEND]})).objects
    applied = keyed([o for o in rendered if o["kind"] == "TridentBackendConfig"])
    assert declared == applied
    (tbc,) = (o for o in rendered if o["kind"] == "TridentBackendConfig")
    assert "backendName" not in tbc["spec"] and "deletionPolicy" not in tbc["spec"]
    assert tbc["spec"]["qtreePruneFlexvolsPeriod"] == "300"
