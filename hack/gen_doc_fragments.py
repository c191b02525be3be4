"""Write the doc fragments of the options generated from the spec model (plugins/doc_fragments/*_options.py).

Run after changing a model field; tests/unit/test_doc_fragments.py fails while a fragment is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hack"))
from collection_path import link_collection  # noqa: E402

sys.path.insert(0, str(link_collection()))

from ansible_collections.tridentops.storage.plugins.module_utils import _fragments  # noqa: E402
from ansible_collections.tridentops.storage.plugins.module_utils._aws import options as _aws_options  # noqa: E402

HEADER = '''# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
'''


def render(options: dict[str, Any]) -> str:
    body = yaml.safe_dump({"options": options}, sort_keys=False, width=90, default_flow_style=False)
    return HEADER + body + '"""\n'


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    # The spec's sections and the AWS modules' options (tests/aws checks the latter) come from the same model.
    for name, options in {**_fragments.FRAGMENTS, **_aws_options.FRAGMENTS}.items():
        path = ROOT / "plugins" / "doc_fragments" / f"{name}.py"
        text = render(options())
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text)
    if stale:
        print("stale doc fragments (run python hack/gen_doc_fragments.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
