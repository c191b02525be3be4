"""The doc fragments of model-backed options match the model they are generated from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import gen_doc_fragments
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_generated_doc_fragments_are_up_to_date():
    result = subprocess.run(
        [sys.executable, "hack/gen_doc_fragments.py", "--check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("fragment", sorted(gen_doc_fragments.views()))
def test_a_modules_options_are_its_section_of_the_spec_fragment(fragment: str):
    """A per-resource module's options are a view of its section of the spec's fragment, computed where ansible-doc
    loads it: the same as the docs of the model's fields as module options (allowed values said in the description,
    fields required only with state=present not marked required)."""
    from ansible_collections.tridentops.storage.plugins.doc_fragments.spec import ModuleDocFragment

    options, path = gen_doc_fragments.views()[fragment]
    view = yaml.safe_load(getattr(ModuleDocFragment, fragment.upper()))
    assert view == {"options": options.docs()}, path


def test_every_module_option_fragment_names_a_section():
    """Each module that extends tridentops.storage.spec.<name> finds its view there."""
    from ansible_collections.tridentops.storage.plugins.doc_fragments.spec import ModuleDocFragment

    named = set()
    for path in sorted((ROOT / "plugins" / "modules").glob("*.py")):
        doc = yaml.safe_load(path.read_text().split('DOCUMENTATION = r"""', 1)[1].split('"""', 1)[0])
        for name in doc.get("extends_documentation_fragment") or []:
            if name.startswith("tridentops.storage.spec."):
                named.add(name.rsplit(".", 1)[1])
    assert named == set(gen_doc_fragments.views())
    assert all(hasattr(ModuleDocFragment, name.upper()) for name in named)


def test_secret_fields_are_no_log_options():
    from ansible_collections.tridentops.storage.plugins.module_utils._fragments import argspec

    credentials = argspec("backend_options")["credentials"]["options"]
    secret = {name for name, option in credentials.items() if option.get("no_log")}
    assert secret == {
        "username",
        "password",
        "client_private_key",
        "chap_username",
        "chap_initiator_secret",
        "chap_target_username",
        "chap_target_initiator_secret",
    }


def test_module_docs_use_only_this_collections_fragments():
    """Galaxy's importer runs ansible-doc on the collection without its dependencies: a fragment of amazon.aws
    (or any other collection) would fail the docs of every module, so the AWS connection options come from ours."""
    foreign = {}
    for path in sorted((ROOT / "plugins" / "modules").glob("*.py")):
        text = path.read_text()
        doc = yaml.safe_load(text.split('DOCUMENTATION = r"""', 1)[1].split('"""', 1)[0])
        names = doc.get("extends_documentation_fragment") or []
        outside = [n for n in names if not n.startswith("tridentops.storage.")]
        if outside:
            foreign[path.stem] = outside
    assert foreign == {}
