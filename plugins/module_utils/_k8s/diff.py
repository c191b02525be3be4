"""Compare what tridentops wants with what the API server holds, without asking the server.

Server-side apply only touches the fields an applier sets and the server adds defaults of its own,
so an object is in sync when (1) every desired field has the same value in the live object and
(2) every field tridentops set earlier (its entry in ``metadata.managedFields``) is still desired:
applying the spec again would remove the others.

Lists: a list tridentops owns atomically (every list of a custom resource, and some built-in ones)
is replaced whole by an apply, so it must equal the desired list exactly. Other lists (keyed, like a
Pod's containers, where the server fills defaults into each item) compare element by element.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from ..spec.render import MASK


def drift(desired: Any, live: Any, path: str = "", owned: Mapping[str, Any] | None = None) -> list[str]:
    """Paths (``spec.storage[1].labels``) whose desired value the live object does not hold.

    ``owned`` is tridentops' ``fieldsV1`` trie at this point of the object, when it has one.
    """
    if isinstance(desired, Mapping):
        if not isinstance(live, Mapping):
            return [path or "."]
        found: list[str] = []
        for key, value in desired.items():
            where = f"{path}.{key}" if path else str(key)
            if key not in live:
                if value not in (None, {}, []):
                    found.append(where)
                continue
            found.extend(drift(value, live[key], where, owned.get(f"f:{key}") if owned is not None else None))
        return found
    if isinstance(desired, list):
        atomic = owned is not None and not any(k[:2] in ("k:", "v:", "i:") for k in owned)
        if atomic:
            return exact(desired, live, path)
        if not isinstance(live, list) or len(live) != len(desired):
            return [path]
        return [p for i, (d, v) in enumerate(zip(desired, live, strict=True)) for p in drift(d, v, f"{path}[{i}]")]
    return [] if desired == live else [path]


def exact(desired: Any, live: Any, path: str) -> list[str]:
    """Paths where ``live`` is not exactly ``desired`` (inside a list an apply replaces whole): a differing
    value, or a key only one side has. Items are compared pairwise while both lists are the same length."""
    if isinstance(desired, Mapping) and isinstance(live, Mapping):
        keys = [*desired, *(k for k in live if k not in desired)]
        return [p for k in keys for p in exact(desired.get(k), live.get(k), f"{path}.{k}")]
    if isinstance(desired, list) and isinstance(live, list) and len(desired) == len(live):
        return [p for i, (d, v) in enumerate(zip(desired, live, strict=True)) for p in exact(d, v, f"{path}[{i}]")]
    return [] if desired == live else [path]


def owned_fields(live: Mapping[str, Any], manager: str) -> Mapping[str, Any] | None:
    """The ``fieldsV1`` trie of ``manager``'s apply on the live object, if it applied it."""
    for entry in live.get("metadata", {}).get("managedFields") or []:
        if entry.get("manager") == manager and entry.get("operation") == "Apply":
            fields: Mapping[str, Any] = entry.get("fieldsV1") or {}
            return fields
    return None


def removed(desired: Mapping[str, Any], live: Mapping[str, Any], manager: str) -> list[str]:
    """Fields ``manager`` applied to the live object that the desired object no longer has."""
    owned = owned_fields(live, manager)
    return _missing(owned, desired, "") if owned is not None else []


def _missing(fields: Mapping[str, Any], desired: Any, path: str) -> list[str]:
    found: list[str] = []
    for key, sub in fields.items():
        prefix, value = key.split(":", 1) if ":" in key else (key, "")
        if prefix == "f":
            where = f"{path}.{value}" if path else value
            if not isinstance(desired, Mapping) or value not in desired:
                found.append(where)
            elif sub:
                found.extend(_missing(sub, desired[value], where))
        elif prefix == "k":  # an item of a list keyed by some of its fields (containers by name, ...)
            item_key = json.loads(value)
            items = desired if isinstance(desired, list) else []
            item = next(
                (i for i in items if isinstance(i, Mapping) and all(i.get(k) == v for k, v in item_key.items())), None
            )
            if item is None:
                found.append(f"{path}[{value}]")
            elif sub:
                found.extend(_missing(sub, item, f"{path}[{value}]"))
        elif prefix == "v":  # an item of a set-like list
            if not isinstance(desired, list) or json.loads(value) not in desired:
                found.append(f"{path}[{value}]")
        elif prefix == "i":
            index = int(value)
            if not isinstance(desired, list) or index >= len(desired):
                found.append(f"{path}[{index}]")
            elif sub:
                found.extend(_missing(sub, desired[index], f"{path}[{index}]"))
    return found


def project(desired: Any, live: Any) -> Any:
    """The part of ``live`` that ``desired`` talks about: what the field-level diff shows as "before"."""
    if isinstance(desired, Mapping) and isinstance(live, Mapping):
        return {k: project(v, live[k]) for k, v in desired.items() if k in live}
    return copy.deepcopy(live)


