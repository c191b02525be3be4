"""The namespace module's run: onboard a team namespace (quota, limits, the team's RoleBinding) or remove it."""

from __future__ import annotations

from typing import Any

from ..._fragments import argspec
from ..._k8s.converge import LiveIndex
from ...spec.kinds import CLUSTER_ROLE, LIMIT_RANGE, RESOURCE_QUOTA, ROLE_BINDING, STORAGE_CLASS, VOLUME_SNAPSHOT_CLASS
from ...spec.namespaces import LIMITS_NAME, QUOTA_NAME, TEAM_BINDING, NamespaceSpec
from ...spec.render import stack_labels
from ...spec.render_namespaces import onboarding_objects
from ..safety import Refusal
from ..task import Task
from .converge import RunOptions, apply, prepare, remove
from .frame import result

OPTIONS = argspec("namespace_options")
CONTENTS = ((RESOURCE_QUOTA, QUOTA_NAME), (LIMIT_RANGE, LIMITS_NAME), (ROLE_BINDING, TEAM_BINDING))


def check_references(index: LiveIndex, entry: NamespaceSpec) -> None:
    """Every class and role the entry names exists in the cluster; all problems at once."""
    problems = []
    classes = index.objects(STORAGE_CLASS)
    for i, quota in enumerate(entry.storage_quotas):
        if quota.storage_class not in classes:
            known = ", ".join(sorted(classes)) or "none"
            problems.append(
                f"storage_quotas[{i}].storage_class: StorageClass {quota.storage_class} does not exist (the cluster "
                f"has: {known})"
            )
    if entry.default_snapshot_class is not None:
        snapshot_classes = index.objects(VOLUME_SNAPSHOT_CLASS)
        if entry.default_snapshot_class not in snapshot_classes:
            known = ", ".join(sorted(snapshot_classes)) or "none"
            problems.append(
                f"default_snapshot_class: VolumeSnapshotClass {entry.default_snapshot_class} does not exist (the "
                f"cluster has: {known})"
            )
    if (entry.team_groups or entry.team_users) and entry.role not in index.objects(CLUSTER_ROLE):
        problems.append(f"role: ClusterRole {entry.role} does not exist")
    if problems:
        raise Refusal(f"{'; '.join(problems)}; nothing was changed")


def onboard(task: Task) -> dict[str, Any]:
    session = task.session()
    index = LiveIndex(session)
    name = task["name"]
    if task["state"] == "absent":
        targets = [(kind, item, name) for kind, item in CONTENTS]
        return result(remove(session, index, targets, task.check_mode), task.diff)
    entry = task.section(NamespaceSpec, OPTIONS)
    check_references(index, entry)
    objects = onboarding_objects(entry, stack_labels(task["stack_name"]))
    changes = prepare(index, objects)
    wanted = {o["kind"] for o in objects}
    unwanted = [(kind, item, name) for kind, item in CONTENTS if kind.kind not in wanted]
    apply(session, changes, RunOptions(task.check_mode))
    changes += remove(session, index, unwanted, task.check_mode)
    return result(changes, task.diff)
