"""One way a module runs, and one place for each kind: checked on the source, so a new module or helper that
strays fails here.

- No import circles anywhere under plugins/ (function-level imports count: they hide a circle, they do not
  break it).
- Every Kubernetes module is its argument spec plus one ``_ops`` entry run by ``_module.execute``; it imports
  only ``_module``, ``_args`` and ``_ops`` (never ``_k8s``, the spec model or ``_fragments``).
- A day-2 module's request dataclass is built from the options of the same names (``Task.request``): each of
  its fields is an option, so the two cannot drift apart.
- Kubernetes kinds are named in spec/kinds.py only.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from plugin_imports import dotted, import_graph, imports_of, payload

from ansible_collections.tridentops.storage.plugins.module_utils._ops.task import Task
from ansible_collections.tridentops.storage.plugins.module_utils._ops.volumes import (
    clone,
    imports,
    mirror,
    resize,
    restore,
    snapshots,
)

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
MODULES_DIR = PLUGINS / "modules"
# The readiness files another change is rewriting into one table keep their own kind lookups until then.
READINESS = {"_k8s/wait.py", "_ops/protect/waits.py", "_ops/volumes/judges.py"}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def is_aws(path: Path) -> bool:
    """The AWS modules (amazon.aws's AnsibleAWSModule and _aws's frame): not Kubernetes modules."""
    return any(i.startswith("plugins.module_utils._aws.") for i in imports_of(path))


KUBERNETES_MODULES = sorted(p for p in MODULES_DIR.glob("*.py") if p.name != "__init__.py" and not is_aws(p))


def test_there_are_no_import_circles_under_plugins():
    assert circles(import_graph()) == []


def test_the_circle_finder_finds_one():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_kubernetes_modules_are_the_ones_without_aws():
    names = [p.stem for p in KUBERNETES_MODULES]
    assert "stack" in names and "protect_vault" in names and "volume_clone" in names
    assert not [n for n in names if n.startswith(("fsx_ontap_", "eks_"))]


@pytest.mark.parametrize("path", KUBERNETES_MODULES, ids=lambda p: p.stem)
def test_a_kubernetes_module_imports_only_the_frame_and_its_ops_entry(path: Path):
    utils = "plugins.module_utils."
    used = {i.removeprefix(utils).split(".")[0] for i in imports_of(path) if i.startswith(utils)}
    assert used <= {"_module", "_args", "_ops"}, sorted(used)


@pytest.mark.parametrize("path", KUBERNETES_MODULES, ids=lambda p: p.stem)
def test_a_kubernetes_module_runs_one_ops_entry_through_execute(path: Path):
    tree = ast.parse(path.read_text())
    functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert functions == ["main"], "a module holds its argument spec and main(); what it does is its _ops entry"
    calls = [n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    assert calls.count("execute") == 1 and "run" not in calls and "session_for" not in calls


# Module -> the request dataclass its entry builds with Task.request.
REQUESTS = {
    "volume_clone": clone.CloneRequest,
    "volume_import": imports.ImportRequest,
    "volume_resize": resize.ResizeRequest,
    "volume_snapshot": snapshots.SnapshotRequest,
    "volume_snapshot_info": snapshots.SnapshotRequest,
    "snapshot_restore": restore.RestoreRequest,
    "mirror_relationship": mirror.MirrorRequest,
}


def module_argspec(name: str) -> dict[str, Any]:
    loaded = importlib.import_module(f"ansible_collections.tridentops.storage.plugins.modules.{name}")
    spec: dict[str, Any] = loaded.ARG_SPEC
    return spec


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_every_option_a_request_reads_is_declared_in_the_argument_spec(name: str):
    spec = module_argspec(name)
    missing = [
        f.name
        for f in dataclasses.fields(REQUESTS[name])
        if f.name not in spec
        and f.name not in ("check_mode", "diff")
        # volume_snapshot_info lists: it takes no wait and no labels (their defaults apply).
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    assert missing == []


@pytest.mark.parametrize("name", sorted(set(REQUESTS) - {"volume_snapshot_info"}))
def test_every_request_field_is_an_option(name: str):
    spec = module_argspec(name)
    fields = {f.name for f in dataclasses.fields(REQUESTS[name])}
    assert fields - set(spec) == {"check_mode", "diff"}


def test_a_request_is_built_from_the_options_as_the_fields_type_them():
    params = {
        "name": "copy",
        "namespace": "apps",
        "source_pvc": "data",
        "source_snapshot": None,
        "source_namespace": None,
        "storage_class": None,
        "size": "2Gi",
        "access_modes": ["ReadWriteOnce"],
        "volume_mode": None,
        "labels": {"team": 7},
        "annotations": {},
        "read_only": False,
        "split_on_clone": True,
        "create_namespace": False,
        "delete_namespace": False,
        "state": "present",
        "wait": True,
        "wait_timeout": 60,
    }
    request = Task(params, check_mode=True, diff=True).request(clone.CloneRequest)
    assert request == clone.CloneRequest(
        name="copy",
        namespace="apps",
        source_pvc="data",
        size="2Gi",
        access_modes=("ReadWriteOnce",),
        labels={"team": "7"},
        split_on_clone=True,
        wait_timeout=60,
        check_mode=True,
        diff=True,
    )


def test_an_unset_option_takes_the_requests_default():
    request = Task({"namespace": "apps", "pvc": None}).request(snapshots.SnapshotRequest)
    assert request == snapshots.SnapshotRequest(namespace="apps")
    assert Task({"name": "c", "namespace": "a", "access_modes": None}).request(clone.CloneRequest).access_modes == ()


def python_files() -> Iterator[Path]:
    """plugins/ and the Pulumi package (without its link to the spec model, which is plugins' own)."""
    yield from PLUGINS.rglob("*.py")
    for path in (ROOT / "pulumi_components" / "tridentops_pulumi").rglob("*.py"):
        if not path.resolve().is_relative_to(PLUGINS):
            yield path


def kind_definitions(path: Path) -> list[str]:
    """Where ``path`` spells out a kind's REST coordinates: Kind(...) or a KINDS[("v1", "Secret")] lookup."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Kind":
            found.append(f"{path.name}:{node.lineno} Kind(...)")
        if (
            isinstance(node, ast.Subscript)
            and getattr(node.value, "id", None) == "KINDS"
            and isinstance(node.slice, ast.Tuple)
            and all(isinstance(e, ast.Constant) for e in node.slice.elts)
        ):
            found.append(f"{path.name}:{node.lineno} KINDS[...]")
    return found


def test_kinds_are_named_in_spec_kinds_only():
    utils = PLUGINS / "module_utils"
    found = []
    for path in python_files():
        if path == utils / "spec" / "kinds.py":
            continue
        if path.is_relative_to(utils) and path.relative_to(utils).as_posix() in READINESS:
            continue
        found += kind_definitions(path)
    assert found == []


def test_the_kind_finder_finds_both_spellings(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text('A = KINDS[("v1", "Secret")]\nB = Kind("v1", "Lease", "leases", True)\nC = KINDS[key]\n')
    assert kind_definitions(sample) == ["sample.py:1 KINDS[...]", "sample.py:2 Kind(...)"]


# The modules whose work includes an AWS call (protect's S3 bucket for an AppVault); every other Kubernetes module's
# payload carries no AWS code, so it runs where amazon.aws is not installed and ships no more than it needs.
TALKS_TO_AWS = {"protect_vault"}


@pytest.mark.parametrize("path", KUBERNETES_MODULES, ids=lambda p: p.stem)
def test_a_kubernetes_module_carries_aws_code_only_when_it_calls_aws(path: Path):
    reached = payload(dotted(path), import_graph())
    carries = any(m.startswith("plugins.module_utils._aws") for m in reached)
    assert carries == (path.stem in TALKS_TO_AWS)
