"""Every object every example renders is accepted by a real kube-apiserver (server-side apply, dry run).

Trident's operator registers its CRDs at install time and the CSI snapshotter's CRDs come with the
cluster, so those are installed first (tests/standin/crds). The TridentOrchestrator CRD and the
namespace are part of what tridentops renders; they are created for real, since a dry-run CR needs
its CRD to exist and a namespaced object its namespace.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from server_dry_run import PREREQUISITES, admin_session, assert_dry_run_keeps_everything, create_prerequisites

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeError, KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, render
from ansible_collections.tridentops.storage.plugins.module_utils.spec.kinds import kind_of

pytestmark = pytest.mark.cluster
ROOT = Path(__file__).resolve().parents[2]
# A spec with an aws section renders only once resolved with the provisioning outputs; tests/aws applies it.
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml") if "aws" not in yaml.safe_load(p.read_text()))


@pytest.fixture(scope="module")
def session(control_plane, kube_admin) -> KubeSession:
    return admin_session(control_plane, kube_admin)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_rendered_object_passes_server_side_dry_run(path: Path, session: KubeSession, control_plane, kube_admin):
    objects = render(load(yaml.safe_load(path.read_text()))).objects
    create_prerequisites(session, kube_admin, objects)
    assert_dry_run_keeps_everything(session, control_plane, objects)
    for obj in objects:
        if obj["kind"] not in PREREQUISITES:
            meta = obj["metadata"]
            assert session.get(kind_of(obj), meta["name"], meta.get("namespace")) is None


def test_the_api_server_rejects_what_validation_exists_to_catch(session: KubeSession):
    # The dry run is a real check: a malformed VolumeSnapshotClass is refused by the server.
    bad = {
        "apiVersion": "snapshot.storage.k8s.io/v1",
        "kind": "VolumeSnapshotClass",
        "metadata": {"name": "broken"},
        "deletionPolicy": "Keep",
    }
    with pytest.raises(KubeError) as error:
        session.apply(bad, dry_run=True)
    assert error.value.status == 422
