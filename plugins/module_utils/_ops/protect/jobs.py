"""The runs of the protect modules that start a job once: protect_snapshot, protect_backup, protect_restore.

Each is an action (a Snapshot, Backup or restore resource) created once and watched until protect reports it
done; a rerun with the same inputs finds the same resource (its name derives from them) and only reports it.
"""

from __future__ import annotations

from typing import Any

from ..._k8s.converge import LiveIndex
from ...spec.kinds import APPLICATION, BACKUP, NAMESPACE, SNAPSHOT
from ..addons.converge import RunOptions, apply, prepare
from ..addons.frame import result
from ..safety import Refusal
from ..task import Task
from .actions import LABELS, Action, derived_name, require_application, require_vault
from .actions import run as run_action
from .inventory import application_scope, inventory, namespaces_of
from .restore import RestoreRequest, mapping_pairs, plan_restore
from .waits import status_summary


def snapshot(task: Task) -> dict[str, Any]:
    session = task.session()
    index = LiveIndex(session)
    spec = {
        "applicationRef": task["application"],
        "appVaultRef": task["vault"],
        "reclaimPolicy": task["reclaim_policy"],
    }
    name = task["name"] or derived_name(task["application"], SNAPSHOT, spec)
    action = Action(SNAPSHOT, task["namespace"], name, spec)
    if action.name not in index.objects(SNAPSHOT, action.namespace):
        require_application(index, action.namespace, task["application"])
        require_vault(index, task["protect_namespace"], task["vault"])
    change, live = run_action(
        session, index, action, check_mode=task.check_mode, wait=task["wait"], timeout=task["wait_timeout"]
    )
    return result([change], task.diff, snapshot=status_summary(live) or {"name": name, "namespace": action.namespace})


def backup(task: Task) -> dict[str, Any]:
    session = task.session()
    index = LiveIndex(session)
    namespace = task["namespace"]
    spec: dict[str, Any] = {
        "applicationRef": task["application"],
        "appVaultRef": task["vault"],
        "dataMover": task["data_mover"],
        "reclaimPolicy": task["reclaim_policy"],
    }
    if task["snapshot"]:
        spec["snapshotRef"] = task["snapshot"]
    name = task["name"] or derived_name(task["application"], BACKUP, spec)
    action = Action(BACKUP, namespace, name, spec)
    if action.name not in index.objects(BACKUP, namespace):
        require_application(index, namespace, task["application"])
        require_vault(index, task["protect_namespace"], task["vault"])
        if task["snapshot"]:
            _require_snapshot(index, namespace, task["snapshot"])
    change, live = run_action(
        session, index, action, check_mode=task.check_mode, wait=task["wait"], timeout=task["wait_timeout"]
    )
    application = index.objects(APPLICATION, namespace).get(task["application"])
    scope = application_scope(application) if application else []
    summary = status_summary(live) or {"name": name, "namespace": namespace}
    summary.update(
        application=task["application"],
        vault=task["vault"],
        namespaces=namespaces_of(scope),
        resources=inventory(index, scope),
    )
    return result([change], task.diff, backup=summary)


def _require_snapshot(index: LiveIndex, namespace: str, name: str) -> None:
    found = index.objects(SNAPSHOT, namespace).get(name)
    state = ((found or {}).get("status") or {}).get("state")
    if found is None or state != "Completed":
        what = "does not exist" if found is None else f"is {state or 'without a state yet'}, not Completed"
        raise Refusal(f"snapshot: Snapshot {namespace}/{name} {what}; nothing was changed")


def restore(task: Task) -> dict[str, Any]:
    session = task.session()
    index = LiveIndex(session)
    source_name = task["backup"] or task["snapshot"]
    request = RestoreRequest(
        source_kind="Snapshot" if task["snapshot"] else ("Backup" if task["backup"] else task["source_kind"]),
        source_name=source_name,
        source_namespace=task["source_namespace"] if source_name else None,
        app_archive_path=task["app_archive_path"],
        vault=task["vault"],
        source_namespaces=tuple(task["source_namespaces"] or ()),
        in_place=task["in_place"],
        namespace_mapping=mapping_pairs(task["namespace_mapping"]),
        storage_class_mapping=mapping_pairs(task["storage_class_mapping"]),
        name=task["name"],
    )
    planned = plan_restore(index, request)
    action = planned.action
    require_vault(index, task["protect_namespace"], action.spec["appVaultRef"])
    changes = []
    if action.namespace not in index.objects(NAMESPACE):
        namespace = {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {"name": action.namespace, "labels": LABELS},
        }
        changes = prepare(index, [namespace])
        apply(session, changes, RunOptions(task.check_mode))
    change, live = run_action(
        session, index, action, check_mode=task.check_mode, wait=task["wait"], timeout=task["wait_timeout"]
    )
    summary = {
        "kind": action.kind.kind,
        **(status_summary(live) or {"name": action.name, "namespace": action.namespace}),
    }
    restored = None
    if summary.get("state") == "Completed":
        fresh = LiveIndex(session)  # what the restore created, read after it completed
        restored = inventory(fresh, [(n, None) for n in planned.destinations])
    return result([*changes, change], task.diff, restore=summary, restored=restored)
