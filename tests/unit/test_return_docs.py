"""Every key a module's result holds is in its RETURN, and the keys modules share are documented the same way.

The Kubernetes modules run in-process, in check and diff mode, against an empty cluster double: each lists nothing,
plans creates and returns what it would do, which is the result with the most keys the module has without a live
object of its own. Modules that need one (a claim to resize, a backup to restore) or AWS are listed with why they
are not run; their shared keys are still checked against hack/gen_doc_fragments.py's SHARED_RETURNS.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import gen_doc_fragments
import pytest
import yaml
from api_double import HOST, FakeConfiguration, Response, listing, not_found
from plugin_imports import import_graph, payload

from ansible_collections.tridentops.storage.plugins.module_utils import _module
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import Connection

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py"))
# Keys ansible-core documents for every module (its common return values): not repeated in RETURN.
COMMON = {"changed", "failed", "msg", "invocation", "warnings", "deprecations"}
NAMESPACES = ("apps", "monitoring", "trident", "trident-protect")

# Module -> its smallest input that plans a create against an empty cluster.
RUN: dict[str, dict[str, Any]] = {
    "stack": {"spec": {"name": "s"}},
    "trident": {},
    "backend": {
        "name": "nas",
        "driver": "ontap-nas",
        "management_lif": "10.0.0.1",
        "svm": "svm0",
        "credentials": {"name": "nas-credentials"},
    },
    "storage_class": {"name": "gold"},
    "snapshot_class": {"name": "snapshots"},
    "autogrow_policy": {"name": "standard", "used_threshold": "80%"},
    "namespace": {"name": "team-a"},
    "monitoring": {},
    "protect_install": {"cluster_name": "prod"},
    "protect_app": {"name": "app", "namespace": "apps"},
    "protect_vault": {"name": "backups", "provider": "AWS", "bucket": "backups", "use_iam": True},
    "fsx_ontap_plan": {"src": str(ROOT / "examples" / "aws-fsx-provision.yaml")},
    "info": {},
    "adopt": {},
    "volume_snapshot_info": {"namespace": "apps"},
}
NOT_RUN = {
    # A live object of their own is what they act on.
    "mirror_relationship": "needs a claim and a Trident mirror relationship",
    "protect_backup": "needs a protect Application and AppVault",
    "protect_restore": "needs a protect backup or snapshot",
    "protect_schedule": "needs a protect Application",
    "protect_snapshot": "needs a protect Application",
    "snapshot_restore": "needs a VolumeSnapshot and its claim",
    "volume_clone": "needs a source claim",
    "volume_import": "needs a Trident backend and an ONTAP volume",
    "volume_resize": "needs a claim",
    "volume_snapshot": "needs a claim",
    # AWS modules: tests/aws runs them against the AWS API double.
    "eks_addon": "AWS",
    "fsx_ontap_filesystem": "AWS",
    "fsx_ontap_info": "AWS",
    "fsx_ontap_svm": "AWS",
    "fsx_ontap_trident_iam": "AWS",
}


class EmptyCluster:
    """An API server with Trident's CRDs served and nothing in them; a few namespaces exist. Reads only."""

    def request(self, method: str, url: str, body: bytes | None = None, **options: Any) -> Response:
        assert method == "GET", f"check mode wrote: {method} {url}"
        parts = urlsplit(url).path.strip("/").split("/")
        if parts[:3] == ["api", "v1", "namespaces"] and len(parts) <= 4:
            found = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}} for n in NAMESPACES]
            if len(parts) == 3:
                return listing("Namespace", found)
            return Response(200, found[NAMESPACES.index(parts[3])]) if parts[3] in NAMESPACES else not_found()
        rest = parts[2:] if parts[0] == "api" else parts[3:]
        if rest[:1] == ["namespaces"] and len(rest) >= 3:
            rest = rest[2:]
        if len(rest) == 1 and "watch=" not in url:
            return listing("Any", [])  # a collection: empty
        return not_found()  # an object of it


def run_module(name: str, args: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from ansible.module_utils.testing import patch_module_args

    monkeypatch.setattr(_module, "connect", lambda *a, **k: Connection(HOST, EmptyCluster(), FakeConfiguration()))
    module = importlib.import_module(f"ansible_collections.tridentops.storage.plugins.modules.{name}")
    out = io.StringIO()
    check_and_diff = {**args, "_ansible_check_mode": True, "_ansible_diff": True}
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit), patch_module_args(check_and_diff):
        module.main()
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def documented(name: str) -> dict[str, Any]:
    module = importlib.import_module(f"ansible_collections.tridentops.storage.plugins.modules.{name}")
    return yaml.safe_load(module.RETURN) or {}


def test_every_module_is_run_or_says_why_not():
    assert sorted([*RUN, *NOT_RUN]) == MODULES


@pytest.mark.parametrize("name", sorted(RUN))
def test_a_result_holds_only_keys_its_module_documents(name: str, monkeypatch: pytest.MonkeyPatch):
    result = run_module(name, RUN[name], monkeypatch)
    assert not result.get("failed"), result.get("msg")
    undocumented = sorted(set(result) - COMMON - set(documented(name)))
    assert undocumented == []


@pytest.mark.parametrize("name", MODULES)
def test_shared_return_values_are_documented_as_one(name: str):
    returns = documented(name)
    shared = {key: returns[key] for key in gen_doc_fragments.SHARED_RETURNS if key in returns}
    assert shared == {key: gen_doc_fragments.SHARED_RETURNS[key] for key in shared}


def test_the_modules_returns_are_in_sync_with_the_shared_entries():
    stale = [
        name
        for name in MODULES
        if gen_doc_fragments.sync_returns(text := (ROOT / "plugins" / "modules" / f"{name}.py").read_text()) != text
    ]
    assert stale == []


def reaches_reporting_writes(name: str) -> bool:
    """Whether the module's code, through the collection's module_utils it imports, can report a failure after
    writing (a PartialRun, whose result carries ``uncertain``). The frame every module shares (``_module``, which
    turns a PartialRun into the result, and ``_args``) is not followed: it reports failures, it does not write."""
    frame = {"plugins.module_utils._module", "plugins.module_utils._args"}
    graph = {source: targets - frame for source, targets in import_graph().items()}
    for module in payload(f"plugins.modules.{name}", graph):
        path = ROOT / Path(*module.split("."))
        tree = ast.parse((path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).read_text())
        if any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "reporting_writes" for n in ast.walk(tree)):
            return True
    return False


@pytest.mark.parametrize("name", MODULES)
def test_a_module_that_can_fail_after_writing_documents_what_it_may_have_written(name: str):
    if reaches_reporting_writes(name):
        assert "uncertain" in documented(name)


def test_the_import_walk_finds_the_failure_after_writing():
    assert reaches_reporting_writes("stack") and reaches_reporting_writes("protect_backup")
    assert not reaches_reporting_writes("info")
