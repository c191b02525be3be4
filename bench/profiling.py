"""Where the stack module's time goes at one size, cold and no-change.

Rounds of: the module in-process with phase timers (profile_stack.py, a fresh interpreter as
AnsiballZ uses), the same through ansible-playbook (its task phase minus the module's own time is
Ansible's per-task cost), and for the no-change run the kept AnsiballZ payload re-run on its own
(the module's process as Ansible starts it). Then one cProfile report per mode.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import measure
from tools import PYTHON, TOOLS, Workload

HERE = Path(__file__).resolve().parent
MODES = ("cold", "nochange")
PLAYBOOK_KEYS = ("seconds", "startup", "play_setup", "task", "shutdown")


def _medians(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(row[key] for row in rows) for key in rows[0]} if rows else {}


class Profiler:
    """Runs the profile rounds; ``reset`` empties the cluster, ``run`` times one tool like the benchmark."""

    def __init__(
        self,
        env: dict[str, str],
        out_dir: Path,
        work_dir: Path,
        reset: Callable[[], None],
        run: Callable[..., measure.Sample],
    ) -> None:
        self.env = env
        self.out_dir = out_dir
        self.remote_tmp = work_dir / "remote-tmp"
        self.reset = reset
        self.run = run

    def module(self, workload: Workload, mode: str, cprofile: bool = False) -> Any:
        """One in-process run: the phase timers (dict), or the cProfile report's file name."""
        prefix = self.out_dir / f"profile-{workload.size}-{mode}"
        argv = [PYTHON, str(HERE / "profile_stack.py"), str(workload.spec), str(prefix)]
        subprocess.run([*argv, *(["--cprofile"] if cprofile else [])], env=self.env, check=True)
        if cprofile:
            return prefix.with_suffix(".txt").name
        timed = prefix.with_suffix(".json")
        found: dict[str, Any] = json.loads(timed.read_text())
        timed.unlink()
        if found.get("actions") != ({"create": workload.size} if mode == "cold" else {"unchanged": workload.size}):
            raise AssertionError(f"profiled {mode} run did not do what it should: {found}")
        return found["phases"]

    def playbook(self, workload: Workload, keep: bool) -> measure.Sample:
        extra = {"ANSIBLE_KEEP_REMOTE_FILES": "1", "ANSIBLE_REMOTE_TMP": str(self.remote_tmp)} if keep else {}
        return self.run(TOOLS["stack"], workload, extra)

    def ansiballz(self) -> float:
        """Re-run the payload Ansible kept: the module's own process, from interpreter start to exit."""
        payloads = sorted(self.remote_tmp.glob("ansible-tmp-*/AnsiballZ_stack.py"), key=lambda p: p.stat().st_mtime)
        if not payloads:
            raise FileNotFoundError(f"no AnsiballZ_stack.py kept under {self.remote_tmp}")
        sample = measure.timed([PYTHON, str(payloads[-1])], self.env, self.remote_tmp)
        shutil.rmtree(self.remote_tmp)
        return sample.seconds

    def round(self, workload: Workload) -> dict[str, Any]:
        self.reset()
        module = {mode: self.module(workload, mode) for mode in MODES}
        self.reset()
        books = {"cold": self.playbook(workload, keep=False), "nochange": self.playbook(workload, keep=True)}
        playbook = {mode: {"seconds": s.seconds, **s.phases()} for mode, s in books.items()}
        return {"module": module, "playbook": playbook, "ansiballz_nochange": self.ansiballz()}

    def profile(self, workload: Workload, rounds: int) -> dict[str, Any]:
        done = [self.round(workload) for _ in range(rounds)]
        out: dict[str, Any] = {"size": workload.size, "rounds": rounds}
        for part in ("module", "playbook"):
            out[part] = {mode: _medians([r[part][mode] for r in done]) for mode in MODES}
        out["ansiballz_nochange"] = measure.summary([r["ansiballz_nochange"] for r in done])
        self.reset()
        out["reports"] = {mode: self.module(workload, mode, cprofile=True) for mode in MODES}
        return out
