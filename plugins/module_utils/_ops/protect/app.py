"""The protect_app module's run: an Application (what protect protects) and, on removal, its users."""

from __future__ import annotations

from typing import Any

from ..._fragments import argspec
from ..._k8s.converge import LiveIndex
from ...spec.kinds import APPLICATION, NAMESPACE, SCHEDULE
from ...spec.protect import Application
from ...spec.render import stack_labels
from ...spec.render_protect import application
from ..addons.converge import RunOptions, converge, remove
from ..addons.frame import result
from ..safety import Refusal
from ..task import Task
from .inventory import application_scope, inventory

OPTIONS = argspec("protect_app_options")


def converge_app(task: Task) -> dict[str, Any]:
    session = task.session()
    index = LiveIndex(session)
    if task["state"] == "absent":
        namespace, name = task["namespace"], task["name"]
        if APPLICATION in index.not_served or not index.objects(APPLICATION, namespace):
            schedules: list[str] = []
        else:
            schedules = sorted(
                n
                for n, s in index.objects(SCHEDULE, namespace).items()
                if (s.get("spec") or {}).get("applicationRef") == name
            )
        if schedules and not task["force"]:
            raise Refusal(
                f"Application {namespace}/{name} is used by Schedule(s) {', '.join(schedules)}; delete them "
                "first or use force: true; nothing was changed"
            )
        changes = remove(session, index, [(APPLICATION, name, namespace)], task.check_mode, False)
        return result(changes, task.diff)
    app = task.section(Application, OPTIONS)
    obj = application(app, stack_labels(task["stack_name"]))
    changes = converge(session, index, [obj], RunOptions(task.check_mode))
    existing = index.objects(NAMESPACE)
    for entry in app.namespaces:
        if entry.namespace not in existing:
            task.warn(f"included namespace {entry.namespace} does not exist (yet): nothing of it is protected")
    return result(changes, task.diff, resources=inventory(index, application_scope(obj)))
