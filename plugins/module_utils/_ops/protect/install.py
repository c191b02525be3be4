"""The protect_install module's run: install Trident protect (CRDs, controller, RBAC) or remove its controller."""

from __future__ import annotations

from typing import Any

from ..._fragments import argspec
from ..._k8s.converge import LiveIndex, reporting_writes
from ...spec.kinds import CLUSTER_ROLE, CLUSTER_ROLE_BINDING, DEPLOYMENT, SERVICE_ACCOUNT
from ...spec.protect import CONTROLLER_NAME, ProtectSpec, chart_version
from ...spec.render import stack_labels
from ...spec.render_protect import controller_image, install_objects
from ..addons.converge import RunOptions, converge, remove
from ..addons.frame import result
from ..task import Task
from .waits import wait_protect_ready

OPTIONS = argspec("protect_install_options")
# What state=absent removes: the controller and its RBAC, never the CRDs (they hold every protect resource).
CONTROLLER = [(DEPLOYMENT, True), (CLUSTER_ROLE_BINDING, False), (CLUSTER_ROLE, False), (SERVICE_ACCOUNT, True)]


def converge_protect(task: Task) -> dict[str, Any]:
    session = task.session()
    index = LiveIndex(session)
    if task["state"] == "absent":
        namespace = task["namespace"]
        targets = [(kind, CONTROLLER_NAME, namespace if namespaced else None) for kind, namespaced in CONTROLLER]
        return result(remove(session, index, targets, task.check_mode), task.diff)
    protect = task.section(ProtectSpec, OPTIONS)
    objects = install_objects(protect, stack_labels(task["stack_name"]))
    options = RunOptions(task.check_mode, task["wait"], task["wait_timeout"])
    changes = converge(session, index, objects, options)
    if task["wait"] and not task.check_mode:
        with reporting_writes(changes):  # a failed wait still reports what was installed
            wait_protect_ready(
                session, protect.namespace, protect.install_method == "manifests", [], task["wait_timeout"]
            )
    info = {
        "namespace": protect.namespace,
        "version": protect.version,
        "chart_version": chart_version(protect.version),
    }
    if protect.install_method == "manifests":
        info["controller_image"] = controller_image(protect)
    return result(changes, task.diff, protect=info)
