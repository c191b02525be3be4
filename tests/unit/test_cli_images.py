"""``tridentops images SPEC``: every image the spec's release runs, one per line, for mirroring."""

from __future__ import annotations

from pathlib import Path

import yaml
from test_cli import tridentops


def write(tmp_path: Path, trident: dict[str, object]) -> str:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump({"name": "mirror", "trident": trident}))
    return str(path)


def test_images_prints_one_reference_per_line(tmp_path: Path):
    result = tridentops("images", write(tmp_path, {"version": "25.06.3", "image_registry": "mirror.example.com/t"}))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "mirror.example.com/t/trident-operator:25.06.3",
        "mirror.example.com/t/trident:25.06.3",
        "mirror.example.com/t/trident-autosupport:25.06",
        "mirror.example.com/t/csi-provisioner:v5.2.0",
        "mirror.example.com/t/csi-attacher:v4.8.1",
        "mirror.example.com/t/csi-resizer:v1.13.2",
        "mirror.example.com/t/csi-snapshotter:v8.2.1",
        "mirror.example.com/t/csi-node-driver-registrar:v2.13.0",
    ]


def test_images_of_the_examples():
    result = tridentops("images", "examples/onprem.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "docker.io/netapp/trident-operator:26.06.0"


def test_images_refuses_an_invalid_spec_and_a_release_without_a_table(tmp_path: Path):
    invalid = tridentops("images", write(tmp_path, {"version": "26.06.0", "log_level": "loud"}))
    assert invalid.returncode == 1
    assert "trident.log_level" in invalid.stderr
    unknown = tridentops("images", write(tmp_path, {"version": "26.06.7"}))
    assert unknown.returncode == 1
    assert "no image list for Trident 26.06.7" in unknown.stderr
    assert unknown.stdout == ""
