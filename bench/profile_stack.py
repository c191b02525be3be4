"""Profile one run of the stack module in-process, as AnsiballZ would run it, in a fresh interpreter.

The main thread is profiled on the wall clock (where the run's time goes); the apply workers on their
own CPU clock (what the client spends per write; their waiting on the server is not CPU). The
kubeconfig comes from K8S_AUTH_KUBECONFIG. Usage (run.py calls it):

    python bench/profile_stack.py SPEC OUT [--cprofile]

Phase timers (default) wrap the functions doing each phase with perf_counter: close to the real
run's times. ``--cprofile`` shows what inside them costs, inflated by the profiler's overhead.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import importlib
import io
import json
import os
import pstats
import sys
import threading
import time
from pathlib import Path
from typing import Any

from ansible.module_utils.testing import patch_module_args

# The collection as the benchmark links it (a work tree or an exported revision).
sys.path.insert(0, os.environ["ANSIBLE_COLLECTIONS_PATH"].split(os.pathsep)[0])

COLLECTION = "ansible_collections.tridentops.storage.plugins"
# (label, places): each phase timed around the function doing it, wherever the product has it (the places of the
# current layout and of earlier ones, so an older revision is profiled alike).
PHASES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "read spec file (YAML)",
        ((f"{COLLECTION}.module_utils._ops.runs", "load_file"), (f"{COLLECTION}.modules.stack", "load_file")),
    ),
    (
        "validate spec",
        ((f"{COLLECTION}.module_utils._ops.task", "Task.spec"), (f"{COLLECTION}.modules.stack", "load_spec")),
    ),
    (
        "  of which class/pool matching",
        ((f"{COLLECTION}.module_utils.spec.stack", "StorageSpec._check_class_matches"),),
    ),
    ("render objects", ((f"{COLLECTION}.module_utils._ops.runs", "render"), (f"{COLLECTION}.modules.stack", "render"))),
    (
        "connect (kubeconfig; imports kubernetes)",
        ((f"{COLLECTION}.module_utils._module", "session_for"), (f"{COLLECTION}.modules.stack", "session_for")),
    ),
    ("plan: list + diff", ((f"{COLLECTION}.module_utils._ops.stack", "StackRunner._plan"),)),
    ("  of which GET lists", ((f"{COLLECTION}.module_utils._k8s.session", "KubeSession.list"),)),
    ("execute: apply, 8 in parallel", ((f"{COLLECTION}.module_utils._ops.stack", "StackRunner._execute"),)),
    ("result dict", ((f"{COLLECTION}.module_utils._ops.stack", "Outcome.result"),)),
    ("exit_json (masking + JSON out)", (("ansible.module_utils.basic", "AnsibleModule.exit_json"),)),
    ("  of which remove_values (no_log masking)", (("ansible.module_utils.basic", "remove_values"),)),
)


class PhaseTimers:
    """Wraps each phase's function with a perf_counter timer (cheap enough to leave the run's shape alone)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {label: 0.0 for label, _ in PHASES}
        self._undo: list[tuple[Any, str, Any]] = []

    def _wrap(self, label: str, function: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            begin = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - begin

        return timed

    def install(self) -> None:
        for label, places in PHASES:
            found = False
            for module_name, attribute in places:
                try:
                    owner: Any = importlib.import_module(module_name)
                except ModuleNotFoundError:  # a layout this revision does not have
                    continue
                *parents, name = attribute.split(".")
                for parent in parents:
                    owner = getattr(owner, parent, None)
                original = getattr(owner, "__dict__", {}).get(name)
                if original is not None:
                    # Every place that has it: a module may call a function through its own imported name.
                    self._undo.append((owner, name, original))
                    setattr(owner, name, self._wrap(label, original))
                    found = True
            if not found:  # the product has no such function: leave the phase out
                del self.seconds[label]

    def remove(self) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)


