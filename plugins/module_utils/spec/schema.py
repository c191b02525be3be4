"""Build the spec's frozen dataclasses from plain data, collecting every problem with its path.

The model classes are the schema. A field's type hint says what it accepts (``str``, ``int``,
``bool``, ``Literal[...]`` choices, ``X | None``, ``tuple[X, ...]`` for lists,
``Mapping[str, X]`` for maps, nested model classes); its metadata carries its documentation,
whether it holds a secret, and an optional value check. Cross-field rules live in a model's
``check(path, issues)`` method, which runs once the fields themselves are valid.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar, Union, cast, get_args, get_origin, get_type_hints

from .issues import Issues, join

T = TypeVar("T")
Check = Callable[[Any], "str | None"]

_INVALID: Any = object()


def spec_field(
    doc: str,
    *,
    default: Any = dataclasses.MISSING,
    factory: Callable[[], Any] | None = None,
    secret: bool = False,
    check: Check | None = None,
) -> Any:
    """Declare a model field with its documentation, secrecy and an optional value check.

    ``check`` returns an error message (without the path) or None.
    """
    metadata = {"doc": doc, "secret": secret, "check": check}
    # A field specifier: it is only ever called in a dataclass body, which pylint cannot see through.
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=metadata)  # pylint: disable=invalid-field-call
    return dataclasses.field(default=default, metadata=metadata)  # pylint: disable=invalid-field-call


def is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


@functools.cache
def type_hints(cls: Any) -> dict[str, Any]:
    return get_type_hints(cls)


def unwrap_optional(tp: Any) -> Any:
    """``X`` for ``X | None``; any other hint as it is."""
    if get_origin(tp) in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return options[0]
    return tp


def describe(value: object) -> str:
    """Say what a wrong value is, the way a user wrote it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"{value} (a number)"
    if isinstance(value, str):
        # A whole file can arrive as one string (a log pasted instead of a spec): show its start only.
        return repr(value) if len(value) <= 60 else f"{value[:40]!r}... ({len(value):,} characters)"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""


def build(cls: type[T], data: object, path: str, issues: Issues) -> T | None:
    """Turn ``data`` into an instance of the model class ``cls``, or None when a field is invalid."""
    if not isinstance(data, Mapping):
        issues.error(path, f"must be a mapping, got {describe(data)}")
        return None
    hints = type_hints(cast(Any, cls))
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for key in data:
        if not isinstance(key, str) or key not in fields:
            names = sorted(fields)
            issues.error(
                join(path, str(key)),
                f"unknown field{did_you_mean(str(key), names)} (allowed: {', '.join(names)})",
            )
    values: dict[str, Any] = {}
    for name, f in fields.items():
        where = join(path, name)
        raw = data.get(name)
        if raw is None:  # an absent key and YAML's empty value both mean "not set"
            if is_required(f):
                issues.error(where, "is required")
            continue
        value = convert(hints[name], raw, where, issues)
        if value is _INVALID:
            continue
        check: Check | None = f.metadata.get("check")
        message = check(value) if check else None
        if message:
            issues.error(where, message)
            continue
        values[name] = value
    invalid = {
        name for name in fields if name not in values and (data.get(name) is not None or is_required(fields[name]))
    }
    # Rules read only the fields they declare, so each runs whenever those are valid, whatever else is
    # wrong: every error is reported in one pass. Invalid fields are absent from the probe object.
    probe = cls(**{**dict.fromkeys(n for n in invalid if is_required(fields[n])), **values})
    for fields_read, method in _rules(cast(Any, cls)):
        if not invalid.intersection(fields_read):
            method(probe, path, issues)
    if invalid and not getattr(cls, "validate_partially", False):
        return None
    # A class that sets validate_partially (the top-level spec) is built from its valid sections, so
    # its checks across sections still run.
    cross_check = getattr(probe, "check", None)
    if cross_check is not None:
        cross_check(path, issues)
    return probe


R = TypeVar("R", bound=Callable[..., None])


def rule(*fields_read: str) -> Callable[[R], R]:
    """Mark a model method ``(self, path, issues)`` as a rule across the named fields."""

    def mark(method: R) -> R:
        method.rule_fields = fields_read  # type: ignore[attr-defined]
        return method

    return mark


