"""Pulumi Inputs inside a storage spec: validate and render the plain structure now, the values later.

The spec model validates plain data, but a Pulumi program hands the components Outputs: an FSx SVM's
name, a Secrets Manager ARN, a password from config. Resources must be declared when the program runs
(a resource declared inside ``.apply`` is invisible to ``pulumi preview``), so the components cannot wait
for those values. Instead:

1. ``plan`` swaps each Output for a stand-in text (a "hole") that passes the field's own check, validates
   the now plain document (ignoring only findings about the holes themselves) and renders it. The
   structure (which objects, their names, their order) is therefore known and fully validated.
2. ``Filler`` puts the Outputs back into the rendered objects, wherever rendering copied a stand-in,
   including inside longer texts (an image name built from a registry) and base64 Secret data.
3. Once the Outputs of one entry (a backend, the ``trident`` section) resolve, that entry is validated
   again with its real values, so a wrong ARN or LIF that arrived as an Output fails ``pulumi up`` with
   the same field-path message as a plain one. Each value filled in waits for its own entry's check only:
   a value a preview knows stays known even when another entry's is not.

Only text fields can be Outputs (``pulumi.Input[str]`` in ``spec_args``); a hole anywhere else (a choice,
a number, a list, a name that becomes a Kubernetes object's name) is refused with its field path.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import enum
import inspect
import re
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

import pulumi

from .spec.api import SpecError, StorageSpec, load, render
from .spec.issues import Issue, Issues, join
from .spec.render import RenderedStack
from .spec.render_aws import AwsOutputs, resolve
from .spec.schema import build, type_hints, unwrap_optional

PathPart = str | int
Check = Callable[[Any], "str | None"]
Remap = Callable[[str], str]


class InvalidArgs(SpecError):
    """A component's args (or spec) are invalid; carries every problem with its field path."""

    def __init__(self, where: str, issues: list[Issue]) -> None:
        self.issues = issues
        lines = "\n".join(f"  {i}" for i in issues)
        Exception.__init__(self, f"{where}: {len(issues)} invalid value(s):\n{lines}")


@dataclass(frozen=True)
class Hole:
    """An Output found in the document: where it was, what stands in for it, and the Output itself."""

    parts: tuple[PathPart, ...]
    token: str
    value: pulumi.Output[Any]
    checked: bool = True  # a user's value is validated again once known; what AWS assigned is not

    @property
    def path(self) -> str:
        return _path(self.parts)


def _path(parts: Sequence[PathPart]) -> str:
    path = ""
    for part in parts:
        path = join(path, part)
    return path


@dataclass(frozen=True)
class PlannedSpec:
    """A validated spec whose Outputs are holes, and what it renders to."""

    spec: StorageSpec
    document: dict[str, Any]
    holes: tuple[Hole, ...]
    warnings: tuple[Issue, ...]
    where: str
    remap: Remap

    def render(self) -> RenderedStack:
        return render(self.spec)


def plain_section(
    value: Mapping[str, Any], model: type, where: str, prefix: tuple[PathPart, ...] = ()
) -> dict[str, Any]:
    """A section that decides what is created, as its model takes it whichever language sent it (numbers that
    arrived as floats are whole again); an Output anywhere in it is refused with its path."""
    holes: list[Hole] = []
    plain = _extract(value, model, None, prefix, holes, where, _same)
    if holes:
        message = "must be a plain value, not a pulumi Output: it decides what is created"
        raise InvalidArgs(where, [Issue(h.path, message) for h in holes])
    assert isinstance(plain, dict)
    return plain


def with_aws_outputs(planned: PlannedSpec, outputs: Mapping[str, pulumi.Input[Any]]) -> PlannedSpec:
    """``planned`` with its references to the spec's aws section filled from what provisioning returns, by the step
    the Ansible stack module runs with its aws_outputs (``render_aws.resolve``). Each output is a hole: a stand-in
    that passes the output's own check goes through ``resolve`` and rendering, and the Filler puts the Output back.
    """
    checks = {f.name: f.metadata.get("check") for f in dataclasses.fields(AwsOutputs)}
    holes = list(planned.holes)
    stand_ins: dict[str, str] = {}
    for key, value in outputs.items():
        check = checks[key]
        token = next(t for t in _stand_ins(len(holes)) if check is None or check(t) is None)
        holes.append(Hole(("aws_outputs", key), token, pulumi.Output.from_input(value), checked=False))
        stand_ins[key] = token
    return dataclasses.replace(planned, spec=resolve(planned.spec, stand_ins), holes=tuple(holes))


