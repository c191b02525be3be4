"""What the benchmark runs: the workload files of one size and the command line of each tool."""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import specgen
import yaml

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
COLLECTION_FILES = ("galaxy.yml", "meta", "plugins")
_collections: list[Path] = []  # the ANSIBLE_COLLECTIONS_PATH in use, once chosen


def export_revision(rev: str, directory: Path) -> Path:
    """The collection's files at git revision ``rev``, so edits to the work tree during a run change nothing."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", rev, *COLLECTION_FILES], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive.stdout, check=True)
    return directory


def link_collection(source: Path, base: Path) -> Path:
    """Make ``base/ansible_collections/tridentops/storage`` point at ``source``: ``base`` is a collections path."""
    link = base / "ansible_collections" / "tridentops" / "storage"
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(source.resolve(), target_is_directory=True)
    return base


def use_collection(source: Path, base: Path) -> Path:
    """Link ``source`` under ``base`` as the collection under test and import the spec from there."""
    link_collection(source, base)
    _collections[:] = [base]
    sys.path.insert(0, str(base))
    return base


def collections_path() -> Path:
    if not _collections:
        raise RuntimeError("use_collection() first")
    return _collections[0]


def fingerprint(source: Path) -> str:
    """A short hash of the collection's files under ``source``: tells whether the product changed."""
    digest = hashlib.sha256()
    for name in COLLECTION_FILES:
        root = source / name
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(source)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _render(data: dict[str, object]) -> tuple[list[dict[str, object]], str]:
    """The objects the spec renders (secrets revealed) and their multi-document YAML, by the product's code."""
    spec = "ansible_collections.tridentops.storage.plugins.module_utils.spec"
    render = importlib.import_module(f"{spec}.render").render
    load = importlib.import_module(f"{spec}.stack").load
    objects = render(load(data)).objects
    return objects, importlib.import_module(f"{spec}.yamlio").dump_all(objects)


@dataclass(frozen=True)
class Workload:
    """The files of one size: the spec, the objects it renders (secrets revealed), the playbooks."""

    size: int
    directory: Path

    @property
    def spec(self) -> Path:
        return self.directory / "spec.yaml"

    @property
    def objects(self) -> Path:
        return self.directory / "objects.yaml"

    def playbook(self, tool: str) -> Path:
        return self.directory / f"{tool}.yml"

    def expected(self) -> dict[str, int]:
        backends = specgen.backends_for(self.size)
        return {"Secret": backends, "TridentBackendConfig": backends, "StorageClass": 3 * backends}


def _play(task: dict[str, object]) -> str:
    play = {
        "hosts": "localhost",
        "connection": "local",
        "gather_facts": False,
        "vars": {"ansible_python_interpreter": PYTHON},
        "tasks": [task],
    }
    return yaml.safe_dump([play], sort_keys=False)


def _tasks(workload: Workload) -> dict[str, dict[str, object]]:
    objects = str(workload.objects)
    return {
        "stack": {"name": "stack", "tridentops.storage.stack": {"src": str(workload.spec), "wait": False}},
        "k8s_ssa": {
            "name": "k8s src, server-side apply",
            "kubernetes.core.k8s": {
                "src": objects,
                "state": "present",
                "apply": True,
                "server_side_apply": {"field_manager": "bench"},
            },
        },
        "k8s": {"name": "k8s src", "kubernetes.core.k8s": {"src": objects, "state": "present"}},
        "k8s_loop": {
            "name": "k8s per object",
            "kubernetes.core.k8s": {"definition": "{{ item }}", "state": "present"},
            "loop": f"{{{{ lookup('file', '{objects}') | from_yaml_all | list }}}}",
        },
        "floor": {"name": "ping", "ansible.builtin.ping": {}},
    }


def write_workload(size: int, directory: Path) -> Workload:
    """Generate the spec, render its objects the way the stack module would, write the playbooks."""
    directory.mkdir(parents=True, exist_ok=True)
    workload = Workload(size, directory)
    data = specgen.make_spec(size)
    workload.spec.write_text(yaml.safe_dump(data, sort_keys=False))
    rendered, text = _render(data)
    if len(rendered) != size:
        raise RuntimeError(f"spec for {size} objects rendered {len(rendered)}")
    workload.objects.write_text(text)
    for tool, task in _tasks(workload).items():
        workload.playbook(tool).write_text(_play(task))
    return workload


@dataclass(frozen=True)
class Tool:
    name: str
    label: str
    command: Callable[[Workload, Path], list[str]]
    ansible: bool = True
    needs_reset: bool = True


def _playbook(tool: str) -> Callable[[Workload, Path], list[str]]:
    return lambda workload, kubeconfig: [str(BIN / "ansible-playbook"), str(workload.playbook(tool))]


def _kubectl(workload: Workload, kubeconfig: Path) -> list[str]:
    return ["kubectl", "--kubeconfig", str(kubeconfig), "apply", "--server-side", "-f", str(workload.objects)]


TOOLS = {
    tool.name: tool
    for tool in (
        Tool("stack", "tridentops.storage.stack", _playbook("stack")),
        Tool("kubectl", "kubectl apply --server-side", _kubectl, ansible=False),
        Tool("k8s_ssa", "kubernetes.core.k8s src (server-side apply)", _playbook("k8s_ssa")),
        Tool("k8s", "kubernetes.core.k8s src (state: present)", _playbook("k8s")),
        Tool("k8s_loop", "kubernetes.core.k8s per-object loop", _playbook("k8s_loop")),
        Tool("floor", "ansible-playbook, one ping task", _playbook("floor"), needs_reset=False),
    )
}


def environment(kubeconfig: Path, record: Path) -> dict[str, str]:
    """The user's environment plus what points every tool at the benchmark's own control plane."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "K8S_AUTH_"))}
    env.update(
        KUBECONFIG=str(kubeconfig),
        K8S_AUTH_KUBECONFIG=str(kubeconfig),
        ANSIBLE_COLLECTIONS_PATH=str(collections_path()),
        ANSIBLE_CALLBACK_PLUGINS=str(Path(__file__).resolve().parent / "callback_plugins"),
        ANSIBLE_CALLBACKS_ENABLED="bench_record",
        ANSIBLE_LOCALHOST_WARNING="False",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="False",
        BENCH_RECORD=str(record),
    )
    return env
