"""The repository's example specs, shared by the Pulumi tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_SPECS = sorted((ROOT / "examples").glob("*.yaml"))
EXAMPLE_IDS = [p.stem for p in EXAMPLE_SPECS]


def load_example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text())
    return data
