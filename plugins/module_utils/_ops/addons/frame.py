"""The result the protect, monitoring and namespace modules share."""

from __future__ import annotations

from typing import Any

from ..._k8s.converge import Change
from ..stack import Outcome


def result(changes: list[Change], diff: bool, **extra: Any) -> dict[str, Any]:
    """``changed``, ``objects`` (each with its action) and, in diff mode, ``diff``; plus the module's own keys."""
    out = Outcome(changes=changes).result(diff)
    out.update({k: v for k, v in extra.items() if v is not None})
    return out
