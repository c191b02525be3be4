"""Diff mode shows each object as plain YAML: no anchors or aliases, whatever the rendered objects share."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.converge import Change
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import key_of
from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, render

ROOT = Path(__file__).resolve().parents[2]
# An anchor (&id001) or alias (*id001) as PyYAML writes them: a reader of the diff would have to resolve them.
ANCHOR = re.compile(r"[&*]id\d+")


def test_no_diff_shows_anchors_even_where_rendered_objects_share_values():
    spec = load(yaml.safe_load((ROOT / "examples" / "minimal.yaml").read_text()))
    objects = [obj for stage in render(spec).stages for obj in stage.objects]
    # The operator's Deployment uses one label mapping as its selector and its pods' labels, its ClusterRole
    # one verb list for several rules: the dump would write those as an anchor and aliases.
    shown = {}
    for obj in objects:
        diff = Change(key_of(obj), "create", desired=obj).diff()
        shown[f"{obj['kind']}/{obj['metadata']['name']}"] = diff["after"]
    with_anchors = sorted(name for name, text in shown.items() if ANCHOR.search(text))
    assert with_anchors == []
    # Still the whole object, read back the same.
    deployment = next(o for o in objects if o["kind"] == "Deployment")
    assert yaml.safe_load(shown[f"Deployment/{deployment['metadata']['name']}"]) == deployment


def test_a_before_that_shares_values_shows_no_anchors_either():
    shared = ["get", "list", "watch"]
    live = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "ClusterRole",
        "metadata": {"name": "reader"},
        "rules": [
            {"apiGroups": [""], "resources": ["pods"], "verbs": shared},
            {"apiGroups": [""], "resources": ["nodes"], "verbs": shared},
        ],
    }
    change = Change(key_of(live), "delete", live=live)
    assert not ANCHOR.search(change.diff()["before"])
