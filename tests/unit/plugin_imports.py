"""The import graph of plugins/, as AnsiballZ sees it: relative imports resolved, function-level imports
included (AnsiballZ packs what any import names, wherever it stands)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"


def dotted(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imports_of(path: Path) -> Iterator[str]:
    """The plugins/ modules ``path`` imports (relative imports resolved, each imported name tried as a module)."""
    package = dotted(path) if path.name == "__init__.py" else dotted(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = package.split(".")
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
        for alias in node.names:
            yield f"{target}.{alias.name}"
            yield target


def import_graph() -> dict[str, set[str]]:
    files = {dotted(p): p for p in PLUGINS.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in files and m != name} for name, path in files.items()}


def payload(name: str, graph: dict[str, set[str]]) -> set[str]:
    """What AnsiballZ packs for a module: everything its imports reach, function-level imports included."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(graph.get(current, ()))
    return seen
