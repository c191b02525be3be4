"""The protect_schedule module's run: a Schedule of snapshots and backups of one Application."""

from __future__ import annotations

from typing import Any

from ..._fragments import argspec
from ..._k8s.converge import LiveIndex
from ...spec.kinds import SCHEDULE
from ...spec.protect import Schedule
from ...spec.render import stack_labels
from ...spec.render_protect import schedule
from ..addons.converge import RunOptions, converge, remove
from ..addons.frame import result
from ..task import Task
from .actions import require_application, require_vault

OPTIONS = argspec("protect_schedule_options")


def converge_schedule(task: Task) -> dict[str, Any]:
    session = task.session()
    index = LiveIndex(session)
    namespace = task["namespace"]
    if task["state"] == "absent":
        changes = remove(session, index, [(SCHEDULE, task["name"], namespace)], task.check_mode, False)
        return result(changes, task.diff)
    item = task.section(Schedule, OPTIONS)
    require_application(index, namespace, item.application)
    require_vault(index, task["protect_namespace"], item.vault)
    obj = schedule(item, namespace, stack_labels(task["stack_name"]))
    return result(converge(session, index, [obj], RunOptions(task.check_mode)), task.diff)
