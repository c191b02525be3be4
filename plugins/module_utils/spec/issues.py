"""Validation findings with field paths.

Validation never stops at the first problem: every check appends to one ``Issues``
collector, and the caller reports them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
# Messages quote the values they reject; a multi-megabyte value must not become a multi-megabyte report.
MAX_MESSAGE = 1000


@dataclass(frozen=True)
class Issue:
    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.path or "(spec)"
        return f"{where}: {self.message}"


@dataclass
class Issues:
    items: list[Issue] = field(default_factory=list)

    def error(self, path: str, message: str) -> None:
        self.items.append(Issue(_bounded(path), _bounded(message), "error"))

    def warn(self, path: str, message: str) -> None:
        self.items.append(Issue(_bounded(path), _bounded(message), "warning"))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.items if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.items if i.severity == "warning"]


class SpecError(Exception):
    """Raised when a spec has errors; carries every one of them."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        lines = "\n".join(f"  {i}" for i in issues)
        super().__init__(f"the storage spec has {len(issues)} error(s):\n{lines}")


def _bounded(text: str) -> str:
    """Keep the start and the end (where a message says what is allowed); elide the middle of a long one."""
    if len(text) <= MAX_MESSAGE:
        return text
    head, tail = MAX_MESSAGE * 2 // 3, MAX_MESSAGE // 4
    return f"{text[:head]}...({len(text) - head - tail:,} characters left out)...{text[-tail:]}"


def join(path: str, key: str | int) -> str:
    """Extend a field path: ``join('backends', 2) -> 'backends[2]'``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key