@functools.cache
def _rules(cls: Any) -> list[tuple[tuple[str, ...], Callable[[Any, str, Issues], None]]]:
    found = []
    for klass in reversed(cls.__mro__):
        for member in vars(klass).values():
            if callable(member) and hasattr(member, "rule_fields"):
                found.append((member.rule_fields, member))
    return found


def convert(tp: Any, raw: object, path: str, issues: Issues) -> Any:
    """Check ``raw`` against the type hint ``tp`` and convert lists to tuples, maps to dicts."""
    origin = get_origin(tp)
    args = get_args(tp)
    if tp is Any:
        return raw
    if origin is Union or origin is types.UnionType:
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return convert(options[0], raw, path, issues)
        if any(_is_scalar(a, raw) for a in options):
            return raw
        issues.error(path, f"must be {' or '.join(_type_name(a) for a in options)}, got {describe(raw)}")
        return _INVALID
    if origin is Literal:
        if any(raw == a and type(raw) is type(a) for a in args):
            return raw
        shown = ", ".join(str(a) if a != "" else "''" for a in args)  # an empty choice shown as ''
        hint = did_you_mean(raw, [str(a) for a in args]) if isinstance(raw, str) else ""
        issues.error(path, f"{describe(raw)} is not one of {shown}{hint}")
        return _INVALID
    if tp in (str, int, bool):
        if _is_scalar(tp, raw):
            return raw
        extra = "; quote it in YAML" if tp is str and isinstance(raw, int | float) else ""
        issues.error(path, f"must be {_type_name(tp)}, got {describe(raw)}{extra}")
        return _INVALID
    if origin is tuple:
        if not isinstance(raw, list | tuple):
            issues.error(path, f"must be a list, got {describe(raw)}")
            return _INVALID
        items = [convert(args[0], item, join(path, i), issues) for i, item in enumerate(raw)]
        if dataclasses.is_dataclass(args[0]):
            # Keep the valid entries so that checks across the list (duplicates, references)
            # still run and report their own findings in the same pass.
            return tuple(i for i in items if i is not _INVALID)
        return _INVALID if any(i is _INVALID for i in items) else tuple(items)
    if origin is Mapping or origin is dict:
        if not isinstance(raw, Mapping):
            issues.error(path, f"must be a mapping, got {describe(raw)}")
            return _INVALID
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if not isinstance(key, str):
                issues.error(join(path, str(key)), f"keys must be strings, got {describe(key)}")
                out[str(key)] = _INVALID
                continue
            out[key] = convert(args[1], value, join(path, key), issues)
        return _INVALID if any(v is _INVALID for v in out.values()) else out
    if dataclasses.is_dataclass(tp):
        built = build(tp, raw, path, issues)  # type: ignore[arg-type]
        return _INVALID if built is None else built
    raise TypeError(f"unsupported type in the spec model: {tp!r}")  # a bug in the model, not user input


def _is_scalar(tp: Any, raw: object) -> bool:
    if tp is bool:
        return isinstance(raw, bool)
    if tp is int:
        return isinstance(raw, int) and not isinstance(raw, bool)
    if tp is str:
        return isinstance(raw, str)
    return False


