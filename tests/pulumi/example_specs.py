"""The repository's example specs, shared by the Pulumi tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
# Specs with an aws section provision FSx first (the fsx_ontap role, tests/aws); TridentStack takes the
# resolved spec, with the file system id and ARNs filled in.
EXAMPLE_SPECS = sorted(p for p in (ROOT / "examples").glob("*.yaml") if "aws" not in yaml.safe_load(p.read_text()))
EXAMPLE_IDS = [p.stem for p in EXAMPLE_SPECS]


def load_example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text())
    return data
