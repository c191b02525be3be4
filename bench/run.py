"""Benchmark tridentops.storage.stack against kubectl and kubernetes.core.k8s on an embedded control plane.

Starts its own control plane (never the shared one), generates a spec per size (N backends with
their Secrets, 3N StorageClasses), and for each tool times a cold run (objects absent) and a
no-change run (same objects again), medians of several rounds, then profiles the stack module.
With --baseline-rev, the stack module of a second revision runs in the same rounds (stack@baseline).
Writes a JSON result and prints markdown tables. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import cluster
import measure
import report
import tools
from profiling import Profiler
from report import BASELINE, baseline_label
from tools import BIN, TOOLS, Tool, Workload, environment, write_workload

HERE = Path(__file__).resolve().parent
COMPARED = ("stack", BASELINE, "kubectl", "k8s_ssa", "k8s")
STACKS = ("stack", BASELINE)  # the tools whose results are the stack module's, and checked as such
PHASE_KEYS = ("startup", "play_setup", "task", "shutdown")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="250,1000,2500", help="object counts, multiples of 5")
    parser.add_argument("--runs", type=int, default=5, help="rounds (cold + no-change) per tool and size")
    parser.add_argument("--slow-runs", type=int, default=3, help="rounds of the kubernetes.core tasks at --slow-from")
    parser.add_argument("--slow-from", type=int, default=2500, help="size from which --slow-runs applies")
    parser.add_argument("--plain-k8s-max", type=int, default=2500, help="largest size for k8s src without apply")
    parser.add_argument("--skip-loop", action="store_true", help="skip the per-object loop (one round at 250)")
    parser.add_argument("--profile-size", type=int, default=2500, help="size to profile the stack module at; 0: none")
    parser.add_argument("--profile-runs", type=int, default=3, help="rounds of the profile's timed runs")
    parser.add_argument("--profile-only", action="store_true", help="skip the comparison, only profile")
    parser.add_argument(
        "--rev", help="benchmark the collection as committed at this git revision (default: the work tree as it is)"
    )
    parser.add_argument(
        "--baseline-rev",
        help="also time the stack module as committed at this git revision (tool stack@baseline), in the same rounds",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--state-dir", type=Path, default=Path(tempfile.gettempdir()) / "bench-cp")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "bench-work")
    return parser.parse_args(argv)


class Bench:
    """One benchmark invocation: the cluster, the work directory and the results gathered so far."""

    def __init__(self, args: argparse.Namespace, kube: cluster.Cluster, baseline: dict[str, Any] | None = None) -> None:
        self.args = args
        self.kube = kube
        self.record = args.work_dir / "record.json"
        self.env = environment(kube.kubeconfig, self.record)
        self.tools = dict(TOOLS)
        self.tool_env: dict[str, dict[str, str]] = {}
        if baseline:
            # The same playbook as "stack"; Ansible finds tridentops.storage in the baseline's own tree.
            self.tools[BASELINE] = Tool(BASELINE, baseline_label(baseline), TOOLS["stack"].command)
            self.tool_env[BASELINE] = {"ANSIBLE_COLLECTIONS_PATH": baseline["collections_path"]}

    def check_tree(self, name: str, tree: dict[str, Any]) -> None:
        """Ansible must load ``name``'s stack module from ``tree``: each revision is timed on its own code."""
        env = self.env | self.tool_env.get(name, {})
        argv = [str(BIN / "ansible-doc"), "--json", "tridentops.storage.stack"]
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
        found = Path(json.loads(done.stdout)["tridentops.storage.stack"]["doc"]["filename"]).resolve()
        if not found.is_relative_to(Path(tree["path"]).resolve()):
            raise AssertionError(f"{name}: Ansible loads {found}, not the module under {tree['path']}")
        tree["module_file"] = str(found)

    def run(self, tool: Tool, workload: Workload, extra_env: dict[str, str] | None = None) -> measure.Sample:
        argv = tool.command(workload, self.kube.kubeconfig)
        env = self.env | self.tool_env.get(tool.name, {}) | (extra_env or {})
        sample = measure.timed(argv, env, self.args.work_dir, self.record if tool.ansible else None)
        task = sample.task
        if task.get("failed"):
            raise measure.CommandFailed(f"{tool.name} task failed: {task.get('msg')}")
        return sample

    def check_cold(self, tool: Tool, workload: Workload, sample: measure.Sample) -> None:
        found, expected = self.kube.count(), workload.expected()
        if found != expected:
            raise AssertionError(f"{tool.name} cold run at {workload.size}: server has {found}, expected {expected}")
        if tool.name in STACKS and sample.task.get("actions") != {"create": workload.size}:
            raise AssertionError(f"{tool.name} cold run at {workload.size} reported {sample.task}")

    def check_nochange(self, tool: Tool, workload: Workload, sample: measure.Sample) -> None:
        task = sample.task
        if tool.name in STACKS and (task.get("changed") or task.get("actions") != {"unchanged": workload.size}):
            raise AssertionError(f"{tool.name} no-change run at {workload.size} reported {task}")

    def pair(self, tool: Tool, workload: Workload) -> tuple[measure.Sample, measure.Sample]:
        """Reset, then a cold run and a no-change run of ``tool``, each checked."""
        self.kube.reset()
        cold = self.run(tool, workload)
        self.check_cold(tool, workload, cold)
        nochange = self.run(tool, workload)
        self.check_nochange(tool, workload, nochange)
        return cold, nochange

    def rounds(self, name: str, size: int) -> int:
        if name.startswith("k8s") and size >= self.args.slow_from:
            return min(int(self.args.runs), int(self.args.slow_runs))
        return int(self.args.runs)

    def tools_for(self, size: int) -> list[str]:
        return [t for t in COMPARED if t in self.tools and (t != "k8s" or size <= self.args.plain_k8s_max)]

    def measure_size(self, workload: Workload) -> dict[str, Any]:
        """Every compared tool, round after round (tool order rotated) so load drifts hit all alike."""
        names = self.tools_for(workload.size)
        samples: dict[str, list[tuple[measure.Sample, measure.Sample]]] = {n: [] for n in names}
        for index in range(self.args.runs):
            order = names[index % len(names) :] + names[: index % len(names)]
            for name in order:
                if len(samples[name]) < self.rounds(name, workload.size):
                    samples[name].append(self.pair(self.tools[name], workload))
                    _progress(name, workload.size, samples[name][-1])
        return {name: summarise(pairs) for name, pairs in samples.items()}

    def floor(self, workload: Workload) -> dict[str, Any]:
        return measure.summary([self.run(TOOLS["floor"], workload).seconds for _ in range(self.args.runs)])

    def loop(self, workload: Workload) -> dict[str, Any]:
        return summarise([self.pair(TOOLS["k8s_loop"], workload)])