def _same(path: str) -> str:
    return path


def plan(document: Mapping[str, Any], where: str, remap: Remap = _same) -> PlannedSpec:
    """Validate a spec document that may hold Outputs; raise InvalidArgs (paths through ``remap``)."""
    holes: list[Hole] = []
    plain = _extract(document, StorageSpec, None, (), holes, where, remap)
    issues = Issues()
    spec = build(StorageSpec, plain, "", issues)
    relaxed = {h.path for h in holes}
    # A finding about a hole judges the stand-in, not the user's value; the real value is checked later.
    errors = [_remapped(i, remap) for i in issues.errors if i.path not in relaxed]
    if errors or spec is None:
        raise InvalidArgs(where, errors)
    warnings = tuple(_remapped(i, remap) for i in issues.warnings if i.path not in relaxed)
    return PlannedSpec(spec, plain, tuple(holes), warnings, where, remap)


def _remapped(issue: Issue, remap: Remap) -> Issue:
    return Issue(remap(issue.path), issue.message, issue.severity)


def _is_output(value: object) -> bool:
    return isinstance(value, pulumi.Output) or inspect.isawaitable(value)


def _takes_int(tp: Any) -> bool:
    return tp is int or (get_origin(tp) in (Union, types.UnionType) and int in get_args(tp))


def _extract(
    value: Any, tp: Any, check: Check | None, parts: tuple[PathPart, ...], holes: list[Hole], where: str, remap: Remap
) -> Any:
    """A plain copy of ``value`` with every Output replaced by a stand-in, recorded in ``holes``."""
    tp = unwrap_optional(tp)
    if _is_output(value):
        return _hole(value, tp, check, parts, holes, where, remap)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, float) and value.is_integer() and _takes_int(tp):
        # Pulumi's wire protocol has no integers: through the component provider host (other languages)
        # every number arrives as a float, nested ones too.
        return int(value)
    if isinstance(value, Mapping):
        model: Any = tp if dataclasses.is_dataclass(tp) else None
        fields = {f.name: f for f in dataclasses.fields(model)} if model else {}
        hints = type_hints(model) if model else {}
        item_tp = get_args(tp)[1] if get_origin(tp) in (Mapping, dict) else Any
        out = {}
        for key, item in value.items():
            field = fields.get(key)
            out[key] = _extract(
                item,
                hints.get(key, Any) if model else item_tp,
                field.metadata.get("check") if field else None,
                (*parts, key),
                holes,
                where,
                remap,
            )
        return out
    if isinstance(value, list | tuple):
        item_tp = get_args(tp)[0] if get_origin(tp) is tuple else Any
        return [_extract(item, item_tp, None, (*parts, i), holes, where, remap) for i, item in enumerate(value)]
    return value


def _hole(
    value: Any, tp: Any, check: Check | None, parts: tuple[PathPart, ...], holes: list[Hole], where: str, remap: Remap
) -> str:
    index = len(holes)
    path = _path(parts)
    if tp not in (str, Any):
        raise InvalidArgs(
            where,
            [Issue(remap(path), "must be a plain value, not a pulumi Output: it decides what is created")],
        )
    token = next((t for t in _stand_ins(index) if check is None or check(t) is None), None)
    if token is None:
        raise InvalidArgs(where, [Issue(remap(path), "must be a plain value, not a pulumi Output")])
    holes.append(Hole(parts, token, pulumi.Output.from_input(value)))
    return token


def _stand_ins(index: int) -> tuple[str, ...]:
    # The first that passes the field's check stands in: a DNS-style name fits names, hosts, SVMs and
    # most texts; ids and ARNs have formats of their own. Each embeds the index, so each is unique.
    return (
        f"tridentops-input-{index}",
        f"fs-7e1d{index:013x}",
        f"arn:aws:secretsmanager:aa-east-1:000000000000:secret:tridentops-input-{index}",
        f"arn:aws:iam::000000000000:role/tridentops-input-{index}",
    )


