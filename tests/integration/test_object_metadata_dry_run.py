"""A TridentBackendConfig and a TridentOrchestrator with the user's own labels and annotations (and the spellings
Trident accepts: logLevel, fsGroupPolicy and cloudProvider in another case, managementLIF with a port) are accepted
by a real kube-apiserver holding Trident's CRDs (server-side apply, dry run) and keep every field sent."""

from __future__ import annotations

import pytest
from server_dry_run import admin_session, assert_dry_run_keeps_everything, create_prerequisites

from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, render

pytestmark = pytest.mark.cluster

LABELS = {"team": "storage", "app.kubernetes.io/part-of": "platform"}
ANNOTATIONS = {"argocd.argoproj.io/sync-wave": "-1", "owner": "Storage team <storage@example.com>"}
SPEC = {
    "trident": {
        "version": "26.06.0",
        "labels": LABELS,
        "annotations": ANNOTATIONS,
        "log_level": "DEBUG",
        "fs_group_policy": "file",
        "cloud_provider": "azure",
    },
    "backends": [
        {
            "name": "nas-meta",
            "driver": "ontap-nas",
            "management_lif": "10.0.0.1:8443",
            "credentials": {"name": "nas-secret"},
            "labels": {"performance": "gold"},
            "object_labels": LABELS,
            "object_annotations": ANNOTATIONS,
        }
    ],
}


def test_a_tbc_and_a_torc_with_user_metadata_pass_server_side_dry_run(control_plane, kube_admin):
    session = admin_session(control_plane, kube_admin)
    rendered = render(load(SPEC)).objects
    # The namespace and the TridentOrchestrator CRD tridentops renders (Trident's operator registers the rest).
    create_prerequisites(session, kube_admin, rendered)
    objects = [o for o in rendered if o["kind"] in ("TridentBackendConfig", "TridentOrchestrator")]
    assert sorted(o["kind"] for o in objects) == ["TridentBackendConfig", "TridentOrchestrator"]
    for obj in objects:
        assert LABELS.items() <= obj["metadata"]["labels"].items()
        assert obj["metadata"]["annotations"] == ANNOTATIONS
    assert_dry_run_keeps_everything(session, control_plane, objects)