def summarise(pairs: list[tuple[measure.Sample, measure.Sample]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for mode, samples in (("cold", [p[0] for p in pairs]), ("nochange", [p[1] for p in pairs])):
        out[mode] = measure.summary([s.seconds for s in samples]) | {"samples": [s.seconds for s in samples]}
        phases = [s.phases() for s in samples if s.phases()]
        if phases:
            out[f"{mode}_phases"] = {k: statistics.median(p[k] for p in phases) for k in PHASE_KEYS}
        out[f"{mode}_changed"] = [s.task.get("changed") for s in samples if s.task]
    return out


def _progress(name: str, size: int, pair: tuple[measure.Sample, measure.Sample]) -> None:
    print(f"  {size:>5} {name:<14} cold {pair[0].seconds:7.2f} s  no-change {pair[1].seconds:7.2f} s", flush=True)


def versions() -> dict[str, str]:
    def first_line(argv: list[str]) -> str:
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr) else ""

    return {
        "python": platform.python_version(),
        "ansible-core": first_line([str(BIN / "ansible"), "--version"]),
        "kubectl": first_line(["kubectl", "version", "--client"]),
        "kube-apiserver": cluster.KUBE_VERSION,
    }


def git(*argv: str) -> str:
    done = subprocess.run(["git", "-C", str(tools.REPO), *argv], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def choose_product(args: argparse.Namespace) -> dict[str, Any]:
    """Link the collection under test (work tree, or an exported revision) and describe it."""
    if args.rev:
        source = tools.export_revision(args.rev, args.work_dir / "product")
        described: dict[str, Any] = {"source": f"git revision {args.rev}", "commit": git("rev-parse", args.rev)}
    else:
        source = tools.REPO
        dirty = git("status", "--porcelain", "--", *tools.COLLECTION_FILES)
        described = {"source": "work tree", "commit": git("rev-parse", "HEAD"), "uncommitted": dirty.splitlines()}
    tools.use_collection(source, args.work_dir / "collections")
    return described | {"path": str(source), "fingerprint_start": tools.fingerprint(source)}


def choose_baseline(args: argparse.Namespace) -> dict[str, Any] | None:
    """Export --baseline-rev as a second product tree, linked under a collections path of its own.

    Only the baseline's Ansible runs read it (its module and module_utils); the workloads are rendered once,
    by the collection under test, so both revisions apply the same objects.
    """
    if not args.baseline_rev:
        return None
    source = tools.export_revision(args.baseline_rev, args.work_dir / "baseline-product")
    collections = tools.link_collection(source, args.work_dir / "baseline-collections")
    return {
        "source": f"git revision {args.baseline_rev}",
        "commit": git("rev-parse", args.baseline_rev),
        "path": str(source),
        "collections_path": str(collections),
        "fingerprint_start": tools.fingerprint(source),
    }


def snapshot(bench_pids: set[int], when: str) -> dict[str, Any]:
    return {"when": when, "processes": measure.busy_processes(bench_pids)}


def compare(args: argparse.Namespace, bench: Bench, workloads: dict[int, Workload], ours: set[int]) -> dict[str, Any]:
    """The comparison proper: the Ansible floor, every tool at every size, the per-object loop."""
    sizes = list(workloads)
    found: dict[str, Any] = {"floor": bench.floor(workloads[sizes[0]]), "sizes": {}, "other_processes": []}
    for size in sizes:
        print(f"== {size} objects", flush=True)
        found["sizes"][str(size)] = bench.measure_size(workloads[size])
        found["other_processes"].append(snapshot(ours, f"after {size}"))
    if not args.skip_loop:
        loop_size = 250 if 250 in workloads else sizes[0]
        found["sizes"][str(loop_size)]["k8s_loop"] = bench.loop(workloads[loop_size])
    return found


def benchmark(
    args: argparse.Namespace, kube: cluster.Cluster, product: dict[str, Any], baseline: dict[str, Any] | None = None
) -> dict[str, Any]:
    bench = Bench(args, kube, baseline)
    ours = {os.getpid(), *(pid for pid, _ in kube.plane.processes())}
    results: dict[str, Any] = {"started": _now(), "versions": versions(), "args": _jsonable(vars(args))}
    results |= {"product": product, "sizes": {}, "other_processes": [snapshot(ours, "start")]}
    if baseline:
        bench.check_tree("stack", product)
        bench.check_tree(BASELINE, baseline)
        results["baseline"] = baseline
    compared_sizes = [] if args.profile_only else [int(s) for s in args.sizes.split(",")]
    profiled = [args.profile_size] if args.profile_size else []
    workloads = {size: write_workload(size, args.work_dir / str(size)) for size in {*compared_sizes, *profiled}}
    with measure.LoadMonitor() as monitor:
        if compared_sizes:
            compared = compare(args, bench, {size: workloads[size] for size in compared_sizes}, ours)
            results["floor"], results["sizes"] = compared["floor"], compared["sizes"]
            results["other_processes"] += compared["other_processes"]
        if args.profile_size:
            profiler = Profiler(bench.env, args.out.parent, args.work_dir, kube.reset, bench.run)
            results["profile"] = profiler.profile(workloads[args.profile_size], args.profile_runs)
    results["load"] = monitor.report()
    results["finished"] = _now()
    for tree in filter(None, (product, baseline)):
        tree["fingerprint_end"] = tools.fingerprint(Path(tree["path"]))
        tree["changed_during_run"] = tree["fingerprint_end"] != tree["fingerprint_start"]
    if baseline:
        results["revisions"] = report.revisions(results)
    return results


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Path) else v for k, v in values.items()}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    product = choose_product(args)
    baseline = choose_baseline(args)
    kube = cluster.Cluster(args.state_dir)
    print(f"starting control plane in {args.state_dir}", flush=True)
    kube.start()
    try:
        results = benchmark(args, kube, product, baseline)
    finally:
        kube.stop()
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(report.markdown(results))
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
