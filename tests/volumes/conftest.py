"""Fixtures for the day-2 volume modules: one Trident, backend and set of classes for the whole package.

Everything here runs against the embedded control plane with the Trident stand-in, which provisions the
test's claims (as the CSI provisioner with Trident behind it would), cuts snapshots and acts on Trident's
day-2 custom resources. The package leaves the cluster as it found it: no Trident, backends, classes,
claims, snapshots or namespaces of its own.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kubernetes import client
from kubernetes.client.exceptions import ApiException

TESTS = Path(__file__).resolve().parent.parent
for helper_dir in (TESTS / "integration", TESTS / "unit"):
    if str(helper_dir) not in sys.path:
        sys.path.insert(0, str(helper_dir))

from helpers import Ansible, reset_trident, unless_gone, wait_until  # noqa: E402
from standin.controller import Scenario  # noqa: E402

SNAPSHOTS = "snapshot.storage.k8s.io"
TRIDENT = "trident.netapp.io"
BACKEND = {
    "name": "vol-nas",
    "driver": "ontap-nas",
    "management_lif": "10.0.0.1",
    "data_lif": "10.0.0.2",
    "svm": "svm_vol",
    "credentials": {"username": "vsadmin", "password": "Vol-pw-1"},
    "virtual_pools": [{"labels": {"tier": "vol"}}],
}
GOLD = "vol-gold"  # Immediate binding, expansion allowed
FIXED = "vol-fixed"  # expansion not allowed
SNAPSHOT_CLASS = "vol-snaps"
NAMESPACES = ("vol-app", "vol-dr", "vol-ci")


@pytest.fixture(scope="session")
def ansible(control_plane) -> Ansible:
    return Ansible(control_plane)


@pytest.fixture(scope="package")
def volume_stack(control_plane, standin, kube_admin) -> Iterator[None]:
    """Trident installed with one Bound NAS backend, two classes and a default snapshot class."""
    runner = Ansible(control_plane)
    clean_volumes(kube_admin)  # what an interrupted earlier run may have left
    reset_trident(kube_admin)
    core = client.CoreV1Api(kube_admin)
    for namespace in NAMESPACES:
        core.create_namespace({"metadata": {"name": namespace}})
    run = runner(
        {"tridentops.storage.trident": {"version": "26.06.0"}},
        {"tridentops.storage.backend": BACKEND},
        {
            "tridentops.storage.storage_class": {
                "name": GOLD,
                "attributes": {"backendType": "ontap-nas", "snapshots": True},
                "selector": "tier=vol",
                "allow_volume_expansion": True,
            }
        },
        {
            "tridentops.storage.storage_class": {
                "name": FIXED,
                "attributes": {"backendType": "ontap-nas"},
                "allow_volume_expansion": False,
            }
        },
        {"tridentops.storage.snapshot_class": {"name": SNAPSHOT_CLASS, "default": True}},
    )
    assert run.rc == 0, run.stdout[-3000:]
    yield
    clean_volumes(kube_admin)
    runner({"tridentops.storage.trident": {"state": "absent", "purge": True, "force": True}})
    client.StorageV1Api(kube_admin).delete_collection_storage_class(
        label_selector="app.kubernetes.io/managed-by=tridentops"
    )
    client.CustomObjectsApi(kube_admin).delete_collection_cluster_custom_object(
        SNAPSHOTS, "v1", "volumesnapshotclasses", label_selector="app.kubernetes.io/managed-by=tridentops"
    )
    reset_trident(kube_admin)


def clean_volumes(api: client.ApiClient) -> None:
    """Delete this package's namespaces (their claims, snapshots and Trident objects go with them)."""
    core = client.CoreV1Api(api)
    objects = client.CustomObjectsApi(api)
    targets = {*NAMESPACES, *extra_namespaces(core)}
    for namespace in targets:
        unless_gone(core.delete_namespace, namespace)
    # The stand-in releases claims, snapshots and relationships as their controllers would.
    wait_until(
        lambda: not [n for n in core.list_namespace().items if n.metadata.name in targets], 90, "namespaces gone"
    )
    try:
        contents = objects.list_cluster_custom_object(SNAPSHOTS, "v1", "volumesnapshotcontents")["items"]
    except ApiException as error:
        if error.status != 404:
            raise
        contents = []
    for content in contents:
        objects.delete_cluster_custom_object(SNAPSHOTS, "v1", "volumesnapshotcontents", content["metadata"]["name"])


