"""Trident v26.06.0's class samples (tests/data/trident_samples/v26.06.0) written as specs render back equal.

Each spec below is written by hand from its sample, as a user would; the test renders it and compares the
object with the sample, apart from the labels tridentops adds. The two ``.templ`` files are templates whose
``__BACKEND_TYPE__`` and ``__FILESYSTEM_TYPE__`` placeholders Trident's installer once filled in; they are
round-tripped with the placeholders filled, for each ONTAP driver (the placeholder itself is no backend type).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tridentops_pulumi.spec.api import load, render

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "trident_samples" / "v26.06.0"
MANAGED = ("app.kubernetes.io/managed-by", "tridentops.io/stack")

STORAGE_CLASSES: dict[str, dict[str, Any]] = {
    "storage-class-anf-smb.yaml": {
        "name": "anf-sc-smb",
        "attributes": {"backendType": "azure-netapp-files", "trident.netapp.io/nasType": "smb"},
        "csi_parameters": {
            "csi.storage.k8s.io/node-stage-secret-name": "smbcreds",
            "csi.storage.k8s.io/node-stage-secret-namespace": "default",
        },
    },
    "storage-class-bronze-default.yaml": {
        "name": "bronze",
        "default": True,
        "storage_pools": "solidfire_10.0.0.1:Bronze",
        "attributes": {"fsType": "ext4"},
    },
    "storage-class-gold-regex.yaml": {
        "name": "gold",
        "storage_pools": "NetAppAFF:.*;NetAppHCI:Gold",
        "attributes": {"fsType": "ext4"},
    },
    "storage-class-ontapnas-gold.yaml": {
        "name": "ontap-gold",
        "attributes": {"backendType": "ontap-nas", "media": "ssd", "provisioningType": "thin", "snapshots": "true"},
    },
    "storage-class-ontapnas-k8s1.8-mountoptions.yaml": {
        "name": "ontapnasudp",
        "attributes": {"backendType": "ontap-nas"},
        "mount_options": ["rw", "nfsvers=3", "proto=udp"],
    },
    "storage-class-solidfire-bronze.yaml": {
        "name": "solidfire-bronze",
        "attributes": {"backendType": "solidfire-san", "IOPS": "1500", "fsType": "ext4"},
    },
}
TEMPLATES = {"storage-class-basic.yaml.templ": "basic", "storage-class-csi.yaml.templ": "basic-csi"}
FILLED = [("ontap-nas", "nfs"), ("ontap-nas-economy", "nfs"), ("ontap-san", "ext4"), ("ontap-san-economy", "xfs")]
SNAPSHOT_CLASSES: dict[str, dict[str, Any]] = {
    "snapshot-class.yaml": {"name": "trident-snapshotclass", "deletion_policy": "Delete"},
}


def without_managed_labels(obj: dict[str, Any]) -> dict[str, Any]:
    metadata = dict(obj["metadata"])
    labels = {k: v for k, v in metadata.pop("labels", {}).items() if k not in MANAGED}
    if labels:
        metadata["labels"] = labels
    return {**obj, "metadata": metadata}


def rendered(section: str, entry: dict[str, Any]) -> dict[str, Any]:
    stages = {stage.name: stage.objects for stage in render(load({section: [entry]})).stages}
    (obj,) = stages["classes"]
    return without_managed_labels(obj)


def sample(path: Path, text: str | None = None) -> dict[str, Any]:
    loaded = yaml.safe_load(text if text is not None else path.read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_every_class_sample_has_a_spec_here() -> None:
    # 8 StorageClass samples (2 of them templates) and 1 VolumeSnapshotClass sample at v26.06.0.
    storage = sorted(p.name for p in (SAMPLES / "storage-class-samples").iterdir())
    snapshot = sorted(p.name for p in (SAMPLES / "snapshot-class-samples").iterdir())
    assert storage == sorted([*STORAGE_CLASSES, *TEMPLATES]) and len(storage) == 8
    assert snapshot == sorted(SNAPSHOT_CLASSES) and len(snapshot) == 1


@pytest.mark.parametrize("name", sorted(STORAGE_CLASSES))
def test_a_storage_class_sample_renders_back_equal(name: str) -> None:
    expected = sample(SAMPLES / "storage-class-samples" / name)
    assert rendered("storage_classes", STORAGE_CLASSES[name]) == expected


@pytest.mark.parametrize("filled", FILLED, ids=[driver for driver, _fs in FILLED])
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_a_storage_class_template_renders_back_equal_once_filled(name: str, filled: tuple[str, str]) -> None:
    backend_type, fs_type = filled
    text = (SAMPLES / "storage-class-samples" / name).read_text()
    expected = sample(
        Path(name), text.replace("__BACKEND_TYPE__", backend_type).replace("__FILESYSTEM_TYPE__", fs_type)
    )
    entry = {"name": TEMPLATES[name], "attributes": {"backendType": backend_type, "fsType": fs_type}}
    assert rendered("storage_classes", entry) == expected


@pytest.mark.parametrize("name", sorted(SNAPSHOT_CLASSES))
def test_a_snapshot_class_sample_renders_back_equal(name: str) -> None:
    expected = sample(SAMPLES / "snapshot-class-samples" / name)
    assert rendered("snapshot_classes", SNAPSHOT_CLASSES[name]) == expected
