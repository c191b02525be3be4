"""Plan a Trident protect restore: which resource, where it goes, and whether its mappings make sense.

A restore reads an application archive (``appArchivePath``) from an AppVault. The source is either a
Backup or Snapshot of this cluster (the archive path, vault and application come from it) or, for a restore
on another cluster, the archive path and vault as the backup reported them, with the application's
namespaces. Into other namespaces (BackupRestore, SnapshotRestore: ``namespaceMapping`` and
``storageClassMapping``, the resource lives in the first destination namespace) or in place
(BackupInplaceRestore, SnapshotInplaceRestore, in the application's namespace).

Checked before anything is written: the source completed; every namespace of the application is mapped,
each to its own destination, and nothing else is; destination StorageClasses exist on this cluster.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..._k8s.converge import LiveIndex
from ...spec import readiness
from ...spec.kinds import STORAGE_CLASS
from ..safety import Refusal
from .actions import Action, derived_name, require_served
from .inventory import application_scope, namespaces_of
from .waits import APPLICATION, BACKUP, RESTORE_KINDS, SNAPSHOT

SourceKind = Literal["Backup", "Snapshot"]


@dataclass(frozen=True)
class RestoreRequest:
    source_kind: SourceKind
    source_name: str | None  # a Backup/Snapshot of this cluster, in source_namespace
    source_namespace: str | None
    app_archive_path: str | None  # or, from another cluster: the archive, its vault, the application's namespaces
    vault: str | None
    source_namespaces: tuple[str, ...] = ()
    in_place: bool = False
    namespace_mapping: tuple[tuple[str, str], ...] = ()
    storage_class_mapping: tuple[tuple[str, str], ...] = ()
    name: str | None = None


@dataclass
class RestorePlan:
    action: Action
    destinations: list[str]
    source_namespaces: list[str]
    notes: list[str] = field(default_factory=list)


def plan_restore(index: LiveIndex, request: RestoreRequest) -> RestorePlan:
    archive, vault, app_namespaces = _source(index, request)
    kind = RESTORE_KINDS[(request.source_kind, request.in_place)]
    spec: dict[str, Any] = {"appArchivePath": archive, "appVaultRef": vault}
    _check_storage_classes(index, request.storage_class_mapping)
    if request.storage_class_mapping:
        spec["storageClassMapping"] = [{"source": s, "destination": d} for s, d in request.storage_class_mapping]
    if request.in_place:
        if request.namespace_mapping:
            raise Refusal("namespace_mapping does not apply to an in-place restore; nothing was changed")
        if request.source_namespace is None:
            raise Refusal(
                "an in-place restore needs the Backup or Snapshot of this cluster (backup or snapshot with "
                "source_namespace), not an archive path; nothing was changed"
            )
        namespace, destinations = request.source_namespace, list(app_namespaces)
    else:
        _check_mapping(request, app_namespaces)
        spec["namespaceMapping"] = [{"source": s, "destination": d} for s, d in request.namespace_mapping]
        destinations = [d for _s, d in request.namespace_mapping]
        namespace = destinations[0]
    prefix = request.source_name or archive.rstrip("/").rsplit("/", 1)[-1].split("_", 1)[0] or "restore"
    name = request.name or derived_name(f"{prefix}-restore".lower(), kind, spec)
    return RestorePlan(Action(kind, namespace, name, spec), destinations, list(app_namespaces))


def _source(index: LiveIndex, request: RestoreRequest) -> tuple[str, str, tuple[str, ...]]:
    """(archive path, vault, the application's namespaces) of the restore's source."""
    if request.source_name is None:
        if not (request.app_archive_path and request.vault and request.source_namespaces):
            raise Refusal(
                "a restore needs backup or snapshot (a resource of this cluster), or app_archive_path with vault "
                "and source_namespaces (a backup taken elsewhere); nothing was changed"
            )
        return request.app_archive_path, request.vault, request.source_namespaces
    kind = BACKUP if request.source_kind == "Backup" else SNAPSHOT
    namespace = request.source_namespace or ""
    require_served(index, kind, namespace)
    source = index.objects(kind, namespace).get(request.source_name)
    where = f"{kind.kind} {namespace}/{request.source_name}"
    if source is None:
        known = ", ".join(sorted(index.objects(kind, namespace))) or "none"
        raise Refusal(f"{where} does not exist ({kind.kind}s in {namespace}: {known}); nothing was changed")
    status, spec = source.get("status") or {}, source.get("spec") or {}
    if readiness.PROTECT_COMPLETED.state(source) != "done" or not status.get("appArchivePath"):
        state = readiness.PROTECT_STATE.text(source) or "without a state yet"
        raise Refusal(f"{where} is {state}, not Completed: there is nothing to restore yet; nothing was changed")
    app_name = str(spec.get("applicationRef") or "")
    application = index.objects(APPLICATION, namespace).get(app_name)
    if application is not None:
        namespaces = tuple(namespaces_of(application_scope(application)))
    elif request.source_namespaces:
        namespaces = request.source_namespaces
    else:
        raise Refusal(
            f"Application {namespace}/{app_name} of {where} is gone, so its namespaces are unknown: give "
            "source_namespaces; nothing was changed"
        )
    return str(status["appArchivePath"]), str(spec.get("appVaultRef") or ""), namespaces


def _check_mapping(request: RestoreRequest, app_namespaces: tuple[str, ...]) -> None:
    mapping = request.namespace_mapping
    if not mapping:
        raise Refusal(
            f"namespace_mapping is required to restore into other namespaces (the application's: "
            f"{', '.join(app_namespaces)}); use in_place: true to restore over the original; nothing was changed"
        )
    problems = []
    sources = [s for s, _d in mapping]
    destinations = [d for _s, d in mapping]
    foreign = [s for s in sources if s not in app_namespaces]
    if foreign:
        problems.append(f"{', '.join(foreign)} not in the application's namespaces ({', '.join(app_namespaces)})")
    unmapped = [n for n in app_namespaces if n not in sources]
    if unmapped:
        problems.append(f"the application's namespace(s) {', '.join(unmapped)} are not mapped")
    for label, names in (("source", sources), ("destination", destinations)):
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            problems.append(f"{label} {', '.join(repeated)} appears more than once")
    if request.source_name is not None:
        same = [s for s, d in mapping if s == d]
        if same:
            problems.append(
                f"{', '.join(same)} would be restored onto itself on this cluster (use in_place: true for that)"
            )
    if problems:
        raise Refusal(f"namespace_mapping: {'; '.join(problems)}; nothing was changed")


def _check_storage_classes(index: LiveIndex, mapping: tuple[tuple[str, str], ...]) -> None:
    if not mapping:
        return
    classes = index.objects(STORAGE_CLASS)
    missing = sorted({d for _s, d in mapping if d not in classes})
    sources = [s for s, _d in mapping]
    repeated = sorted({s for s in sources if sources.count(s) > 1})
    problems = []
    if missing:
        problems.append(
            f"StorageClass {', '.join(missing)} does not exist on this cluster (it has: "
            f"{', '.join(sorted(classes)) or 'none'})"
        )
    if repeated:
        problems.append(f"source {', '.join(repeated)} appears more than once")
    if problems:
        raise Refusal(f"storage_class_mapping: {'; '.join(problems)}; nothing was changed")


def mapping_pairs(items: list[Mapping[str, Any]] | None) -> tuple[tuple[str, str], ...]:
    return tuple((str(i["source"]), str(i["destination"])) for i in items or [])
