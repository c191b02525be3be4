"""Markdown tables from a results dict written by run.py: timings, ratios against the targets, load."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tools import TOOLS

# (size, mode, comparison, bound): stack / kubectl must be <= bound; baseline / stack must be >= bound.
KUBECTL_TARGETS = ((250, "nochange", 1.0), (250, "cold", 1.0), (2500, "nochange", 0.3), (2500, "cold", 0.7))
SPEEDUP_TARGET = 3.0
SPEEDUP_SIZES = (250, 2500)
MODES = {"cold": "cold", "nochange": "nothing to change"}
BASELINE = "stack@baseline"  # the stack module at run.py's --baseline-rev


def baseline_label(baseline: dict[str, Any]) -> str:
    return f"{TOOLS['stack'].label} @ {str(baseline.get('commit', '?'))[:7]} (baseline)"


def _label(results: dict[str, Any], name: str) -> str:
    if name == BASELINE:
        return baseline_label(results.get("baseline") or {})
    if name == "stack" and results.get("baseline"):
        return f"{TOOLS['stack'].label} @ {str((results.get('product') or {}).get('commit', '?'))[:7]}"
    return TOOLS[name].label


def _median(results: dict[str, Any], size: int, tool: str, mode: str) -> float | None:
    entry = results["sizes"].get(str(size), {}).get(tool, {}).get(mode)
    return entry["median"] if entry else None


def _cell(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "-"
    return f"**{entry['median']:.2f}** ({entry['min']:.2f}-{entry['max']:.2f}, n={entry['n']})"


def timings_table(results: dict[str, Any]) -> str:
    rows = [
        "| objects | tool | cold: median (min-max) s | nothing to change: median (min-max) s |",
        "|---|---|---|---|",
    ]
    for size, tools in results["sizes"].items():
        for name, entry in tools.items():
            rows.append(
                f"| {size} | {_label(results, name)} | {_cell(entry.get('cold'))} | {_cell(entry.get('nochange'))} |"
            )
    floor = results.get("floor")  # absent with --profile-only
    if floor:
        rows.append(f"| - | {TOOLS['floor'].label} | {_cell(floor)} | |")
    return "\n".join(rows)


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def targets_table(results: dict[str, Any]) -> str:
    rows = ["| target | measured | verdict |", "|---|---|---|"]
    for size, mode, bound in KUBECTL_TARGETS:
        stack, kubectl = _median(results, size, "stack", mode), _median(results, size, "kubectl", mode)
        if stack is None or kubectl is None:
            continue
        ratio = stack / kubectl
        label = f"{size} objects, {MODES[mode]}: stack ≤ {bound}x kubectl"
        rows.append(f"| {label} | {ratio:.2f}x ({stack:.2f} s vs {kubectl:.2f} s) | {_verdict(ratio <= bound)} |")
    for size in SPEEDUP_SIZES:
        for baseline in ("k8s_ssa", "k8s"):
            for mode in MODES:
                stack, other = _median(results, size, "stack", mode), _median(results, size, baseline, mode)
                if stack is None or other is None:
                    continue
                speedup = other / stack
                label = (
                    f"{size} objects, {MODES[mode]}: stack ≥ {SPEEDUP_TARGET:.0f}x faster than {TOOLS[baseline].label}"
                )
                verdict = _verdict(speedup >= SPEEDUP_TARGET)
                rows.append(f"| {label} | {speedup:.2f}x ({other:.2f} s vs {stack:.2f} s) | {verdict} |")
    return "\n".join(rows)


def curve_table(results: dict[str, Any]) -> str:
    rows = [
        "| objects | stack cold | kubectl cold | ratio | stack no-change | kubectl no-change | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for size in results["sizes"]:
        cells = [size]
        for mode in MODES:
            stack, kubectl = _median(results, int(size), "stack", mode), _median(results, int(size), "kubectl", mode)
            if stack is None or kubectl is None:
                cells += ["-", "-", "-"]
            else:
                cells += [f"{stack:.2f} s", f"{kubectl:.2f} s", f"{stack / kubectl:.2f}x"]
        rows.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(rows)


def phases_table(results: dict[str, Any]) -> str:
    """Medians of ansible-playbook's phases for the stack runs (from the bench_record callback)."""
    rows = ["| objects | run | start-up | play set-up | task | shutdown |", "|---|---|---|---|---|---|"]
    for size, tools in results["sizes"].items():
        for name, suffix in (("stack", ""), (BASELINE, " (baseline)")):
            for mode in MODES:
                phases = tools.get(name, {}).get(f"{mode}_phases")
                if phases:
                    cells = [f"{phases[k]:.2f} s" for k in ("startup", "play_setup", "task", "shutdown")]
                    rows.append(f"| {size} | {MODES[mode]}{suffix} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def revisions(results: dict[str, Any]) -> dict[str, dict[str, dict[str, float]]]:
    """Per size and mode: the stack module's medians at the baseline (before) and under test (after),
    each one's ratio to kubectl's server-side apply, and after / before (above 1: slower than before)."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for size in results["sizes"]:
        for mode in MODES:
            before, after = _median(results, int(size), BASELINE, mode), _median(results, int(size), "stack", mode)
            kubectl = _median(results, int(size), "kubectl", mode)
            if before is None or after is None or kubectl is None:
                continue
            out.setdefault(size, {})[mode] = {
                "before": before,
                "after": after,
                "kubectl": kubectl,
                "before_vs_kubectl": before / kubectl,
                "after_vs_kubectl": after / kubectl,
                "after_vs_before": after / before,
            }
    return out


def revisions_table(results: dict[str, Any]) -> str:
    before = str((results.get("baseline") or {}).get("commit", "?"))[:7]
    after = str((results.get("product") or {}).get("commit", "?"))[:7]
    rows = [
        f"| objects | run | before ({before}) | after ({after}) | kubectl | before / kubectl | after / kubectl "
        "| after / before |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size, modes in revisions(results).items():
        for mode, r in modes.items():
            cells = [f"{r[k]:.2f} s" for k in ("before", "after", "kubectl")]
            cells += [f"{r[k]:.2f}x" for k in ("before_vs_kubectl", "after_vs_kubectl", "after_vs_before")]
            rows.append(f"| {size} | {MODES[mode]} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _row(label: str, cold: float, nochange: float) -> str:
    return f"| {label} | {cold:.2f} s | {nochange:.2f} s |"


def _ansible_rows(profile: dict[str, Any]) -> list[str]:
    """The same runs through ansible-playbook; the task phase minus the module's own time is Ansible's."""
    books = [profile["playbook"][mode] for mode in MODES]
    module = [profile["module"][mode]["total (import + main)"] for mode in MODES]
    ansiballz = profile["ansiballz_nochange"]["median"]
    return [
        _row("**whole ansible-playbook run**", *(b["seconds"] for b in books)),
        _row("ansible-playbook start-up (to playbook start)", *(b["startup"] for b in books)),
        _row("task phase (task start to result)", *(b["task"] for b in books)),
        _row("task phase minus module in-process", *(b["task"] - m for b, m in zip(books, module, strict=True))),
        f"| kept AnsiballZ payload re-run alone (module process) | - | {ansiballz:.2f} s |",
        f"| task phase minus module process (controller: payload, fork, result handling) | - | "
        f"{books[1]['task'] - ansiballz:.2f} s |",
    ]


def profile_table(results: dict[str, Any]) -> str:
    """The stack module's phases timed in-process (profile_stack.py), then the same runs through Ansible."""
    profile = results.get("profile") or {}
    if "module" not in profile:
        return "not profiled"
    cold, nochange = profile["module"]["cold"], profile["module"]["nochange"]
    header = f"| {profile['size']} objects, medians of {profile['rounds']} | cold | nothing to change |"
    rows = [header, "|---|---|---|"]
    rows += [_row(label, seconds, nochange.get(label, 0.0)) for label, seconds in cold.items()]
    return "\n".join(rows + _ansible_rows(profile))


def load_text(results: dict[str, Any]) -> str:
    load = results.get("load") or {}
    if not load:
        return "load: not sampled"
    avg, busy = load["loadavg_1m"], load["cpu_busy_share"]
    lines = [
        f"{load['cpus']} CPUs; 1-minute load average during the run: median {avg['median']:.2f} "
        f"(min {avg['min']:.2f}, max {avg['max']:.2f}); all-CPU busy share median {busy['median']:.0%} "
        f"(max {busy['max']:.0%}), {load['samples']} samples every 2 s.",
    ]
    for snapshot in results.get("other_processes") or []:
        busiest = ", ".join(f"{p['name']} {p['cpu_share']:.0%}" for p in snapshot["processes"]) or "none above 5%"
        lines.append(f"- other processes' CPU at {snapshot['when']}: {busiest}")
    return "\n".join(lines)


def product_text(results: dict[str, Any]) -> str:
    product = results.get("product") or {}
    text = f"Collection under test: {product.get('source')} (commit {product.get('commit', '?')[:12]})"
    if product.get("uncommitted"):
        text += f", with uncommitted changes to {len(product['uncommitted'])} file(s)"
    if product.get("changed_during_run"):
        text += ". **Its files changed during the run: the timings mix versions.**"
    baseline = results.get("baseline")
    if baseline:
        text += (
            f". Baseline (stack@baseline): {baseline.get('source')} (commit {str(baseline.get('commit', '?'))[:12]})"
        )
    return text + "."


def markdown(results: dict[str, Any]) -> str:
    two_revisions = ["### Two revisions: the stack module before and after", revisions_table(results)]
    parts = [
        product_text(results),
        "### Timings (whole command wall time)",
        timings_table(results),
        "### Against the targets (medians)",
        targets_table(results),
        "### Curve: stack vs kubectl",
        curve_table(results),
        *(two_revisions if "baseline" in results else []),
        "### Where a stack run's time goes (ansible-playbook phases, medians)",
        phases_table(results),
        "### The stack module's phases, timed in-process",
        profile_table(results),
        "### Machine load",
        load_text(results),
    ]
    return "\n\n".join(parts) + "\n"


def main() -> int:
    """``python bench/report.py [results.json]``: the tables of a finished run, again."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "results.json"
    print(markdown(json.loads(path.read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
