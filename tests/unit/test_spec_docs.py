"""The storage spec is documented where ansible-doc and the docsite show it: every field of the model, with its
path, type, required, default and choices, as suboptions of the ``spec`` option (plugins/doc_fragments/spec.py,
generated from the model)."""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import subprocess
import sys
import types
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import gen_doc_fragments
import pytest
from collection_path import link_collection

from ansible_collections.tridentops.storage.plugins.module_utils.spec.stack import StorageSpec

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MODULES = sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py"))


def model_fields(cls: Any, prefix: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each field of a model class under its documented path (``spec.backends[].name``), as the docs should say it."""
    hints = get_type_hints(cls)
    for f in dataclasses.fields(cls):
        path = f"{prefix}.{f.name}"
        tp = hints[f.name]
        if get_origin(tp) in (Union, types.UnionType):
            kept = [a for a in get_args(tp) if a is not type(None)]
            tp = kept[0] if len(kept) == 1 else Any
        item = get_args(tp)[0] if get_origin(tp) is tuple else None
        literal = item if item is not None and get_origin(item) is Literal else tp
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        default = f.default if isinstance(f.default, str | int | bool) else None
        shown = {
            "type": _doc_type(tp),
            "required": required,
            "default": default,
            "choices": list(get_args(literal)) if get_origin(literal) is Literal else None,
        }
        yield path, shown
        nested = item if dataclasses.is_dataclass(item) else tp if dataclasses.is_dataclass(tp) else None
        if nested is not None:
            yield from model_fields(nested, f"{path}[]" if item is not None else path)


def _doc_type(tp: Any) -> str:
    if get_origin(tp) is Literal:
        tp = type(get_args(tp)[0])
    if get_origin(tp) is tuple:
        return "list"
    if dataclasses.is_dataclass(tp) or get_origin(tp) is Mapping:
        return "dict"
    return {str: "str", int: "int", bool: "bool"}.get(tp, "raw")


def documented(options: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each option and suboption under its path, as ansible-doc reports it."""
    for name, option in options.items():
        path = f"{prefix}.{name}"
        yield (
            path,
            {
                "type": option.get("type", "str"),
                "required": option.get("required", False),
                "default": option.get("default"),
                "choices": option.get("choices"),
            },
        )
        below = option.get("suboptions")
        if below:
            yield from documented(below, f"{path}[]" if option.get("type") == "list" else path)


def ansible_doc(*modules: str) -> dict[str, Any]:
    env = {**os.environ, "ANSIBLE_COLLECTIONS_PATH": str(link_collection())}
    done = subprocess.run(
        [BIN / "ansible-doc", "--json", *(f"tridentops.storage.{m}" for m in modules)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return {name.rsplit(".", 1)[-1]: doc["doc"] for name, doc in json.loads(done.stdout).items()}


def modules_taking_a_spec() -> list[str]:
    found = []
    for name in MODULES:
        module = importlib.import_module(f"ansible_collections.tridentops.storage.plugins.modules.{name}")
        if "spec" in module.ARG_SPEC:
            found.append(name)
    return found


def test_the_spec_fragment_is_generated_from_the_model():
    path = ROOT / "plugins" / "doc_fragments" / "spec.py"
    assert path.read_text() == gen_doc_fragments.spec_fragment()


def test_modules_that_take_a_spec_are_found():
    assert modules_taking_a_spec() == ["fsx_ontap_plan", "stack"]


@pytest.mark.parametrize("module", ["fsx_ontap_plan", "stack"])
def test_ansible_doc_shows_every_field_of_the_spec_with_its_path(module: str):
    doc = ansible_doc(module)[module]
    expected = dict(model_fields(StorageSpec, "spec"))
    shown = dict(documented(doc["options"]["spec"].get("suboptions") or {}, "spec"))
    assert sorted(expected) == sorted(shown)
    wrong = {path: (shown[path], want) for path, want in expected.items() if shown[path] != want}
    assert wrong == {}
    # A few paths as a reader would look for them.
    assert {"spec.backends[].credentials.name", "spec.trident.version", "spec.aws.file_system.deployment_type"} <= set(
        shown
    )


def test_ansible_doc_shows_the_spec_of_every_module_that_takes_one():
    docs = ansible_doc(*modules_taking_a_spec())
    options = {name: doc["options"]["spec"] for name, doc in docs.items()}
    without = sorted(name for name, spec in options.items() if not spec.get("suboptions"))
    assert without == []
    # One fragment, so the same words everywhere.
    assert len({json.dumps(spec, sort_keys=True) for spec in options.values()}) == 1
