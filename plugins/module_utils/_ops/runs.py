"""The runs of the modules that converge the storage spec with StackRunner: the whole spec (``stack``) or one
section of it (``trident``, ``backend``, ``storage_class``, ``snapshot_class``).

A section module's options are that section's fields; its run builds a one-entry spec of them, validates it like
the stack module's (messages name the module's own options: ``PREFIXES``) and runs only that section's stage.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from .._args import present_params
from .._fragments import argspec
from .._k8s.session import KubeSession
from ..spec.kinds import STORAGE_CLASS, TAP, TBC, VOLUME_SNAPSHOT_CLASS, Kind
from ..spec.render import mask_secrets, render
from ..spec.render_aws import resolve
from ..spec.yamlio import load_file
from .claim import ownership_options
from .remove import remove
from .stack import Options, Outcome, StackRunner
from .task import Task
from .uninstall import uninstall

TRIDENT_OPTIONS = argspec("trident_options")
BACKEND_OPTIONS = argspec("backend_options")
STORAGE_CLASS_OPTIONS = argspec("storage_class_options")
SNAPSHOT_CLASS_OPTIONS = argspec("snapshot_class_options")
AUTOGROW_POLICY_OPTIONS = argspec("autogrow_policy_options")
# Where each section module's options live in the spec (removed from messages).
PREFIXES = {
    "trident": "trident.",
    "backend": "backends[0].",
    "storage_class": "storage_classes[0].",
    "snapshot_class": "snapshot_classes[0].",
    "autogrow_policy": "autogrow_policies[0].",
}


def _converge_section(
    session: KubeSession, task: Task, module: str, section: dict[str, Any], stage: str, **options: Any
) -> dict[str, Any]:
    """Converge a section module's one-entry spec (``section`` under the stack's name): only that section's
    stage runs, and the module owns each object it writes."""
    spec = task.spec({"name": task["stack_name"], **section}, PREFIXES[module])
    ownership = ownership_options(task.params, f"module:{module}", per_object=True)
    run = Options(check_mode=task.check_mode, stages=(stage,), ownership=ownership, **options)
    return StackRunner(session, spec, render(spec), run).run().result(task.diff)


def _waits(task: Task) -> dict[str, Any]:
    return {"wait": task["wait"], "wait_timeout": task["wait_timeout"]}


def trident(task: Task) -> dict[str, Any]:
    session = task.session()  # connect first: a connection problem is reported before a spec problem
    if task["state"] == "absent":
        changes = uninstall(
            session,
            task["namespace"],
            purge=task["purge"],
            force=task["force"],
            check_mode=task.check_mode,
            timeout=task["wait_timeout"],
            stack=task["stack_name"],
            adopt=tuple(task["adopt"]),
        )
        return Outcome(changes=changes).result(task.diff)
    section = {"trident": present_params(task.params, TRIDENT_OPTIONS)}
    return _converge_section(session, task, "trident", section, "trident", **_waits(task))


def backend(task: Task) -> dict[str, Any]:
    session = task.session()  # connect first: a connection problem is reported before a spec problem
    if task["state"] == "absent":
        changes = remove(
            session,
            TBC,
            task["name"],
            task["namespace"],
            force=task["force"],
            check_mode=task.check_mode,
            stack=task["stack_name"],
            adopt=tuple(task["adopt"]),
        )
        return Outcome(changes=changes).result(task.diff)
    section = {"trident": {"namespace": task["namespace"]}, "backends": [present_params(task.params, BACKEND_OPTIONS)]}
    return _converge_section(session, task, "backend", section, "backends", **_waits(task))


def storage_class(task: Task) -> dict[str, Any]:
    session = task.session()  # connect first: a connection problem is reported before a spec problem
    if task["state"] == "absent":
        return _remove_class(session, task, STORAGE_CLASS)
    section = {"storage_classes": [present_params(task.params, STORAGE_CLASS_OPTIONS)]}
    return _converge_section(session, task, "storage_class", section, "classes", replace=task["replace"])


def snapshot_class(task: Task) -> dict[str, Any]:
    session = task.session()
    if task["state"] == "absent":
        return _remove_class(session, task, VOLUME_SNAPSHOT_CLASS)
    section = {"snapshot_classes": [present_params(task.params, SNAPSHOT_CLASS_OPTIONS)]}
    return _converge_section(session, task, "snapshot_class", section, "classes")


def autogrow_policy(task: Task) -> dict[str, Any]:
    session = task.session()
    if task["state"] == "absent":
        return _remove_class(session, task, TAP)
    # The policies are the first objects of the classes stage, which classes name them from.
    section = {"autogrow_policies": [present_params(task.params, AUTOGROW_POLICY_OPTIONS)]}
    return _converge_section(session, task, "autogrow_policy", section, "classes")


def _remove_class(session: KubeSession, task: Task, kind: Kind) -> dict[str, Any]:
    changes = remove(
        session,
        kind,
        task["name"],
        None,
        force=False,
        check_mode=task.check_mode,
        stack=task["stack_name"],
        adopt=tuple(task["adopt"]),
    )
    return Outcome(changes=changes).result(task.diff)


def spec_identity(params: Mapping[str, Any], name: str) -> str:
    """Who owns the stack: the spec_id option, else the spec file's name, else the stack name. Not the file's
    directory (a checkout per job, as AWX makes, would change it) nor its content (every edit would)."""
    if params["spec_id"]:
        return str(params["spec_id"])
    if params["src"] and not params["spec"]:
        return f"file:{os.path.basename(params['src'])}"
    return f"stack:{name}"


def stack(task: Task) -> dict[str, Any]:
    data = task["spec"] if task["spec"] is not None else load_file(task["src"])
    # Backends naming the spec's aws.file_system get its id, SVM and secret ARN from what provisioning returned.
    outputs = {k: v for k, v in (task["aws_outputs"] or {}).items() if v is not None}
    spec = resolve(task.spec(data), outputs)
    rendered = render(spec)
    if task["state"] == "rendered":
        return {"changed": False, "objects": mask_secrets(rendered.objects)}
    options = Options(
        check_mode=task.check_mode,
        **_waits(task),
        prune=task["prune"],
        force=task["force"],
        replace=task["replace"],
        ownership=ownership_options(task.params, spec_identity(task.params, spec.name), per_object=False),
    )
    return StackRunner(task.session(), spec, rendered, options).run().result(task.diff)