def _type_name(tp: Any) -> str:
    return {str: "a string", int: "an integer", bool: "a boolean (true or false)"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


def secret_paths(cls: Any, prefix: str = "") -> list[str]:
    """Dotted paths of every field marked secret, for masking and for Ansible's no_log."""
    found: list[str] = []
    hints = type_hints(cls)
    for f in dataclasses.fields(cls):
        where = join(prefix, f.name)
        if f.metadata.get("secret"):
            found.append(where)
        inner = _model_in(hints[f.name])
        if inner is not None:
            found.extend(secret_paths(inner, where))
    return found


def _model_in(tp: Any) -> type | None:
    if dataclasses.is_dataclass(tp):
        return tp  # type: ignore[return-value]
    for arg in get_args(tp):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def secret_values(obj: Any) -> set[str]:
    """Every value held in a field marked secret, anywhere in a built model (for output masking)."""
    found: set[str] = set()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.metadata.get("secret") and isinstance(value, str) and value:
                found.add(value)
            else:
                found |= secret_values(value)
    elif isinstance(obj, tuple | list):
        for item in obj:
            found |= secret_values(item)
    return found


# -- secrets in input that may not validate ---------------------------------------------------------------------

# Key names that may hold a credential in data no model describes: Ansible's own no_log heuristic (pass but
# not passive, secret, token, key), and an HTTP Authorization header. A selector's plain ``key`` is a label.
LOOKS_SECRET = re.compile(r"pass(?!ive)|secret|token|.key|key.|^authorization$", re.I)


def raw_secret_values(cls: Any, data: object) -> set[str]:
    """Every value the raw input holds where model ``cls`` keeps a secret, or a look-alike key does.

    Runs before validation, so input with errors is masked too: a field marked secret (whatever type its
    value has), an unknown key that misspells a field (walked as that field) or a secret's name, and
    secret-looking keys in free-form maps and unknown sections. Numbers are collected as text: a password
    written ``1234`` is shown back in the error that rejects it.
    """
    found: set[str] = set()
    _walk_model(cls, data, found, secret_names(cls))
    return found


@functools.cache
def secret_names(cls: Any) -> frozenset[str]:
    """The names of the secret fields anywhere in model ``cls``, normalised (see ``normal_name``)."""
    return frozenset(normal_name(path.rsplit(".", 1)[-1]) for path in secret_paths(cls))


def _walk_model(tp: Any, raw: object, found: set[str], names: frozenset[str]) -> None:
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if not isinstance(raw, Mapping):
            return
        fields = {f.name: f for f in dataclasses.fields(tp)}
        hints = type_hints(cast(Any, tp))
        for key, value in raw.items():
            f = fields.get(key) if isinstance(key, str) else None
            if f is not None and f.metadata.get("secret"):
                found |= leaf_values(value)
            elif f is not None:
                _walk_model(hints[f.name], value, found, names)
            elif secret_key(str(key), names):
                found |= leaf_values(value)
            else:
                # A misspelt section is searched as the section it was meant to be, and by key names.
                meant = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.8)
                if meant:
                    _walk_model(hints[meant[0]], value, found, names)
                walk_free(value, found, names)
    elif origin is tuple and isinstance(raw, list | tuple):
        for item in raw:
            _walk_model(get_args(tp)[0], item, found, names)
    elif origin is Union or origin is types.UnionType:
        for arg in get_args(tp):
            if arg is not type(None):
                _walk_model(arg, raw, found, names)
    else:
        # A free-form map (labels, defaults), or a container where the model expects a scalar.
        walk_free(raw, found, names)


def walk_free(raw: object, found: set[str], names: frozenset[str] = frozenset()) -> None:
    """Collect the values of secret-looking keys anywhere in data that no model describes."""
    if isinstance(raw, Mapping):
        for key, value in raw.items():
            if secret_key(str(key), names):
                found |= leaf_values(value)
            else:
                walk_free(value, found, names)
    elif isinstance(raw, list | tuple):
        for item in raw:
            walk_free(item, found, names)


@functools.lru_cache(maxsize=4096)  # a large spec repeats the same few keys thousands of times
def secret_key(key: str, names: frozenset[str]) -> bool:
    """A key that looks like a secret's name, or is (or misspells) one of ``names``."""
    if LOOKS_SECRET.search(key):
        return True
    normal = normal_name(key)
    return normal in names or bool(difflib.get_close_matches(normal, list(names), n=1, cutoff=0.8))


def normal_name(name: str) -> str:
    """``chap_username``, ``chapUsername`` and ``chap-username`` are one name."""
    return name.replace("_", "").replace("-", "").lower()


def leaf_values(raw: object) -> set[str]:
    """Every string and number in ``raw``, as text (booleans and nulls are never a secret)."""
    if isinstance(raw, bool) or raw is None:
        return set()
    if isinstance(raw, str):
        return {raw} if raw else set()
    if isinstance(raw, int | float):
        return {str(raw)}
    found: set[str] = set()
    items = raw.values() if isinstance(raw, Mapping) else raw if isinstance(raw, list | tuple | set) else ()
    for item in items:
        found |= leaf_values(item)
    return found
