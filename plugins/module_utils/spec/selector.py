"""Trident's StorageClass selector and pool-list syntaxes, parsed and matched as Trident does.

Selector: requirements separated by ';', each ``key=value``, ``key==value``, ``key!=value``,
``key in (a,b)``, ``key notin (a,b)``, ``key`` or ``!key``; names and values are ``[\\w-]+``.
Pool lists (storagePools, additionalStoragePools, excludeStoragePools):
``backendRegex:poolRegex1,poolRegex2;backend2:pool...``; Trident anchors the backend side
(``^...$``) and searches pool names with the pool side unanchored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_NAME = r"[\w-]+"
_EQUALITY = re.compile(rf"^({_NAME})\s*(==|=|!=)\s*({_NAME})$")
_SET = re.compile(rf"^({_NAME})\s+(in|notin)\s*\(\s*({_NAME}(?:\s*,\s*{_NAME})*)\s*\)$")
_EXISTS = re.compile(rf"^(!?)({_NAME})$")


@dataclass(frozen=True)
class Requirement:
    key: str
    operator: str  # "in", "notin", "exists", "!exists"
    values: frozenset[str]

    def matches(self, labels: Mapping[str, str]) -> bool:
        present = self.key in labels
        if self.operator == "exists":
            return present
        if self.operator == "!exists":
            return not present
        if self.operator == "in":
            return present and labels[self.key] in self.values
        return not present or labels[self.key] not in self.values


def parse_selector(text: str) -> tuple[list[Requirement], str | None]:
    """Return the requirements, or an error message describing the first bad requirement."""
    requirements: list[Requirement] = []
    if not text:
        return [], "the selector is empty"
    for part in (p.strip() for p in text.split(";")):
        # Trident's NewLabelRequest (storage_attribute/label.go@v26.06.0:82-116) refuses an empty requirement,
        # so 'a=b;' (a trailing ';') makes it leave the whole class out.
        if not part:
            return [], "an empty requirement (a ';' with nothing around it); Trident refuses the selector"
        if m := _EQUALITY.match(part):
            op = "notin" if m.group(2) == "!=" else "in"
            requirements.append(Requirement(m.group(1), op, frozenset({m.group(3)})))
        elif m := _SET.match(part):
            values = frozenset(v.strip() for v in m.group(3).split(","))
            requirements.append(Requirement(m.group(1), m.group(2), values))
        elif m := _EXISTS.match(part):
            requirements.append(Requirement(m.group(2), "!exists" if m.group(1) else "exists", frozenset()))
        else:
            return [], (
                f"{part!r} is not a Trident selector requirement "
                "(use key=value, key!=value, key in (a,b), key notin (a,b), key or !key, separated by ';')"
            )
    return requirements, None


def selector_matches(requirements: list[Requirement], labels: Mapping[str, str]) -> bool:
    return all(r.matches(labels) for r in requirements)


@dataclass(frozen=True)
class PoolPattern:
    backend: re.Pattern[str]
    pools: tuple[re.Pattern[str], ...]


def parse_pool_list(text: str) -> tuple[list[PoolPattern], str | None]:
    patterns: list[PoolPattern] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        backend, sep, pools = part.partition(":")
        if not sep or not backend.strip() or not pools.strip():
            return [], f"{part!r} is not 'backendRegex:poolRegex[,poolRegex...]'"
        try:
            # Compile the user's text first so an error's position refers to what they wrote.
            backend_re = re.compile(f"^(?:{re.compile(backend.strip()).pattern})$")
            pool_res = tuple(re.compile(p.strip()) for p in pools.split(",") if p.strip())
        except re.error as exc:
            return [], f"{part!r} has an invalid regular expression: {exc}"
        patterns.append(PoolPattern(backend_re, pool_res))
    if not patterns:
        return [], "the pool list is empty"
    return patterns, None


def pool_list_matches(patterns: list[PoolPattern], backend: str, pool: str | None) -> bool:
    """Does a pool match? ``pool`` None means a physical pool whose name (an aggregate) is unknown
    until Trident talks to the array: only the backend part can be judged, so it counts as a match."""
    for pattern in patterns:
        if pattern.backend.match(backend) and (pool is None or any(p.search(pool) for p in pattern.pools)):
            return True
    return False
