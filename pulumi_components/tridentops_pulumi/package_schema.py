"""The package's Pulumi schema, generated in-process the way the component provider host does.

``pulumi package get-schema`` needs the Pulumi CLI; this runs the same analyzer
(``pulumi.provider.experimental.analyzer``) on the same components, so the schema other languages'
SDKs are generated from can be reviewed and snapshot-tested. ``schema.json`` is the committed copy:

    python -m tridentops_pulumi.package_schema     # rewrites schema.json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi
from pulumi.provider.experimental.analyzer import Analyzer
from pulumi.provider.experimental.schema import generate_schema

from . import __version__, components
from .components._common import PACKAGE

SCHEMA_FILE = Path(__file__).with_name("schema.json")


def package_version() -> str:
    return __version__


def hosted_components() -> list[type[pulumi.ComponentResource]]:
    return [getattr(components, name) for name in components.COMPONENTS]


def schema() -> dict[str, Any]:
    result = Analyzer(PACKAGE).analyze(hosted_components())
    generated = generate_schema(
        PACKAGE,
        package_version(),
        None,
        result["component_definitions"],
        result["type_definitions"],
        sorted(result["dependencies"], key=lambda d: f"{d.name}{d.version}"),
    )
    document: dict[str, Any] = generated.to_json()
    return document


def schema_text() -> str:
    return json.dumps(schema(), indent=2, sort_keys=True) + "\n"


def main() -> None:
    SCHEMA_FILE.write_text(schema_text())
    print(f"wrote {SCHEMA_FILE}")


if __name__ == "__main__":
    main()
