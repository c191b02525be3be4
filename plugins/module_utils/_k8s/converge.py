"""Bring objects to their desired state with as few requests as possible.

Plan: list each kind once (per namespace), compare desired and live in memory, keep only what
differs. Execute: server-side apply the differing objects, kinds in apply order and the objects
of one kind in parallel (they do not depend on each other). ``changed`` is exact: an apply the
server treats as a no-op (resourceVersion unchanged) counts as unchanged, and a planned create that
finds the object already there (the server answers 200, not 201 Created) is not a create. Check mode
reads only.

The truth about a failed run: each Change records whether the server confirmed its write (``written``)
or whether the write was sent and never answered for sure (``uncertain``); a failure after the first
write becomes ``PartialRun``, which carries what was written.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from ..spec.kinds import Kind, kind_of
from ..spec.yamlio import dump
from .diff import drift, foreign_owners, masked_pair, owned_fields, project, removed, without_path
from .session import FIELD_MANAGER, Key, KubeError, KubeSession, describe, key_of

T = TypeVar("T")
Action = Literal["create", "update", "unchanged", "delete", "replace"]
# Said of a planned create the server answered with 200: another writer (a concurrent run, or an earlier
# attempt of the same request whose answer was lost) created the object after this run read the cluster.
FOUND_EXISTING = "already there when written (created since this run read the cluster)"


class LiveIndex:
    """Live objects, listed once per kind and namespace for the whole run."""

    def __init__(self, session: KubeSession) -> None:
        self.session = session
        self._lists: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}
        self.versions: dict[tuple[str, str, str], str] = {}
        self.not_served: set[Kind] = set()  # kinds whose CRD the cluster does not serve (yet)
        self._lock = threading.Lock()

    def objects(self, kind: Kind, namespace: str | None = None) -> dict[str, dict[str, Any]]:
        scope = (kind.api_version, kind.kind, namespace or "" if kind.namespaced else "")
        with self._lock:
            if scope not in self._lists:
                items, version = self.session.list(kind, namespace if kind.namespaced else None)
                self._lists[scope] = {item["metadata"]["name"]: item for item in items}
                self.versions[scope] = version
                if not version:  # a served list always has a resourceVersion
                    self.not_served.add(kind)
            return self._lists[scope]

    def get(self, obj: Mapping[str, Any]) -> dict[str, Any] | None:
        kind = kind_of(obj)
        meta = obj["metadata"]
        return self.objects(kind, meta.get("namespace")).get(meta["name"])


@dataclass
class Change:
    key: Key
    action: Action
    desired: dict[str, Any] | None = None
    live: dict[str, Any] | None = None
    paths: list[str] = field(default_factory=list)
    result: dict[str, Any] | None = None
    note: str = ""
    # The server confirmed the write (a delete: the object was there and went).
    written: bool = False
    # The write was sent and no definite answer came (the connection dropped, or the server timed out):
    # it may or may not have happened.
    uncertain: bool = False
    # Fields another field manager changed since our last apply: path -> those managers. ``foreign`` ones
    # this change takes back; ``kept`` ones it leaves as they are (foreign_changes=keep).
    foreign: dict[str, list[str]] = field(default_factory=dict)
    kept: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.action != "unchanged"

    def record(self, created: bool, result: dict[str, Any]) -> None:
        """What the server answered to the apply of this change: the action becomes what really happened."""
        self.result = result
        self.written = True
        if created:
            self.action = "create"  # planned as an update, the object went away before our apply
            return
        version = result.get("metadata", {}).get("resourceVersion")
        if self.action == "create":
            # We never saw the object, so its version before our apply is unknown: the apply may have changed it.
            self.action = "update"
            self.note = FOUND_EXISTING
        elif self.action == "update" and version == (self.live or {}).get("metadata", {}).get("resourceVersion"):
            self.action = "unchanged"  # the server found nothing to change

    def attempt(self, write: Callable[[], T]) -> T:
        """Send one write of this change (a delete, a patch), recording whether it happened."""
        try:
            answer = write()
        except Exception as exc:
            self.failed(exc)
            raise
        self.written = True
        return answer

    def failed(self, error: BaseException) -> None:
        """The write of this change failed: a definite refusal (4xx) wrote nothing, anything else may have."""
        status = error.status if isinstance(error, KubeError) else 0
        self.uncertain = not 400 <= status < 500

    @property
    def applied_version(self) -> str | None:
        """resourceVersion our write produced (None when nothing was written)."""
        if self.result is None or not self.changed:
            return None
        return str(self.result.get("metadata", {}).get("resourceVersion", ""))

    def summary(self) -> dict[str, Any]:
        kind, namespace, name = self.key[1:]
        out: dict[str, Any] = {"kind": kind, "name": name, "action": self.action}
        if namespace:
            out["namespace"] = namespace
        if self.paths and self.action == "update":
            out["fields"] = self.paths
        if self.foreign:
            out["changed_by"] = self.foreign
        if self.kept:
            out["kept"] = self.kept
        if self.note:
            out["note"] = self.note
        return out

    def diff(self) -> dict[str, str]:
        before: Any = None
        after: Any = None
        if self.live is not None and self.desired is not None:
            before = project(self.desired, self.live)
            for path in self.paths:  # fields the spec no longer sets show as removed
                _copy_path(self.live, before, path)
        elif self.live is not None:  # a deletion shows the whole object going
            before = {k: v for k, v in self.live.items() if k != "status"}
        if self.desired is not None and self.action != "delete":
            after = self.desired
        before, after = masked_pair(before, after)
        header = describe(self.key)
        named = "; ".join(f"{p} changed by {', '.join(m)}" for p, m in self.foreign.items())
        return {
            "before_header": f"{header} ({named})" if named else header,
            "after_header": describe(self.key),
            "before": _yaml(before),
            "after": _yaml(after),
        }


def _yaml(obj: Any) -> str:
    if obj is None:
        return ""
    if isinstance(obj, Mapping) and "metadata" in obj:
        meta = {k: v for k, v in obj["metadata"].items() if k not in ("managedFields", "resourceVersion", "uid")}
        obj = {**obj, "metadata": meta}
    return dump(obj)


def _copy_path(source: Mapping[str, Any], target: dict[str, Any], path: str) -> None:
    node_source: Any = source
    node_target: Any = target
    parts = path.split(".")
    for part in parts[:-1]:
        if not isinstance(node_source, Mapping) or part not in node_source or "[" in part:
            return
        node_source = node_source[part]
        node_target = node_target.setdefault(part, {})
    last = parts[-1]
    if isinstance(node_source, Mapping) and last in node_source and "[" not in last:
        node_target[last] = node_source[last]


def plan(index: LiveIndex, objects: Iterable[Mapping[str, Any]], keep_foreign: bool = False) -> list[Change]:
    """What applying ``objects`` would change, from listed state only.

    A field we set that another manager (kubectl, a GitOps controller) changed since is named with that
    manager; with ``keep_foreign`` the desired object leaves it out, so the apply keeps their value.
    """
    changes = []
    for obj in objects:
        desired = dict(obj)
        live = index.get(desired)
        key = key_of(desired)
        if live is None:
            changes.append(Change(key, "create", desired))
            continue
        owned = owned_fields(live, FIELD_MANAGER)
        drifted = drift(desired, live, owned=owned)
        foreign: dict[str, list[str]] = {}
        kept: dict[str, list[str]] = {}
        if owned is not None:  # only a field we applied can have been changed behind our back
            for path in drifted:
                managers, owned_at = foreign_owners(live, FIELD_MANAGER, path)
                if not managers:
                    continue
                if keep_foreign and owned_at:
                    desired = without_path(desired, owned_at)
                    kept[path] = managers
                else:
                    foreign[path] = managers
        paths = [p for p in drifted if p not in kept] + removed(desired, live, FIELD_MANAGER)
        change = Change(key, "update" if paths else "unchanged", desired, live, paths)
        change.foreign, change.kept = foreign, kept
        changes.append(change)
    return changes


def execute(
    session: KubeSession,
    changes: list[Change],
    workers: int = 8,
    settle: Callable[[list[Change]], None] | None = None,
) -> None:
    """Apply creates and updates: kinds in order of first appearance, each kind's objects in parallel.

    ``settle`` runs after each kind's batch, before the next kind (e.g. until new CRDs are established).
    When a write fails, the writes of the batch already under way finish (and are recorded), those not
    started are not sent, and the first error is raised.
    """
    by_kind: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        if change.action in ("create", "update"):
            by_kind.setdefault(change.key[:2], []).append(change)
    failed = threading.Event()  # set by the first failing write: no write starts after it

    def write(change: Change) -> tuple[bool, dict[str, Any]]:
        if failed.is_set():
            raise NotSent
        try:
            return session.apply_created(change.desired or {})
        except Exception:
            failed.set()
            raise

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for batch in by_kind.values():
            futures = [pool.submit(write, c) for c in batch]
            wait(futures, return_when=FIRST_EXCEPTION)
            for future in futures:
                future.cancel()  # those not started yet
            wait(futures)
            error = _record(batch, futures)
            if error is not None:
                raise error
            if settle is not None:
                settle(batch)


class NotSent(Exception):
    """A write not sent because another write of its batch had failed."""


def _record(batch: list[Change], futures: list[Future[tuple[bool, dict[str, Any]]]]) -> BaseException | None:
    """Record each answered write on its change; return the first error (in apply order)."""
    first: BaseException | None = None
    for change, future in zip(batch, futures, strict=True):
        error = None if future.cancelled() else future.exception()
        if future.cancelled() or isinstance(error, NotSent):
            continue
        if error is None:
            change.record(*future.result())
            continue
        change.failed(error)
        first = first or error
    return first


class PartialRun(Exception):
    """A run failed after it had written: ``cause`` is the failure, ``changes`` every change of the run (those
    ``written`` or ``uncertain`` are what the result reports)."""

    def __init__(self, cause: Exception, changes: list[Change]) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.changes = changes

    def result(self) -> dict[str, Any]:
        """The written objects in a successful run's ``objects`` shape, and those whose write may have happened."""
        written = [c.summary() for c in self.changes if c.written and c.changed]
        uncertain = [c.summary() for c in self.changes if c.uncertain]
        return {"changed": bool(written or uncertain), "objects": written, "uncertain": uncertain}


@contextlib.contextmanager
def reporting_writes(changes: list[Change]) -> Iterator[None]:
    """A failure inside the block, once anything of ``changes`` was (or may have been) written, is raised as
    PartialRun carrying them; a failure before any write is raised as it is ("nothing was changed")."""
    try:
        yield
    except PartialRun:
        raise
    except Exception as exc:
        if any(c.written or c.uncertain for c in changes):
            raise PartialRun(exc, changes) from exc
        raise
