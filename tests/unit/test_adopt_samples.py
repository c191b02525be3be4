"""Trident's own sample inputs (v26.06.0, tests/data/trident_samples/v26.06.0) adopted: each adopts with no loss
and the adopted spec renders it back equal, apart from the labels tridentops adds and the namespace of a namespaced
object (the samples leave it to kubectl); credentials never reach the result.

The two ``.templ`` class samples are templates whose ``__BACKEND_TYPE__`` and ``__FILESYSTEM_TYPE__`` placeholders
Trident's installer once filled in: they are adopted filled, for each ONTAP driver (as tests/unit/test_class_samples.py
does).
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tridentops_pulumi.spec import adopt as adoption
from tridentops_pulumi.spec import facts
from tridentops_pulumi.spec.api import load, render
from tridentops_pulumi.spec.backend import INLINE_CREDENTIALS

DATA = Path(__file__).resolve().parents[1] / "data" / "trident_samples" / "v26.06.0"
SAMPLES = sorted(p for p in DATA.rglob("*") if p.suffix in (".json", ".yaml", ".templ"))
FILLED = [
    ("ontap-nas", "nfs"),
    ("ontap-nas-economy", "nfs"),
    ("ontap-nas-flexgroup", "nfs"),
    ("ontap-san", "ext4"),
    ("ontap-san-economy", "xfs"),
]
ADOPTED_KINDS = ("TridentOrchestrator", "TridentBackendConfig", "StorageClass", "VolumeSnapshotClass")
# Samples that cannot adopt exactly, each with the reason (the model's gap, cited). None today: every sample adopts.
CANNOT: dict[str, str] = {}


def group(path: Path) -> str:
    rel = path.relative_to(DATA).as_posix()
    if rel.startswith("backends-samples/"):
        return "tbc" if "/backend-tbc-" in rel else "tridentctl"
    if rel.startswith("torc-samples/"):
        return "torc"
    return "storage-class" if rel.startswith("storage-class-samples/") else "snapshot-class"


def cases() -> list[tuple[str, str]]:
    """(id, YAML or JSON text): each sample, each template once per ONTAP driver."""
    out = []
    for path in SAMPLES:
        text = path.read_text()
        if path.suffix == ".templ":
            for driver, fs_type in FILLED:
                filled = text.replace("__BACKEND_TYPE__", driver).replace("__FILESYSTEM_TYPE__", fs_type)
                out.append((f"{path.name.removesuffix('.yaml.templ')}-{driver}", filled))
        else:
            out.append((path.name.removesuffix(path.suffix), text))
    return out


CASES = cases()


def objects_of(text: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(text) if d]


def without_own_labels(obj: dict[str, Any]) -> dict[str, Any]:
    metadata = dict(obj["metadata"])
    own = (facts.MANAGED_BY_LABEL, facts.STACK_LABEL)
    labels = {k: v for k, v in metadata.pop("labels", {}).items() if k not in own}
    if labels:
        metadata["labels"] = labels
    return {**obj, "metadata": metadata}


def expected_objects(objects: list[dict[str, Any]], found: adoption.Adoption) -> list[dict[str, Any]]:
    """What the adopted spec must render: each object read, a TridentBackendConfig in Trident's namespace (where
    kubectl applies the sample), a tridentctl file as the TridentBackendConfig that refers to its Secret."""
    namespace = found.spec["trident"]["namespace"]
    out = []
    for obj in objects:
        if "storageDriverName" in obj:  # a tridentctl backend file
            (backend,) = found.spec["backends"]
            kept = {k: v for k, v in obj.items() if k not in INLINE_CREDENTIALS.values()}
            out.append(
                {
                    "apiVersion": "trident.netapp.io/v1",
                    "kind": "TridentBackendConfig",
                    "metadata": {"name": backend["name"], "namespace": namespace},
                    "spec": {**kept, "credentials": {"name": f"{backend['name']}-credentials"}},
                }
            )
        elif obj["kind"] in ADOPTED_KINDS:
            obj = copy.deepcopy(obj)
            if obj["kind"] == "TridentBackendConfig":
                obj["metadata"].setdefault("namespace", namespace)
            out.append(obj)
    return out


def test_every_sample_is_here():
    assert Counter(group(p) for p in SAMPLES) == {
        "tbc": 14,
        "tridentctl": 14,
        "storage-class": 8,
        "snapshot-class": 1,
        "torc": 6,
    }
    # 6 plain class samples, 2 templates filled for each of the 5 ONTAP drivers.
    assert len(CASES) == 14 + 14 + 6 + 2 * 5 + 1 + 6


@pytest.mark.parametrize(("name", "text"), CASES, ids=[name for name, _text in CASES])
def test_a_sample_adopts_with_no_loss_and_renders_back_equal(name: str, text: str):
    if name in CANNOT:
        pytest.skip(CANNOT[name])
    objects = objects_of(text)
    found = adoption.adopt(objects)
    assert [str(loss) for loss in found.losses] == []
    rendered = {(o["kind"], o["metadata"]["name"]): o for o in render(load(found.spec)).objects}
    expected = expected_objects(objects, found)
    assert expected
    for obj in expected:
        assert without_own_labels(rendered[(obj["kind"], obj["metadata"]["name"])]) == obj


@pytest.mark.parametrize(("name", "text"), CASES, ids=[name for name, _text in CASES])
def test_no_credential_of_a_sample_reaches_the_result(name: str, text: str):
    objects = objects_of(text)
    credentials = [
        str(v)
        for obj in objects
        for source in (obj.get("stringData") or {}, obj if "storageDriverName" in obj else {})
        for k, v in source.items()
        if k in INLINE_CREDENTIALS.values() and str(v) not in INLINE_CREDENTIALS.values()
    ]
    is_backend = any("storageDriverName" in o or o.get("kind") == "TridentBackendConfig" for o in objects)
    assert bool(credentials) == is_backend
    result = json.dumps(adoption.adopt(objects).result())
    assert not [value for value in credentials if value in result]


def test_how_many_samples_adopt_exactly():
    """The counts docs/trident-facts/installs.md gives: every sample, none left out."""
    exact = Counter(group_of(name) for name, text in CASES if not adoption.adopt(objects_of(text)).losses)
    assert exact == {"tbc": 14, "tridentctl": 14, "storage-class": 16, "snapshot-class": 1, "torc": 6}
    assert not CANNOT


def group_of(name: str) -> str:
    if name.startswith("storage-class-"):
        return "storage-class"
    (path,) = [p for p in SAMPLES if p.name.removesuffix(p.suffix) == name]
    return group(path)


def test_a_torc_sample_keeps_an_empty_cloud_provider_apart_from_none():
    """tridentorchestrator_cr.yaml writes cloudProvider: "": kept as written (the operator reads it as none,
    installer.go@v26.06.0:224), not dropped."""
    found = adoption.adopt(objects_of((DATA / "torc-samples" / "tridentorchestrator_cr.yaml").read_text()))
    assert found.spec["trident"]["cloud_provider"] == ""
    (torc,) = [o for o in render(load(found.spec)).objects if o["kind"] == "TridentOrchestrator"]
    assert torc["spec"]["cloudProvider"] == ""
