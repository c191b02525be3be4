"""Read spec files and write rendered objects as YAML, deterministically (PyYAML, imported lazily so
the model itself needs nothing beyond the standard library)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any


class SpecFileError(Exception):
    """A spec file that cannot be read or is not valid YAML."""


def load_file(path: str | Path) -> object:
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecFileError(f"{path}: cannot read: {exc.strerror}") from None
    # libyaml's loader when PyYAML was built with it: ten times faster on large specs.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecFileError(f"{path}{where}: not valid YAML: {problem}") from None


def dump_all(objects: Iterable[dict[str, Any]]) -> str:
    """Multi-document YAML in the objects' own key order, without anchors: same objects, same bytes."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump_all(
        list(objects),
        Dumper=_Dumper,
        sort_keys=False,
        explicit_start=True,
        default_flow_style=False,
        allow_unicode=True,
        width=120,
    )
