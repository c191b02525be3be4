"""Record when each phase of an ansible-playbook run happened and what its tasks returned.

Enabled by the benchmark only (``ANSIBLE_CALLBACKS_ENABLED=bench_record``); writes one JSON file to
``$BENCH_RECORD`` when the play ends. Wall-clock times (``time.time``) so the benchmark can place
them between its own start and end of the process. Nothing is printed: the stdout callback stays
the default one, as users see it.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from typing import Any

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: bench_record
type: aggregate
short_description: timestamps and task results for the tridentops benchmark
description: Writes phase timestamps and a summary of each task result to the file named by BENCH_RECORD.
requirements: [enabled in configuration]
"""


def _actions(objects: list[Any], unchanged: object) -> dict[str, int]:
    """Objects per action; a result listing only what changed gives the unchanged ones as a count."""
    actions = Counter(str(o.get("action")) for o in objects if isinstance(o, dict))
    if isinstance(unchanged, int) and unchanged:
        actions["unchanged"] += unchanged
    return dict(actions)


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    """changed/failed, and for tridentops.storage.stack the count of each object action."""
    out: dict[str, Any] = {"changed": bool(result.get("changed")), "failed": bool(result.get("failed"))}
    if result.get("failed"):
        out["msg"] = str(result.get("msg", ""))[:2000]
    objects = result.get("objects")
    if isinstance(objects, list):
        out["actions"] = _actions(objects, result.get("unchanged"))
    items = result.get("results")
    if isinstance(items, list):
        out["items"] = len(items)
        out["items_changed"] = sum(1 for i in items if isinstance(i, dict) and i.get("changed"))
    return out


class CallbackModule(CallbackBase):  # type: ignore[misc]  # ansible-core has no type information
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_record"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.record: dict[str, Any] = {"loaded": time.time(), "tasks": []}

    def v2_playbook_on_start(self, playbook: Any) -> None:
        self.record["playbook_start"] = time.time()

    def v2_playbook_on_task_start(self, task: Any, is_conditional: bool) -> None:
        self.record["tasks"].append({"name": task.get_name(), "start": time.time()})

    def _finish(self, result: Any) -> None:
        raw = getattr(result, "_result", None) or {}
        self.record["tasks"][-1].update(end=time.time(), **_summary(raw))

    def v2_runner_on_ok(self, result: Any) -> None:
        self._finish(result)

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        self._finish(result)

    def v2_playbook_on_stats(self, stats: Any) -> None:
        self.record["stats"] = time.time()
        path = os.environ.get("BENCH_RECORD")
        if path:
            with open(path, "w", encoding="utf-8") as out:
                json.dump(self.record, out)