class ThreadProfiles:
    """A CPU-clock profiler per thread started while installed (threading.setprofile hook)."""

    def __init__(self) -> None:
        self.profiles: list[cProfile.Profile] = []
        self._lock = threading.Lock()

    def hook(self, frame: Any, event: str, arg: Any) -> None:
        profile = cProfile.Profile(timer=time.thread_time)
        with self._lock:
            self.profiles.append(profile)
        profile.enable()  # replaces this hook for the rest of the thread

    def stats(self) -> pstats.Stats | None:
        if not self.profiles:
            return None
        for profile in self.profiles:
            profile.create_stats()
        merged = pstats.Stats(self.profiles[0])
        for profile in self.profiles[1:]:
            merged.add(profile)
        return merged


def _call_module(spec: str) -> dict[str, Any]:
    from ansible_collections.tridentops.storage.plugins.modules import stack

    out = io.StringIO()
    args = patch_module_args({"src": spec, "wait": False})
    with args, contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        stack.main()
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def timed_run(spec: str) -> tuple[dict[str, Any], dict[str, float]]:
    """One run without a profiler: import time, each phase's seconds, and the whole wall time."""
    begin = time.perf_counter()
    importlib.import_module(f"{COLLECTION}.modules.stack")
    imported = time.perf_counter() - begin
    timers = PhaseTimers()
    timers.install()
    try:
        result = _call_module(spec)
    finally:
        timers.remove()
    total = time.perf_counter() - begin
    return result, {"total (import + main)": total, "import stack module": imported, **timers.seconds}


def profiled_run(spec: str) -> tuple[dict[str, Any], pstats.Stats, pstats.Stats | None]:
    """One run under cProfile (main thread, wall clock) and per-thread CPU profilers for the workers."""
    threads = ThreadProfiles()
    main = cProfile.Profile()
    threading.setprofile(threads.hook)
    main.enable()
    result = _call_module(spec)
    main.disable()
    threading.setprofile(None)
    return result, pstats.Stats(main), threads.stats()


def _top(stats: pstats.Stats, sort: str, count: int) -> str:
    buffer = io.StringIO()
    stats.stream = buffer  # type: ignore[attr-defined]
    stats.strip_dirs().sort_stats(sort).print_stats(count)
    return buffer.getvalue()


def _actions(result: dict[str, Any]) -> dict[str, int]:
    """Objects per action; a result listing only what changed gives the unchanged ones as a count."""
    actions: dict[str, int] = {}
    for obj in result.get("objects", []):
        actions[obj["action"]] = actions.get(obj["action"], 0) + 1
    if result.get("unchanged"):
        actions["unchanged"] = actions.get("unchanged", 0) + int(result["unchanged"])
    return actions


def report(result: dict[str, Any], main: pstats.Stats, workers: pstats.Stats | None) -> str:
    lines = [f"changed={result.get('changed')}, actions={_actions(result)}", ""]
    lines += ["== main thread, wall clock, by cumulative time ==", _top(main, "cumulative", 35)]
    lines += ["== main thread, wall clock, by own time ==", _top(main, "tottime", 20)]
    if workers is not None:
        lines += ["== apply workers, CPU clock summed over threads, by own time ==", _top(workers, "tottime", 20)]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("spec")
    parser.add_argument("out", type=Path, help="writes OUT.json (timers) or OUT.txt (cProfile report)")
    parser.add_argument("--cprofile", action="store_true", help="profile with cProfile instead of phase timers")
    args = parser.parse_args()
    if args.cprofile:
        result, main_stats, worker_stats = profiled_run(args.spec)
        args.out.with_suffix(".txt").write_text(report(result, main_stats, worker_stats))
    else:
        result, seconds = timed_run(args.spec)
        summary = {"changed": result.get("changed"), "actions": _actions(result), "phases": seconds}
        args.out.with_suffix(".json").write_text(json.dumps(summary, indent=2))
    if result.get("failed"):
        print(result.get("msg"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