def masked(obj: Any) -> Any:
    """A Secret's values replaced, so diffs and logs never carry them."""
    if isinstance(obj, Mapping) and obj.get("kind") == "Secret":
        obj = dict(obj)
        for field in ("data", "stringData"):
            if isinstance(obj.get(field), Mapping):
                obj[field] = dict.fromkeys(obj[field], MASK)
    return obj


def masked_pair(before: Any, after: Any) -> tuple[Any, Any]:
    """Mask Secret values on both sides, but keep a changed value visible as a change."""
    if not (isinstance(after, Mapping) and after.get("kind") == "Secret"):
        return before, after
    before_data = (before or {}).get("data") or {}
    after_data = after.get("data") or {}
    # Equal values show the same mask; different ones a different mask, so the diff shows which keys change.
    before = masked(before) if before else before
    after = dict(masked(after))
    after["data"] = {k: MASK if before_data.get(k) == v else f"{MASK} (changed)" for k, v in after_data.items()}
    return before, after


# -- who manages what: managedFields read as ownership ------------------------------------------------


def field_managers(live: Mapping[str, Any]) -> list[str]:
    """Every field manager of the live object except status-only writers, as ``manager (Operation)``.

    A controller that only reports status (Trident's operator on a TridentOrchestrator) does not manage
    the object's desired state, so it is not named as an owner.
    """
    found: list[str] = []
    for entry in live.get("metadata", {}).get("managedFields") or []:
        fields = entry.get("fieldsV1") or {}
        if fields and set(fields) <= {"f:status"}:
            continue
        if entry.get("subresource") == "status":
            continue
        name = f"{entry.get('manager') or '(unnamed)'} ({entry.get('operation') or 'Update'})"
        if name not in found:
            found.append(name)
    return found


def is_ours(live: Mapping[str, Any], manager: str, labels: Mapping[str, str]) -> bool:
    """Whether ``manager`` applied the live object (an Apply entry) and it carries every one of ``labels``."""
    have = live.get("metadata", {}).get("labels") or {}
    return owned_fields(live, manager) is not None and all(have.get(k) == v for k, v in labels.items())


def foreign_owners(live: Mapping[str, Any], manager: str, path: str) -> tuple[list[str], str]:
    """Other managers that own the field at ``path`` (as ``drift`` writes it) and the path they own it at.

    The owned path stops where ownership does: at a list an apply replaces whole, or at a list whose
    items are keyed (``spec.storage[0].labels`` is owned as ``spec.storage`` when the list is atomic).
    Returns ``([], "")`` when no other manager owns it (the field was deleted, or only we own it).
    """
    owners: list[str] = []
    owned_at = ""
    for entry in live.get("metadata", {}).get("managedFields") or []:
        if entry.get("manager") == manager and entry.get("operation") == "Apply":
            continue
        where = _owned_prefix(entry.get("fieldsV1") or {}, path)
        if where is not None:
            name = str(entry.get("manager") or "(unnamed)")
            if name not in owners:
                owners.append(name)
            if len(where) > len(owned_at):
                owned_at = where
    return owners, owned_at


def _owned_prefix(fields: Mapping[str, Any], path: str) -> str | None:
    """The prefix of ``path`` at which the ``fieldsV1`` trie ``fields`` owns it, or None.

    Keys may contain dots (``storageclass.kubernetes.io/is-default-class``), so each step matches the longest
    field name of the trie that the rest of the path starts with.
    """
    node: Mapping[str, Any] = fields
    done = ""
    rest = path
    while rest:
        names = sorted((k[2:] for k in node if k.startswith("f:")), key=len, reverse=True)
        name = next((n for n in names if rest == n or rest.startswith((n + ".", n + "["))), None)
        if name is None:
            return None
        done = f"{done}.{name}" if done else name
        node = node[f"f:{name}"]
        after = len(name)
        rest = rest[after:]
        if rest.startswith("["):
            # A list: owned whole (atomic, no item entries) or item by item; either way the list is the unit.
            return done
        rest = rest[1:]
        if rest and not node:  # owned whole: a map or value below which nothing is listed
            return done
    return done


def without_path(obj: Mapping[str, Any], path: str) -> dict[str, Any]:
    """A copy of ``obj`` without the field at ``path`` (a path ``foreign_owners`` returned)."""
    out = copy.deepcopy(dict(obj))
    node: Any = out
    rest = path
    while isinstance(node, dict):
        name = next((k for k in sorted(node, key=len, reverse=True) if rest == k or rest.startswith(k + ".")), None)
        if name is None:
            return out
        if rest == name:
            del node[name]
            return out
        after = len(name) + 1
        node, rest = node[name], rest[after:]
    return out
