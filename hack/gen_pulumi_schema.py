"""Generate pulumi_components/tridentops_pulumi/schema.json: the package's Pulumi schema, the way the component
provider host makes it.

``pulumi package get-schema`` needs the Pulumi CLI; this runs the same analyzer
(``pulumi.provider.experimental.analyzer``) on the same components, so the schema other languages' SDKs are
generated from can be reviewed and snapshot-tested. ``schema.json`` is the committed copy (``make generate``):

    python hack/gen_pulumi_schema.py            # rewrites schema.json
    python hack/gen_pulumi_schema.py --check    # exits 1 if it is stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The package of this tree, whatever else is installed.
sys.path.insert(0, str(ROOT / "pulumi_components"))
sys.path.insert(0, str(ROOT / "hack"))

from generated import write_or_check  # noqa: E402
from pulumi.provider.experimental.analyzer import Analyzer  # noqa: E402
from pulumi.provider.experimental.schema import generate_schema  # noqa: E402

from tridentops_pulumi import __version__  # noqa: E402
from tridentops_pulumi.components import hosted_components  # noqa: E402
from tridentops_pulumi.components._common import PACKAGE  # noqa: E402

SCHEMA_FILE = ROOT / "pulumi_components" / "tridentops_pulumi" / "schema.json"


def schema() -> dict[str, Any]:
    result = Analyzer(PACKAGE).analyze(hosted_components())
    generated = generate_schema(
        PACKAGE,
        __version__,
        None,
        result["component_definitions"],
        result["type_definitions"],
        sorted(result["dependencies"], key=lambda d: f"{d.name}{d.version}"),
    )
    document: dict[str, Any] = generated.to_json()
    return document


def schema_text() -> str:
    return json.dumps(schema(), indent=2, sort_keys=True) + "\n"


def main() -> int:
    return write_or_check(SCHEMA_FILE, schema_text(), ROOT)


if __name__ == "__main__":
    sys.exit(main())