def extra_namespaces(core: client.CoreV1Api) -> list[str]:
    """Namespaces the modules created for clones (labelled so)."""
    return [n.metadata.name for n in core.list_namespace(label_selector="tridentops.io/clone-namespace=true").items]


@pytest.fixture
def kube(kube_admin) -> dict[str, Any]:
    return {"core": client.CoreV1Api(kube_admin), "objects": client.CustomObjectsApi(kube_admin)}


@pytest.fixture
def scenario(kube_admin) -> Iterator[Scenario]:
    with Scenario(kube_admin) as injected:
        yield injected


def create_claim(
    core: client.CoreV1Api, namespace: str, name: str, size: str = "1Gi", sc: str = GOLD, **annotations: str
) -> None:
    """A ReadWriteOnce claim of one of the package's classes, which the stand-in provisions as Trident's CSI
    provisioner would."""
    metadata: dict[str, Any] = {"name": name, **({"annotations": annotations} if annotations else {})}
    body = {
        "metadata": metadata,
        "spec": {
            "storageClassName": sc,
            "accessModes": ["ReadWriteOnce"],
            "resources": {"requests": {"storage": size}},
        },
    }
    core.create_namespaced_persistent_volume_claim(namespace, body)


def mirror_destination_claim(core: client.CoreV1Api, namespace: str, name: str) -> None:
    """The claim of a mirror destination: Trident provisions it from the TridentMirrorRelationship of the same name,
    so it binds only once that relationship is established."""
    create_claim(core, namespace, name, **{"trident.netapp.io/mirrorRelationship": name})


def make_claim(core: client.CoreV1Api, namespace: str, name: str, size: str = "1Gi", sc: str = GOLD) -> dict[str, Any]:
    """A claim the stand-in provisions, returned once Bound."""
    create_claim(core, namespace, name, size, sc)
    return wait_until(
        lambda: bound(core, namespace, name),
        30,
        f"PVC {namespace}/{name} Bound",
    )


def bound(core: client.CoreV1Api, namespace: str, name: str) -> dict[str, Any] | None:
    pvc = core.read_namespaced_persistent_volume_claim(name, namespace)
    return pvc.to_dict() if pvc.status.phase == "Bound" else None


def warnings(kube: dict[str, Any], claim: str, namespace: str = "vol-app") -> list[Any]:
    """Warning events the provisioner or resizer recorded on a claim."""
    selector = f"involvedObject.kind=PersistentVolumeClaim,involvedObject.name={claim},type=Warning"
    return list(kube["core"].list_namespaced_event(namespace, field_selector=selector).items)


def custom(kube: dict[str, Any], group: str, plural: str, namespace: str, name: str) -> dict[str, Any] | None:
    try:
        return kube["objects"].get_namespaced_custom_object(group, "v1", namespace, plural, name)
    except ApiException as error:
        if error.status == 404:
            return None
        raise


PAUSE = ("pause", {})  # a one-second pause between two tasks of run_all (snapshot times have one-second steps)


def run_all(ansible: Ansible, *calls: tuple[str, dict[str, Any]], check: bool = False, diff: bool = False) -> list:
    """Several module tasks in one ansible-playbook run (a failure does not stop the next); their results."""
    tasks = [
        {"name": "pause", "ansible.builtin.pause": {"seconds": 1}}
        if (module, args) == PAUSE
        else {"name": f"{module} {number}", f"tridentops.storage.{module}": args, "ignore_errors": True}
        for number, (module, args) in enumerate(calls)
    ]
    run = ansible(*tasks, check=check, diff=diff)
    assert len(run.results) == len(calls), run.stdout[-2000:]
    return [r for r, call in zip(run.results, calls, strict=True) if call != PAUSE]
