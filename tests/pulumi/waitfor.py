"""The Kubernetes provider's reading of a ``pulumi.com/waitFor`` annotation, for tests that play the engine.

As pulumi-kubernetes reads it (provider/pkg/metadata/overrides.go ReadyCondition, provider/pkg/jsonpath and
provider/pkg/await/condition): a JSON list of expressions must all hold, anything else is one expression;
``jsonpath={path}=value`` holds when the path's first match is a scalar printed as Go prints it (true, not
True) equal to the value, ``jsonpath={path}`` when the path matches at all; ``condition=Type[=Status]`` when
``status.conditions`` has that type with that status (default True, compared case-insensitively); none holds
while ``status.observedGeneration`` lags ``metadata.generation``. Paths are the simple ones the readiness table
writes: ``.a.b`` with ``[n]`` list indexes.
"""

from __future__ import annotations

import json
import re
from typing import Any

_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def expressions(annotation: str) -> list[str]:
    try:
        listed = json.loads(annotation)
    except ValueError:
        return [annotation]
    return [str(item) for item in listed] if isinstance(listed, list) else [annotation]


def holds(annotation: str, live: dict[str, Any] | None) -> bool:
    """Whether the provider would take ``live`` as ready under ``annotation``."""
    obj = live or {}
    generation = (obj.get("metadata") or {}).get("generation")
    observed = (obj.get("status") or {}).get("observedGeneration")
    if isinstance(generation, int) and isinstance(observed, int) and observed < generation:
        return False
    return all(_holds(expression, obj) for expression in expressions(annotation))


def _holds(expression: str, obj: dict[str, Any]) -> bool:
    if expression.startswith("condition="):
        kind, _, status = expression.removeprefix("condition=").partition("=")
        conditions = (obj.get("status") or {}).get("conditions") or []
        return any(
            c.get("type") == kind and str(c.get("status", "")).casefold() == (status or "True").casefold()
            for c in conditions
        )
    if not expression.startswith("jsonpath="):
        raise ValueError(f"expected a jsonpath= or condition= prefix, got {expression!r}")
    path, _, expected = expression.removeprefix("jsonpath=").partition("}=")
    found = _select(obj, path.strip("{}"))
    if found is _MISSING:
        return False
    if not expected:
        return True
    if isinstance(found, dict | list):
        return False  # the provider reports an error and keeps waiting
    shown = str(found).lower() if isinstance(found, bool) else str(found)
    return shown == expected


_MISSING = object()


def _select(obj: Any, path: str) -> Any:
    value = obj
    for name, index in _STEP.findall(path):
        if name:
            if not isinstance(value, dict) or name not in value:
                return _MISSING
            value = value[name]
        else:
            if not isinstance(value, list) or int(index) >= len(value):
                return _MISSING
            value = value[int(index)]
    return value
