"""Write the doc fragment of the storage spec generated from its model (plugins/doc_fragments/spec.py, with a view of
a section for each per-resource module's options), amazon.aws's connection options for the AWS modules, and the
return values modules share into each module's RETURN.

Run after changing a model field; tests/unit/test_doc_fragments.py fails while a fragment is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hack"))
from collection_path import link_collection  # noqa: E402

sys.path.insert(0, str(link_collection()))

from ansible_collections.tridentops.storage.plugins.module_utils import _fragments  # noqa: E402
from ansible_collections.tridentops.storage.plugins.module_utils._args import _nested_model  # noqa: E402
from ansible_collections.tridentops.storage.plugins.module_utils._aws import options as _aws_options  # noqa: E402
from ansible_collections.tridentops.storage.plugins.module_utils.spec.schema import type_hints  # noqa: E402
from ansible_collections.tridentops.storage.plugins.module_utils.spec.stack import StorageSpec  # noqa: E402

HEADER = '''# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
'''


# The AWS modules take amazon.aws's connection options (AnsibleAWSModule adds them). Their docs are copied from
# amazon.aws's module fragments into one fragment of ours: where a collection is imported without its
# dependencies (Galaxy's importer runs ansible-doc on this collection alone), a reference to amazon.aws's
# fragments would fail the docs of every module, not only the AWS ones.
AWS_CONNECTION = "aws_connection"
AWS_FRAGMENTS = ("common", "region", "boto3")


# The repository's ruff line length (fragments are Python files); ansible-test's pep8 and the Galaxy importer's flake8
# allow 160. PyYAML breaks a line only at the first space past its width, which deep suboptions can leave too late.
MAX_LINE = 120


def render(options: dict[str, Any], extra: dict[str, Any] | None = None, header: str = HEADER) -> str:
    return header + _dump({"options": options, **(extra or {})}) + '"""\n'


def _dump(doc: dict[str, Any]) -> str:
    """A fragment's YAML, long list items folded (and read back to check the folding changed nothing)."""
    body = _wrap(yaml.safe_dump(doc, sort_keys=False, width=90, default_flow_style=False))
    assert yaml.safe_load(body) == doc, "wrapping changed the fragment"
    return body


def _wrap(text: str) -> str:
    """Fold list items PyYAML left longer than MAX_LINE (it does not break plain scalars holding URLs) into
    continuation lines: a plain scalar may span lines in YAML, and reads back the same."""
    out = []
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if len(line) <= MAX_LINE or not line.lstrip().startswith("- "):
            out.append(line)
            continue
        first, *words = line.lstrip().split(" ")
        current = " " * indent + first
        for word in words:
            if len(current) + 1 + len(word) > MAX_LINE:
                out.append(current)
                current = " " * (indent + 2) + word
            else:
                current = f"{current} {word}"
        out.append(current)
    return "\n".join(out) + "\n"


# The spec's docs, with a view of a section for each per-resource module's options (see the fragment's comment).
SPEC_FRAGMENT = ROOT / "plugins" / "doc_fragments" / "spec.py"


def section_path(cls: Any, model: Any = StorageSpec) -> tuple[str, ...] | None:
    """Where in the storage spec the model class ``cls`` stands (``("aws", "file_system")``)."""
    hints = type_hints(model)
    for name, tp in hints.items():
        nested = _nested_model(tp)
        if nested is cls:
            return (name,)
        if nested is not None:
            found = section_path(cls, nested)
            if found is not None:
                return (name, *found)
    return None


def views() -> dict[str, tuple[_fragments.ModelOptions, tuple[str, ...]]]:
    """Each per-resource fragment: the model options it documents, and the path of their section in the spec."""
    registry = {**_fragments.MODEL_OPTIONS, **_aws_options.MODEL_OPTIONS}
    out = {}
    for name, options in registry.items():
        path = section_path(options.model)
        assert path is not None, f"{options.model.__name__} is not a section of the storage spec"
        out[name] = (options, path)
    return out


def _shared(node: dict[str, Any], seen: dict[str, Any]) -> dict[str, Any]:
    """``node`` with each set of suboptions that equals one seen before replaced by that one, so that YAML writes it
    once and refers to it (two fields of one model type, such as the controller and node placements)."""
    for option in node.values():
        suboptions = option.get("suboptions")
        if suboptions is not None:
            key = json.dumps(_shared(suboptions, seen), sort_keys=True)
            option["suboptions"] = seen.setdefault(key, suboptions)
    return node


def _tuple(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f'"{value}"' for value in values) + ("," if len(values) == 1 else "") + ")"


def spec_fragment() -> str:
    """The spec option's docs, and a view of its section for each per-resource module's options."""
    body = _dump({"options": _shared(_fragments.spec_docs(), {})})
    # The functions above the class are written by hand, in the fragment itself; the class is generated.
    code = SPEC_FRAGMENT.read_text().split("\nclass ModuleDocFragment:", 1)[0]
    lines = [code, "class ModuleDocFragment:", f'    DOCUMENTATION = r"""{body}"""']
    # Annotated: ansible-test's yamllint reads every plain assignment of a fragment class as a YAML literal; these
    # are computed from the literal above, which it lints.
    lines.append("")
    for name, (options, path) in views().items():
        keywords = (("exclude", options.exclude), ("optional", options.optional))
        given = [f"{key}={_tuple(value)}" for key, value in keywords if value]
        args = ", ".join(["DOCUMENTATION", _tuple(path), *given])
        call = f"    {name.upper()}: str = _options({args})"
        # Laid out as ruff format lays out a call too long for one line.
        lines.append(call if len(call) <= MAX_LINE else f"    {name.upper()}: str = _options(\n        {args}\n    )")
    return "\n".join(lines) + "\n"


