"""Read spec files and write rendered objects as YAML, deterministically (PyYAML, imported lazily so
the model itself needs nothing beyond the standard library).

A spec file may hold anything: binary data, a huge log pasted by mistake, a typo that repeats a key,
an alias bomb. Loading refuses each with one short line that says what is wrong and where, before
anything else looks at the data, and never lets a traceback or the file's content through.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# A spec for thousands of backends and classes is well under 1 MiB; 8 MiB leaves room and keeps a
# stray multi-gigabyte file from being read into memory.
MAX_BYTES = 8 * 1024 * 1024
# Nesting depth of a spec's deepest field is below 10; 64 still admits any hand-written free-form value.
MAX_DEPTH = 64
# Nodes after expanding aliases. Anchors and aliases are legal and handy, but a few lines of them can
# stand for billions of values; the spec's largest real form stays far below this bound.
MAX_NODES = 1_000_000


class SpecFileError(Exception):
    """A spec file that cannot be read or is not valid YAML."""


def load_file(path: str | Path) -> object:
    """The YAML document in ``path``; SpecFileError for anything that is not one reasonable document."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SpecFileError(f"{path}: cannot read: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise SpecFileError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB; a storage spec is far smaller")
    return loads(raw, str(path))


def loads(raw: bytes, name: str = "<spec>") -> object:
    """Parse one spec document from bytes (UTF-8, an optional byte-order mark)."""
    text = _text(raw, name)
    if not text.strip():
        raise SpecFileError(f"{name}: empty; a storage spec is a YAML mapping")
    loader = _loader_class()(text)
    with _parsing(loader, name):
        node = loader.get_single_node()
        if node is None:
            raise SpecFileError(f"{name}: holds no YAML document; a storage spec is a YAML mapping")
        _check_shape(node, name)
        return loader.construct_document(node)


def loads_all(raw: bytes, name: str = "<input>") -> list[object]:
    """Every document of a multi-document YAML (or JSON) stream, each checked like a spec file's; empty
    documents left out."""
    loader = _loader_class()(_text(raw, name))
    documents: list[object] = []
    with _parsing(loader, name):
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            _check_shape(node, name)
            documents.append(loader.construct_document(node))
    return [d for d in documents if d is not None]


def _text(raw: bytes, name: str) -> str:
    """The bytes as text: UTF-8 with an optional byte-order mark; binary data refused."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise SpecFileError(f"{name}: a binary file, not YAML (byte {nul} is NUL)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecFileError(f"{name}: not UTF-8 text (byte {exc.start} is 0x{raw[exc.start]:02x})") from None


@contextmanager
def _parsing(loader: Any, name: str) -> Iterator[None]:
    """Parser errors as one short line with the file's name and position; the loader disposed of."""
    import yaml

    try:
        yield
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        # The context says what the parser was doing ("while scanning a quoted scalar"), the problem what it met.
        problem = ", ".join(part for part in (exc.context, exc.problem) if part) or "cannot be parsed"
        raise SpecFileError(f"{name}{where}: not valid YAML: {_short(problem)}") from None
    except yaml.YAMLError as exc:
        raise SpecFileError(f"{name}: not valid YAML: {_short(str(exc))}") from None
    except RecursionError:
        # Only the pure-Python parser recurses this deep; libyaml refuses deep nesting itself.
        raise SpecFileError(f"{name}: nested deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()


def _short(text: str, limit: int = 200) -> str:
    """One line of at most ``limit`` characters: a parser's message may quote the offending input."""
    line = " ".join(text.split())
    return line if len(line) <= limit else f"{line[: limit - 3]}..."


_LOADER: type | None = None


def _loader_class() -> type:
    """libyaml's safe loader when PyYAML was built with it (ten times faster on large specs), else PyYAML's."""
    global _LOADER
    if _LOADER is None:
        import yaml

        _LOADER = type("SpecLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})
    return _LOADER


def _check_shape(root: Any, name: str) -> None:
    """Refuse a node graph that is too deep, expands too far through aliases, refers to itself, or repeats a
    key in one mapping (YAML forbids it; PyYAML would keep the last value and hide a typo)."""
    import yaml

    done: dict[int, tuple[int, int]] = {}  # node id -> (nodes after expansion, height)
    open_nodes: set[int] = set()
    duplicates: list[str] = []

    def where(node: Any) -> str:
        return f"{name}:{node.start_mark.line + 1}"

    def walk(node: Any, depth: int) -> tuple[int, int]:
        known = done.get(id(node))
        if known is not None:
            if depth + known[1] > MAX_DEPTH:
                raise SpecFileError(f"{where(node)}: nested deeper than {MAX_DEPTH} levels (through an alias)")
            return known
        if depth > MAX_DEPTH:
            raise SpecFileError(f"{where(node)}: nested deeper than {MAX_DEPTH} levels")
        if id(node) in open_nodes:
            raise SpecFileError(f"{where(node)}: an alias refers to a node that contains it")
        open_nodes.add(id(node))
        children: list[Any] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            _note_duplicates(node, name, duplicates)
            children = [part for pair in node.value for part in pair]
        size, height = 1, 0
        for child in children:
            child_size, child_height = walk(child, depth + 1)
            size += child_size
            height = max(height, child_height + 1)
            if size > MAX_NODES:
                raise SpecFileError(
                    f"{where(node)}: anchors and aliases expand to more than {MAX_NODES:,} values; "
                    "a storage spec is far smaller"
                )
        open_nodes.discard(id(node))
        done[id(node)] = (size, height)
        return size, height

    walk(root, 0)
    if duplicates:
        more = f"\n{name}: and {len(duplicates) - 5} more duplicate keys" if len(duplicates) > 5 else ""
        raise SpecFileError("\n".join(duplicates[:5]) + more)


def _note_duplicates(node: Any, name: str, found: list[str]) -> None:
    import yaml

    seen: dict[tuple[str, str], int] = {}
    for key, _value in node.value:
        # Merge keys (<<) may repeat and be overridden; only plain scalar keys can collide by accident.
        if key.tag == "tag:yaml.org,2002:merge" or not isinstance(key, yaml.ScalarNode):
            continue
        ident = (key.tag, key.value)
        line = key.start_mark.line + 1
        if ident in seen:
            found.append(
                f"{name}:{line}: duplicate key {_short(repr(key.value), 60)} (first on line {seen[ident]}); "
                "YAML allows a key once per mapping"
            )
        else:
            seen[ident] = line


def _plain_dumper() -> Any:
    """PyYAML's safe dumper without anchors and aliases.

    Rendered objects share values (one label mapping as a Deployment's selector and its pods' labels, one verb
    list for many rules); PyYAML writes a value met twice as an anchor (``&id001``) and aliases (``*id001``),
    which a reader of a manifest or a diff would have to resolve by hand. Each is written out in full instead.
    """
    import yaml

    class PlainDumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return PlainDumper


def dump(obj: Any) -> str:
    """One YAML document in the object's own key order, without anchors (diff mode shows objects this way)."""
    import yaml

    return str(yaml.dump(obj, Dumper=_plain_dumper(), sort_keys=False, default_flow_style=False))


def dump_all(objects: Iterable[dict[str, Any]]) -> str:
    """Multi-document YAML in the objects' own key order, without anchors: same objects, same bytes."""
    import yaml

    return yaml.dump_all(
        list(objects),
        Dumper=_plain_dumper(),
        sort_keys=False,
        explicit_start=True,
        default_flow_style=False,
        allow_unicode=True,
        width=120,
    )