class Filler:
    """Puts the Outputs back into rendered objects, each one gated on the validation of the real values."""

    def __init__(self, planned: PlannedSpec) -> None:
        self._planned = planned
        self._values: dict[str, pulumi.Output[Any]] = {}
        self._base64: dict[str, str] = {}  # base64 of a stand-in (Secret data) -> the stand-in
        self._pattern: re.Pattern[str] | None = None
        if not planned.holes:
            return
        checked = [h for h in planned.holes if h.checked]
        checks = {key: _validated(planned, key) for key in dict.fromkeys(_entry(h) for h in checked)}
        for hole in planned.holes:
            # Keep each value's own secretness: the check's result is not secret, the value may be.
            value = (
                pulumi.Output.all(checks[_entry(hole)], hole.value).apply(lambda pair: pair[1])
                if hole.checked
                else hole.value
            )
            self._values[hole.token] = value
            self._base64[_b64(hole.token)] = hole.token
        self._pattern = re.compile("|".join(re.escape(t) for t in self._values))

    def fill(self, obj: Mapping[str, Any]) -> dict[str, Any]:
        if self._pattern is None:
            return dict(obj)
        metadata = obj.get("metadata", {})
        for key in ("name", "namespace"):
            if isinstance(metadata.get(key), str) and self._pattern.search(metadata[key]):
                raise InvalidArgs(
                    self._planned.where,
                    [Issue(self._hole_path(metadata[key]), f"becomes a Kubernetes object's {key}; give a plain value")],
                )
        filled = self._fill(obj, self._pattern)
        assert isinstance(filled, dict)
        return filled

    def fill_value(self, value: Any) -> Any:
        """One rendered value (a text the spec package computed) with its Outputs back in place."""
        return value if self._pattern is None else self._fill(value, self._pattern)

    def _hole_path(self, text: str) -> str:
        hole = next(h for h in self._planned.holes if h.token in text)
        return self._planned.remap(hole.path)

    def _fill(self, value: Any, pattern: re.Pattern[str]) -> Any:
        if isinstance(value, Mapping):
            return {k: self._fill(v, pattern) for k, v in value.items()}
        if isinstance(value, list):
            return [self._fill(v, pattern) for v in value]
        if isinstance(value, str):
            if value in self._values:
                return self._values[value]
            if value in self._base64:
                return self._values[self._base64[value]].apply(lambda v: _b64(str(v)))
            if pattern.search(value):
                return _concat(value, pattern, self._values)
        return value


def _concat(text: str, pattern: re.Pattern[str], values: Mapping[str, pulumi.Output[Any]]) -> pulumi.Output[str]:
    pieces: list[pulumi.Input[str]] = []
    last = 0
    for match in pattern.finditer(text):
        pieces += [text[last : match.start()], values[match.group(0)]]
        last = match.end()
    pieces.append(text[last:])
    return pulumi.Output.concat(*pieces)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _entry(hole: Hole) -> tuple[PathPart, ...]:
    """The spec entry a hole belongs to: ``("backends", 2)``, or a section such as ``("trident",)``."""
    return hole.parts[:2] if len(hole.parts) > 1 and isinstance(hole.parts[1], int) else hole.parts[:1]


def _validated(planned: PlannedSpec, entry: tuple[PathPart, ...]) -> pulumi.Output[bool]:
    holes = [h for h in planned.holes if _entry(h) == entry]
    # unsecret: the check's outcome must not make the values it gates secret; each keeps its own secretness.
    values = [pulumi.Output.unsecret(h.value) for h in holes]
    return pulumi.Output.all(*values).apply(lambda resolved: _check_entry(planned, entry, holes, resolved))


def _check_entry(planned: PlannedSpec, entry: tuple[PathPart, ...], holes: list[Hole], values: Sequence[Any]) -> bool:
    """Validate one entry with its real values, as a spec of its own (the checks across entries only
    involve names and choices, which are never Outputs and were judged by ``plan``)."""
    section = str(entry[0])
    document = {section: copy.deepcopy(planned.document[section])}
    if "aws" in planned.document:
        # A backend naming the spec's file system, and Trident's identity, are judged against the aws section.
        for context in ("aws", "trident"):
            if context != section and context in planned.document:
                document[context] = copy.deepcopy(planned.document[context])
    for hole, value in zip(holes, values, strict=True):
        _set(document, hole.parts, value)
    if len(entry) == 2:
        document[section] = [document[section][entry[1]]]
    try:
        load(document)
    except SpecError as error:
        raise InvalidArgs(
            planned.where,
            [_remapped(Issue(_in_place(i.path, entry), i.message, i.severity), planned.remap) for i in error.issues],
        ) from None
    return True


def _in_place(path: str, entry: tuple[PathPart, ...]) -> str:
    """A path of the one-entry document, as the path of that entry in the whole spec."""
    if len(entry) == 2:
        alone = f"{entry[0]}[0]"
        if path == alone or path.startswith((alone + ".", alone + "[")):
            return _path(entry) + path[len(alone) :]
    return path


def _set(document: Any, parts: tuple[PathPart, ...], value: Any) -> None:
    target = document
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value