def aws_connection() -> str:
    import importlib

    package = importlib.import_module("ansible_collections.amazon.aws")
    manifest = json.loads((Path(next(iter(package.__path__))) / "MANIFEST.json").read_text())
    version = manifest["collection_info"]["version"]
    options: dict[str, Any] = {}
    extra: dict[str, list[str]] = {"notes": [], "requirements": []}
    for name in AWS_FRAGMENTS:
        module = importlib.import_module(f"ansible_collections.amazon.aws.plugins.doc_fragments.{name}")
        doc = yaml.safe_load(module.ModuleDocFragment().MODULES)
        options.update(doc.get("options") or {})
        for key in extra:
            extra[key] += doc.get(key) or []
    source = f"amazon.aws {version}'s module fragments ({', '.join(AWS_FRAGMENTS)})"
    header = HEADER.replace(
        "Generated from the storage spec model by hack/gen_doc_fragments.py",
        f"Generated by hack/gen_doc_fragments.py from {source}",
    )
    return render(options, extra, header)


# Return values that mean the same in every module that returns them (the result builders of module_utils/_ops and
# _k8s/converge.py make them). ansible-core merges doc fragments into DOCUMENTATION only, so each module's RETURN
# holds a copy of these entries; main() keeps the copies identical to the ones here.
SHARED_RETURNS: dict[str, dict[str, Any]] = {
    "unchanged": {
        "description": [
            "How many of the objects the task compared with the cluster were already as declared; C(objects) lists "
            "only the others.",
        ],
        "returned": "when the task compared objects with the cluster",
        "type": "int",
        "sample": 3,
    },
    "diff": {
        "description": [
            "In diff mode, one entry per object that changed (or would change, in check mode). C(before_header) and "
            "C(after_header) name the object, C(before) and C(after) are YAML. C(before) holds the live values of the "
            "fields the task sets (the whole object when it is deleted), C(after) the object as applied. Secret "
            "values are masked; status, C(managedFields), C(resourceVersion) and C(uid) are left out.",
            "A list, where C(kubernetes.core.k8s) returns one before and after, since a task here may change several "
            "objects.",
        ],
        "returned": "in diff mode",
        "type": "list",
        "elements": "dict",
    },
    "uncertain": {
        "description": [
            "When the run failed after writing, the objects whose write was sent but never answered for sure (the "
            "connection dropped, the API server or etcd timed out), so each may or may not have been written; a rerun "
            "converges them. Counted in C(changed).",
        ],
        "returned": "when the run failed after its first write",
        "type": "list",
        "elements": "dict",
        "sample": [{"kind": "StorageClass", "name": "gold", "action": "create"}],
    },
}


def render_return(name: str, entry: dict[str, Any]) -> str:
    """One RETURN entry in the modules' own layout (list items indented under their key)."""

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

    text = _wrap(yaml.dump({name: entry}, Dumper=Dumper, sort_keys=False, width=100, default_flow_style=False))
    assert yaml.safe_load(text) == {name: entry}, "wrapping changed the entry"
    return text


def sync_returns(source: str) -> str:
    """A module's source with each shared entry of its RETURN as SHARED_RETURNS has it, first; other entries
    untouched."""
    start = 'RETURN = r"""\n'
    head, found, rest = source.partition(start)
    if not found:
        return source
    body, end, tail = rest.partition('"""')
    blocks: list[list[str]] = []
    for line in body.splitlines(keepends=True):
        if not blocks or (line.strip() and not line[0].isspace()):
            blocks.append([])
        blocks[-1].append(line)
    names = [block[0].split(":", 1)[0] for block in blocks]
    # The shared entries lead, in SHARED_RETURNS' order, and the module's own follow as it wrote them: every RETURN
    # starts with the same generic block and ends with what only that module returns.
    shared = [render_return(name, entry) for name, entry in SHARED_RETURNS.items() if name in names]
    own = ["".join(block) for name, block in zip(names, blocks, strict=True) if name not in SHARED_RETURNS]
    return head + start + "".join(shared + own) + end + tail


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    # The spec and, as views of its sections, the per-resource modules' options come from the same model.
    for path, text in (
        (SPEC_FRAGMENT, spec_fragment()),
        (ROOT / "plugins" / "doc_fragments" / f"{AWS_CONNECTION}.py", aws_connection()),
    ):
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text)
    for path in sorted((ROOT / "plugins" / "modules").glob("*.py")):
        source = path.read_text()
        text = sync_returns(source)
        if check and text != source:
            stale.append(str(path.relative_to(ROOT)))
        elif text != source:
            path.write_text(text)
    if stale:
        print("stale doc fragments (run python hack/gen_doc_fragments.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
