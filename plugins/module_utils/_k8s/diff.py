"""Compare what tridentops wants with what the API server holds, without asking the server.

Server-side apply only touches the fields an applier sets, and the server adds defaults of its own,
so "in sync" means: every field of the desired object has the same value in the live object.
Lists are compared element by element and must have the same length.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def drift(desired: Any, live: Any, path: str = "") -> list[str]:
    """Paths (``spec.storage[1].labels``) whose desired value the live object does not hold."""
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
            found.extend(drift(value, live[key], where))
        return found
    if isinstance(desired, list):
        if not isinstance(live, list) or len(live) != len(desired):
            return [path]
        return [p for i, (d, v) in enumerate(zip(desired, live, strict=True)) for p in drift(d, v, f"{path}[{i}]")]
    return [] if desired == live else [path]
