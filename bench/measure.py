"""Timing one command, and watching the machine's load while the benchmark runs."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class CommandFailed(RuntimeError):
    """A measured command exited non-zero or its task failed."""


@dataclass
class Sample:
    """One timed run: wall seconds (process start to exit) and what the callback recorded."""

    seconds: float
    started: float  # wall clock (time.time) when the process was started
    record: dict[str, Any] = field(default_factory=dict)

    def phases(self) -> dict[str, float]:
        """ansible-playbook's phases, from the callback's timestamps (empty for other tools)."""
        rec = self.record
        if not rec.get("tasks") or "end" not in rec["tasks"][-1]:
            return {}
        task = rec["tasks"][-1]
        ended = self.started + self.seconds
        return {
            "startup": rec["playbook_start"] - self.started,
            "play_setup": task["start"] - rec["playbook_start"],
            "task": task["end"] - task["start"],
            "shutdown": ended - task["end"],
        }

    @property
    def task(self) -> dict[str, Any]:
        tasks = self.record.get("tasks") or [{}]
        return dict(tasks[-1])


def timed(argv: list[str], env: dict[str, str], cwd: Path, record: Path | None = None) -> Sample:
    """Run ``argv`` to completion; the time includes process start-up, as a user waits for it."""
    if record is not None:
        record.unlink(missing_ok=True)
    started = time.time()
    begin = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, check=False)
    seconds = time.perf_counter() - begin
    if done.returncode:
        tail = (done.stdout + done.stderr).decode(errors="replace")[-3000:]
        raise CommandFailed(f"{' '.join(argv)} exited {done.returncode}:\n{tail}")
    loaded = json.loads(record.read_text()) if record is not None and record.exists() else {}
    return Sample(seconds, started, loaded)


def summary(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "max": max(values), "n": len(values)}


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


class LoadMonitor:
    """Samples the 1-minute load average and CPU busy share every ``interval`` seconds, in a thread."""

    def __init__(self, interval: float = 2.0) -> None:
        self.interval = interval
        self.loads: list[float] = []
        self.busy: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> LoadMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        before = _cpu_times()
        while not self._stop.wait(self.interval):
            self.loads.append(os.getloadavg()[0])
            after = _cpu_times()
            total = after[1] - before[1]
            self.busy.append((after[0] - before[0]) / total if total else 0.0)
            before = after

    def report(self) -> dict[str, Any]:
        if not self.loads:
            return {}
        return {
            "cpus": os.cpu_count(),
            "loadavg_1m": summary(self.loads),
            "cpu_busy_share": summary(self.busy),
            "samples": len(self.loads),
        }


def busy_processes(exclude: set[int], window: float = 1.0, limit: int = 5) -> list[dict[str, Any]]:
    """Processes (not ours) using the most CPU over ``window`` seconds: who else loads the machine."""

    def ticks() -> dict[int, tuple[str, int]]:
        found = {}
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit() or int(proc.name) in exclude:
                continue
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            rest = stat.rsplit(")", 1)[1].split()
            found[int(proc.name)] = (name, int(rest[11]) + int(rest[12]))
        return found

    first = ticks()
    time.sleep(window)
    second = ticks()
    hz = os.sysconf("SC_CLK_TCK")
    usage = [(pid, name, (used - first[pid][1]) / hz / window) for pid, (name, used) in second.items() if pid in first]
    usage.sort(key=lambda u: -u[2])
    return [{"pid": pid, "name": name, "cpu_share": share} for pid, name, share in usage[:limit] if share > 0.05]
