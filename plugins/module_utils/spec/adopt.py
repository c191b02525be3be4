"""Adopt what a cluster already runs: Trident's objects (or tridentctl backend files) become a spec, and everything
the spec cannot express is listed field by field.

The guarantee holds by construction, not by a table kept in step with the renderer: the spec is built from the
objects, validated with the model, rendered with ``render.render`` and each rendered object is compared with the
object it came from. Any difference (a key the spec did not render, a key it renders that the object lacks, a value
rendered otherwise) is a loss. A field the model cannot express is therefore never dropped silently.

The inverse is generic where rendering is a plain mapping: an object key is placed in the model field whose
snake_case name is the key's camelCase name (compared without case and underscores, so ``k8sAPIQPS`` finds
``k8s_api_qps`` and ``autoExportCIDRs`` finds ``auto_export_cidrs``), nested model classes recursively, values
converted to the field's type. A field added to the model is adopted without code here. The keys that the
renderer does not map one to one come from the model's own tables where it has them (the orchestrator's
``TORC_FIELDS``; a class's ``FIELD_PARAMETERS`` and ``CLASS_ANNOTATIONS``) and are otherwise named here
(``_ALIASES``, ``_FLATTENED``); the few objects whose shape differs from their model class (a StorageClass's
parameters, metadata and allowedTopologies) have a small function of their own.

What the comparison ignores, on the object read (``IGNORED_METADATA``, ``IGNORED_ANNOTATIONS``, the labels of
``_ignored_label``): what the API server fills in (uid, resourceVersion, managedFields, creationTimestamp,
generation, selfLink, status), what controllers own (Trident's finalizer on backends, the operator's
ownerReferences), kubectl's last-applied annotation, and the labels and annotations that record which tool
manages the object (tridentops' own, Helm's release record), which taking the object over replaces.

Credentials are never copied: a backend refers to its Secret by name; a tridentctl backend file's inline
credentials are left out and the result names the Secret to create and its keys, never the values.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from . import checks, facts
from .backend import INLINE_CREDENTIALS, SECRET_SUFFIX, Backend, Limits
from .classes import CLASS_ANNOTATIONS, FIELD_PARAMETERS, SnapshotClassSpec, StorageClassSpec
from .issues import Issue, SpecError
from .kinds import (
    DEPLOYMENT,
    STORAGE_CLASS,
    TAP,
    TBC,
    TORC,
    TRIDENT_BACKEND,
    VOLUME_SNAPSHOT_CLASS,
    Kind,
    object_ref,
)
from .metadata import HELM_RELEASE_NAME, TOOL_ANNOTATIONS
from .render import RenderedStack, render
from .schema import type_hints, unwrap_optional
from .stack import StorageSpec, validate
from .trident import TORC_FIELDS, TridentSpec

JSON = dict[str, Any]

# Metadata the API server or a controller fills in: never part of what a spec says.
IGNORED_METADATA = (
    "uid",
    "resourceVersion",
    "managedFields",
    "creationTimestamp",
    "generation",
    "selfLink",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "finalizers",
    "ownerReferences",
)
IGNORED_ANNOTATIONS = (*TOOL_ANNOTATIONS, facts.SPEC_ANNOTATION)
HELM_VALUE = "Helm"
# Labels of the deployments Trident's installers create (operator bundle and chart; tridentctl's controller).
OPERATOR_APP = "operator.trident.netapp.io"
CONTROLLER_APP = "controller.csi.trident.netapp.io"
TRIDENTCTL = "tridentctl backend"

# Object kind -> the spec section that holds it. A kind whose section the model lacks is a loss as a whole.
SECTIONS = {
    "TridentBackendConfig": "backends",
    "StorageClass": "storage_classes",
    "VolumeSnapshotClass": "snapshot_classes",
    TAP.kind: "autogrow_policies",
}

# Object keys that do not map by name: key -> dotted spec field (relative to the model class). The
# orchestrator's come from the model's own table of every TridentOrchestratorSpec key (TORC_FIELDS).
_ALIASES: dict[type, dict[str, str]] = {
    Backend: {"storageDriverName": "driver", "storage": "virtual_pools"},
    TridentSpec: TORC_FIELDS,
}
# Values the renderer writes negated: spec field true is object key false.
_NEGATED = {"silenceAutosupport"}
# Nested model fields the renderer writes flat into the parent object, with the key prefix it may add
# (limits.volume_size is limitVolumeSize, limits.qtrees_per_flexvol is qtreesPerFlexvol).
_FLATTENED: dict[type, dict[str, tuple[type, str]]] = {Backend: {"limits": (Limits, "limit")}}
# The fields holding an object's own labels and annotations (metadata, not spec), for the sections whose model
# class is one object read by named_spec_data or the orchestrator's inverse: (labels field, annotations field).
# A backend's `labels` is Trident's pool labels, so its object's are object_labels.
_OBJECT_METADATA: dict[type, tuple[str, str]] = {
    Backend: ("object_labels", "object_annotations"),
    TridentSpec: ("labels", "annotations"),
}
# Top-level keys of an object that are no model field (the kind's identity, metadata read apart, status ignored).
_FIXED_KEYS = {"apiVersion", "kind", "metadata", "status"}


def norm(key: str) -> str:
    """A key or field name without case and separators: the camelCase key and the snake_case field agree."""
    return re.sub(r"[^a-z0-9]", "", key.lower())


@dataclass(frozen=True)
class Loss:
    """What the spec cannot express, without its value: the object, the JSON path in it, and why."""

    kind: str
    name: str
    path: str
    reason: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.kind} {self.name}:{where}: {self.reason}"

    def as_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


@dataclass
class Installation:
    """How Trident was installed, what says so, and how to take it over without reinstalling."""

    method: Literal["tridentops", "operator", "helm", "tridentctl", "unknown"] = "unknown"
    evidence: list[str] = field(default_factory=list)
    helm_release: str | None = None


@dataclass
class Adoption:
    spec: JSON
    losses: list[Loss]
    installation: Installation
    notes: list[str]
    adopt: list[str]
    secrets: list[dict[str, Any]]
    skipped: list[str]

    def result(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "losses": [loss.as_dict() for loss in self.losses],
            "install_method": self.installation.method,
            "evidence": self.installation.evidence,
            "notes": self.notes,
            "adopt": self.adopt,
            "secrets": self.secrets,
            "skipped": self.skipped,
        }


@dataclass
class _Source:
    """One adopted object: what it is called in the report and what it must render back as."""

    kind: str
    name: str
    expected: JSON
    # a tridentctl file's paths are its top-level keys, not spec.*
    strip: str = ""


# --- the generic inverse -----------------------------------------------------------------------------------


def _field_names(cls: type) -> dict[str, str]:
    return {norm(f.name): f.name for f in dataclasses.fields(cls)}


def _convert(tp: Any, value: Any) -> Any:
    """``value`` as the model field typed ``tp`` takes it; left as it is when it does not convert exactly (the
    model then refuses it, or the comparison finds it rendered otherwise: either way a loss)."""
    tp = unwrap_optional(tp)
    origin, args = get_origin(tp), get_args(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp) and isinstance(value, Mapping):
        return inverse(tp, value)
    if origin is tuple and isinstance(value, list):
        return [_convert(args[0], item) for item in value]
    if origin in (Mapping, dict) and isinstance(value, Mapping):
        return {k: _convert(args[1], v) for k, v in value.items()}
    if tp is int and isinstance(value, str) and re.fullmatch(r"\d{1,18}%?", value):
        return int(value.rstrip("%"))  # Trident's string numbers ("200", limitAggregateUsage "80%")
    if tp is bool and value in ("true", "false"):
        return value == "true"
    return value  # scalars, choices, unions: as read


def _set(data: JSON, dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[leaf] = value


def _target(cls: type, key: str) -> tuple[str, Any] | None:
    """The dotted field ``key`` belongs to in ``cls`` and that field's type, or None."""
    dotted = _ALIASES.get(cls, {}).get(key) or _field_names(cls).get(norm(key))
    if dotted is None:
        for name, (nested, prefix) in _FLATTENED.get(cls, {}).items():
            names = _field_names(nested)
            inner = names.get(norm(key)) or names.get(norm(key).removeprefix(prefix))
            if inner is not None:
                return f"{name}.{inner}", type_hints(nested)[inner]
        return None
    tp: Any = cls
    for part in dotted.split("."):
        tp = type_hints(unwrap_optional(tp))[part]
    return dotted, tp


def inverse(cls: type, raw: Mapping[str, Any]) -> JSON:
    """Spec data for the model class ``cls`` from an object's mapping. Keys that find no field are left out:
    the comparison after rendering reports them."""
    out: JSON = {}
    for key, value in raw.items():
        found = _target(cls, key) if isinstance(key, str) else None
        if found is None:
            continue
        dotted, tp = found
        if key in _NEGATED and isinstance(value, bool):
            value = not value
        _set(out, dotted, _convert(tp, value))
    return out


# --- reading the objects -----------------------------------------------------------------------------------


def _meta(obj: Mapping[str, Any]) -> JSON:
    meta = obj.get("metadata")
    return dict(meta) if isinstance(meta, Mapping) else {}


def _ignored_label(key: str, value: str) -> bool:
    # tridentops' own labels, and Helm's managed-by (a take over replaces it with tridentops').
    return facts.reserved_label(key) or (key == facts.MANAGED_BY_LABEL and value == HELM_VALUE)


def comparable(obj: Mapping[str, Any], namespace: str | None) -> JSON:
    """The object as the comparison sees it: server- and tool-owned metadata left out, the namespace a
    namespaced object without one gets (kubectl's, given as ``namespace``)."""
    out = {k: v for k, v in obj.items() if k != "status"}
    meta = {k: v for k, v in _meta(obj).items() if k not in IGNORED_METADATA}
    if namespace is not None:
        meta.setdefault("namespace", namespace)
    labels = {k: v for k, v in (meta.get("labels") or {}).items() if not _ignored_label(k, v)}
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k not in IGNORED_ANNOTATIONS}
    meta.pop("labels", None)
    meta.pop("annotations", None)
    if labels:
        meta["labels"] = labels
    if annotations:
        meta["annotations"] = annotations
    out["metadata"] = meta
    return out


def _is_tridentctl_backend(obj: Mapping[str, Any]) -> bool:
    return "kind" not in obj and "apiVersion" not in obj and "storageDriverName" in obj


def expand(objects: Iterable[Any]) -> list[JSON]:
    """Objects of a ``kind: List`` one by one; empty YAML documents left out."""
    out: list[JSON] = []
    for obj in objects:
        if not isinstance(obj, Mapping):
            continue
        if isinstance(obj.get("kind"), str) and obj["kind"].endswith("List") and isinstance(obj.get("items"), list):
            out.extend(expand(obj["items"]))
        else:
            out.append(dict(obj))
    return out


# --- recognising the installation --------------------------------------------------------------------------


def recognise(objects: list[JSON]) -> Installation:
    """tridentctl, Helm, the operator bundle or tridentops, from the objects' labels, annotations and owners."""
    found = Installation()
    torcs = [o for o in objects if o.get("kind") == TORC.kind]
    deployments = [o for o in objects if o.get("kind") == "Deployment"]

    def app(obj: JSON) -> str:
        return str((_meta(obj).get("labels") or {}).get("app", ""))

    for obj in [*torcs, *(d for d in deployments if app(d) == OPERATOR_APP)]:
        meta = _meta(obj)
        labels, annotations = meta.get("labels") or {}, meta.get("annotations") or {}
        where = f"{obj.get('kind')} {meta.get('name')}"
        if labels.get(facts.MANAGED_BY_LABEL) == facts.MANAGED_BY_VALUE:
            found.method = "tridentops"
            found.evidence.append(f"{where}: label {facts.MANAGED_BY_LABEL}={facts.MANAGED_BY_VALUE}")
            return found
        if labels.get(facts.MANAGED_BY_LABEL) == HELM_VALUE or HELM_RELEASE_NAME in annotations:
            found.method = "helm"
            found.helm_release = annotations.get(HELM_RELEASE_NAME)
            found.evidence.append(
                f"{where}: label {facts.MANAGED_BY_LABEL}=Helm, release {found.helm_release or '(not named)'}"
            )
            return found
    if torcs:
        found.method = "operator"
        found.evidence.append(f"TridentOrchestrator {_meta(torcs[0]).get('name')} without Helm's or tridentops' labels")
        return found
    for obj in deployments:
        meta = _meta(obj)
        owned = any(ref.get("kind") == TORC.kind for ref in meta.get("ownerReferences") or [])
        if app(obj) == CONTROLLER_APP and not owned:
            found.method = "tridentctl"
            found.evidence.append(
                f"Deployment {meta.get('namespace')}/{meta.get('name')}: label app={CONTROLLER_APP}, "
                "no TridentOrchestrator owns it"
            )
            return found
    return found


def _version(objects: list[JSON], torc: JSON | None) -> str | None:
    """The running release: the orchestrator's status, else the controller's trident_version label, else the
    operator's image tag."""
    candidates = [str(((torc or {}).get("status") or {}).get("version", ""))]
    for obj in objects:
        if obj.get("kind") != "Deployment":
            continue
        labels = _meta(obj).get("labels") or {}
        candidates.append(str(labels.get("trident_version", "")))
        if labels.get("app") == OPERATOR_APP:
            pod = ((obj.get("spec") or {}).get("template") or {}).get("spec") or {}
            for container in pod.get("containers") or []:
                candidates.append(str(container.get("image", "")).rpartition(":")[2])
    for text in candidates:
        text = text.removeprefix("v")
        if text and checks.trident_version(text) is None:
            return text
    return None


# --- building the spec -------------------------------------------------------------------------------------


def _name_from(text: str) -> str:
    """A DNS subdomain from a Trident backend name (tridentctl names allow '_' and capitals)."""
    name = re.sub(r"[^a-z0-9.-]+", "-", text.lower()).strip("-.")
    return name[:253] or "backend"


def _section_class(section: str) -> type | None:
    hints = type_hints(StorageSpec)
    if section not in hints:
        return None
    args = get_args(hints[section])
    found: type | None = args[0] if args and isinstance(args[0], type) and dataclasses.is_dataclass(args[0]) else None
    return found


def _metadata_fields(
    cls: type, obj: JSON, data: JSON, default_annotation: str, annotation_fields: Mapping[str, str]
) -> None:
    """A class's labels and annotations as the model holds them: the default-class annotation is the field
    ``default`` (true or false as written), an annotation the model's table names (``CLASS_ANNOTATIONS``)
    its field, every other label and annotation the model's ``labels``/``annotations`` field. What tridentops
    or another tool writes to record that it manages the object is left out, as the comparison leaves it out
    (a take over replaces it), so the spec never says it."""
    meta = comparable(obj, None)["metadata"]
    names = set(_field_names(cls).values())
    annotations = dict(meta.get("annotations") or {})
    if annotations.get(default_annotation) in ("true", "false") and "default" in names:
        data["default"] = annotations.pop(default_annotation) == "true"
    for key, field_name in annotation_fields.items():
        if key in annotations and field_name in names:
            data[field_name] = annotations.pop(key)
    for what, values in (("annotations", annotations), ("labels", meta.get("labels") or {})):
        if values and what in names:
            data[what] = dict(values)


def _topology_terms(terms: Any) -> Any:
    """allowedTopologies as the model holds it: each term's matchLabelExpressions as key -> values. A term of
    another shape is left as it is (the model refuses it: a loss)."""
    if not isinstance(terms, list):
        return terms
    out: list[Any] = []
    for term in terms:
        expressions = term.get("matchLabelExpressions") if isinstance(term, Mapping) and len(term) == 1 else None
        if not isinstance(expressions, list) or not all(isinstance(e, Mapping) for e in expressions):
            return terms
        out.append({str(e.get("key")): e.get("values") for e in expressions})
    return out


# StorageClassSpec fields that the class's own keys do not fill by name: parameters, metadata, the provisioner.
_CLASS_KEYS = (*_FIXED_KEYS, "provisioner", "parameters", "allowedTopologies")


def storage_class_data(obj: JSON) -> JSON:
    """A StorageClass: its parameters as the model's fields (the selector and pool lists, prefixed or not, as
    ``FIELD_PARAMETERS`` names them; ``csi.storage.k8s.io/fstype`` as fs_type, other ``csi.storage.k8s.io/`` keys
    as csi_parameters, every other parameter an attribute, key and string value as written)."""
    top = {k: v for k, v in obj.items() if k not in _CLASS_KEYS}
    data: JSON = {"name": _meta(obj).get("name"), **inverse(StorageClassSpec, top)}
    if "allowedTopologies" in obj:
        data["allowed_topologies"] = _topology_terms(obj["allowedTopologies"])
    prefixed: list[str] = []
    for key, value in (obj.get("parameters") or {}).items():
        name = key.removeprefix(facts.TRIDENT_PARAMETER_PREFIX)
        if name in FIELD_PARAMETERS:
            data[FIELD_PARAMETERS[name]] = value
            if name != key:
                prefixed.append(name)
        elif key == f"{facts.CSI_PARAMETER_PREFIX}fstype":
            data["fs_type"] = value
        elif key.startswith(facts.CSI_PARAMETER_PREFIX):
            data.setdefault("csi_parameters", {})[key] = value
        else:
            data.setdefault("attributes", {})[key] = value
    if prefixed:
        data["prefixed_parameters"] = prefixed
    annotation_fields = {key: name for name, (key, _since) in CLASS_ANNOTATIONS.items()}
    _metadata_fields(StorageClassSpec, obj, data, facts.DEFAULT_SC_ANNOTATION, annotation_fields)
    return data


def snapshot_class_data(obj: JSON) -> JSON:
    top = {k: v for k, v in obj.items() if k not in (*_FIXED_KEYS, "driver")}
    data: JSON = {"name": _meta(obj).get("name"), **inverse(SnapshotClassSpec, top)}
    _metadata_fields(SnapshotClassSpec, obj, data, facts.DEFAULT_VSC_ANNOTATION, {})
    return data


def named_spec_data(cls: type, obj: JSON) -> JSON:
    """An object whose ``spec`` maps onto its model class, named by metadata.name (backends, autogrow policies)."""
    data = {"name": _meta(obj).get("name"), **inverse(cls, obj.get("spec") or {})}
    object_metadata(cls, obj, data)
    return data


def object_metadata(cls: type, obj: JSON, data: JSON) -> None:
    """The object's labels and annotations into the model's fields for them (``_OBJECT_METADATA``), leaving out
    what the comparison leaves out (tridentops' and Helm's records, kubectl's last-applied): a take over replaces
    those, so the spec never says them."""
    fields = _OBJECT_METADATA.get(cls)
    if fields is None:
        return
    meta = comparable(obj, None)["metadata"]
    for field_name, values in zip(fields, (meta.get("labels"), meta.get("annotations")), strict=True):
        if values:
            data[field_name] = dict(values)


# --- settling: what the model refuses leaves the spec, with its reason ------------------------------------

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _tokens(path: str) -> list[str | int]:
    return [int(index) if index else name for name, index in _TOKEN.findall(path)]


def _drop(data: JSON, path: list[str | int]) -> bool:
    """Delete the value at ``path``; False when it is not there (a required field missing, a rule on the
    whole entry)."""
    node: Any = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    leaf = path[-1]
    if isinstance(node, dict) and leaf in node:
        del node[leaf]
        return True
    return False


# --- comparing ---------------------------------------------------------------------------------------------


def differences(expected: Any, rendered: Any, path: str = "") -> list[tuple[str, str]]:
    """Where the rendered object differs from the object read, as (JSON path, value-free reason)."""
    if isinstance(expected, Mapping) and isinstance(rendered, Mapping):
        out: list[tuple[str, str]] = []
        for key in sorted(set(expected) | set(rendered), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in rendered:
                out.append((where, "the spec cannot express it (not rendered)"))
            elif key not in expected:
                out.append((where, "not set here, but the spec writes it"))
            else:
                out.extend(differences(expected[key], rendered[key], where))
        return out
    if isinstance(expected, list) and isinstance(rendered, list) and len(expected) == len(rendered):
        return [
            d
            for i, (a, b) in enumerate(zip(expected, rendered, strict=True))
            for d in differences(a, b, f"{path}[{i}]")
        ]
    if type(expected) is not type(rendered) or expected != rendered:
        return [(path, "the spec renders another value (or type) here")]
    return []


def _rendered_comparable(obj: JSON, labels: Mapping[str, str]) -> JSON:
    out = dict(obj)
    meta = dict(out.get("metadata") or {})
    kept = {k: v for k, v in (meta.get("labels") or {}).items() if labels.get(k) != v}
    meta.pop("labels", None)
    if kept:
        meta["labels"] = kept
    out["metadata"] = meta
    return out


def _key(obj: Mapping[str, Any]) -> tuple[str, str, str]:
    meta = _meta(obj)
    return str(obj.get("kind")), str(meta.get("namespace") or ""), str(meta.get("name"))


# --- the whole adoption ------------------------------------------------------------------------------------


def adopt(
    objects: Iterable[Any],
    *,
    namespace: str | None = None,
    stack: str = "default",
    install_method: Literal["auto", "operator", "external"] = "auto",
) -> Adoption:
    """The spec for ``objects`` (Kubernetes objects and tridentctl backend configs) and what it cannot say.

    ``namespace`` is Trident's namespace when no TridentOrchestrator says it, and the namespace of namespaced
    objects that name none (kubectl applies them in its current namespace). ``install_method`` auto: operator
    when a TridentOrchestrator is adopted, else external (tridentops leaves the installation alone).
    SpecError when ``stack`` is no valid stack name.
    """
    message = checks.dns_label(stack)
    if message:
        raise SpecError([Issue("name", message)])
    items = expand(objects)
    installation = recognise(items)
    found = _Collected()
    torcs = [o for o in items if o.get("kind") == TORC.kind]
    torc = torcs[0] if torcs else None
    for extra in torcs[1:]:
        found.losses.append(
            Loss(TORC.kind, str(_meta(extra).get("name")), "", "a spec installs one TridentOrchestrator")
        )
    if install_method == "external" and torc is not None:
        found.notes.append(
            f"TridentOrchestrator {_meta(torc).get('name')} is left to its installer (install_method external)"
        )
        torc = None
    ns = str(((torc or {}).get("spec") or {}).get("namespace") or namespace or facts.DEFAULT_NAMESPACE)
    data: JSON = {"name": stack, "trident": _trident_data(torc, _version(items, torc), ns, found)}
    secret_names = {
        (str(_meta(o).get("namespace") or ns), str(_meta(o).get("name"))) for o in items if o.get("kind") == "Secret"
    }
    for obj in items:
        _collect(obj, ns, secret_names, found)
    for section, listed in found.entries.items():
        if listed:
            data[section] = listed
    losses, notes, secrets, sources = found.losses, found.notes, found.secrets, found.sources
    spec = _settle(data, sources, losses)
    rendered = render(spec)
    if sources["trident"] and _key(sources["trident"][0].expected) not in {_key(o) for o in rendered.objects}:
        # Rendered under another name, a converge would install a second orchestrator: leave it alone instead.
        _leave_installation(data, sources, losses, "not rendered: the spec cannot express this object")
        spec = _settle(data, sources, losses)
        rendered = render(spec)
    adopted = _compare(sources, rendered, spec, losses)
    notes.extend(_takeover_notes(installation, spec.trident.install_method, ns, secrets, bool(adopted)))
    return Adoption(_plain(spec_data(data)), losses, installation, notes, sorted(adopted), secrets, found.skipped)


def _compare(
    sources: dict[str, list[_Source]], rendered: RenderedStack, spec: StorageSpec, losses: list[Loss]
) -> list[str]:
    """Each adopted object against its rendering (every difference a loss); the objects the first converge takes
    over, as the stack module's adopt option names them."""
    labels = {facts.MANAGED_BY_LABEL: facts.MANAGED_BY_VALUE, facts.STACK_LABEL: spec.name}
    by_key = {_key(o): o for o in rendered.objects}
    adopted: list[str] = []
    for section_sources in sources.values():
        for source in section_sources:
            key = _key(source.expected)
            counterpart = by_key.get(key)
            if counterpart is None:
                losses.append(Loss(source.kind, source.name, "", "not rendered: the spec cannot express this object"))
                continue
            for path, reason in differences(source.expected, _rendered_comparable(counterpart, labels)):
                shown = path.removeprefix(source.strip) if source.strip else path
                losses.append(Loss(source.kind, source.name, shown, reason))
            if source.kind != TRIDENTCTL:
                adopted.append(object_ref(*key))
    if spec.trident.install_method == "operator":
        # tridentops applies the operator bundle with the orchestrator; a cluster's existing bundle has the same
        # names. The Namespace is not listed: an existing one is used as it is.
        for obj in rendered.stages[0].objects:
            key = _key(obj)
            if key[0] != "Namespace" and object_ref(*key) not in adopted:
                adopted.append(object_ref(*key))
    return adopted


@dataclass
class _Collected:
    """What reading the objects gathers: spec entries per section with their sources, and the report."""

    entries: dict[str, list[JSON]] = field(default_factory=lambda: {s: [] for s in SECTIONS.values()})
    sources: dict[str, list[_Source]] = field(default_factory=lambda: {s: [] for s in (*SECTIONS.values(), "trident")})
    losses: list[Loss] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    secrets: list[dict[str, Any]] = field(default_factory=list)
    tridentctl_files: int = 0


def _trident_data(torc: JSON | None, version: str | None, namespace: str, found: _Collected) -> JSON:
    """The trident section: the orchestrator's fields (operator), else the installation left alone (external)."""
    if torc is None:
        trident: JSON = {"install_method": "external", "namespace": namespace}
    else:
        trident = {**inverse(TridentSpec, torc.get("spec") or {}), "install_method": "operator"}
        object_metadata(TridentSpec, torc, trident)
        found.sources["trident"].append(_Source(TORC.kind, str(_meta(torc).get("name")), comparable(torc, None)))
        if not version:
            found.notes.append(
                f"the running Trident release was not found: version is {facts.DEFAULT_VERSION}; "
                "set trident.version to the release installed, or the first converge upgrades Trident"
            )
    if version:
        trident["version"] = version
    return trident


def _collect(obj: JSON, namespace: str, secret_names: set[tuple[str, str]], found: _Collected) -> None:
    """One object into its section's entries (with what it must render back as), or into the report."""
    kind = str(obj.get("kind", ""))
    meta = _meta(obj)
    name = str(meta.get("name", ""))
    if _is_tridentctl_backend(obj):
        found.tridentctl_files += 1
        entry, source, secret = _tridentctl(obj, namespace, found.tridentctl_files)
        found.entries["backends"].append(entry)
        found.sources["backends"].append(source)
        if secret is not None:
            found.secrets.append(secret)
        return
    if kind == "StorageClass" and obj.get("provisioner") != facts.CSI_DRIVER:
        found.skipped.append(f"StorageClass {name}: provisioner {obj.get('provisioner')} is not Trident's")
        return
    if kind == "VolumeSnapshotClass" and obj.get("driver") != facts.CSI_DRIVER:
        found.skipped.append(f"VolumeSnapshotClass {name}: driver {obj.get('driver')} is not Trident's")
        return
    section = SECTIONS.get(kind)
    if section is None:
        if kind not in (TORC.kind, "Secret", "Deployment", "DaemonSet", "Namespace"):
            found.skipped.append(f"{kind or 'document'} {name}: not something a spec holds")
        return
    cls = _section_class(section)
    if cls is None:
        found.losses.append(Loss(kind, name, "", f"the spec has no section for {kind}"))
        return
    # Backends live in Trident's namespace (kubectl's when the file names none); the rest are cluster-scoped.
    object_ns = meta.get("namespace") or None
    if section == "backends":
        object_ns = object_ns or namespace
        if object_ns != namespace:
            found.losses.append(Loss(kind, name, "metadata.namespace", f"not Trident's namespace ({namespace})"))
            return
        entry = named_spec_data(Backend, obj)
        credentials = (obj.get("spec") or {}).get("credentials") or {}
        if isinstance(credentials.get("name"), str) and credentials.get("type") != "awsarn":
            ref = credentials["name"]
            found.secrets.append(
                {
                    "namespace": namespace,
                    "name": ref,
                    "backend": name,
                    "keys": [],
                    "found": (namespace, ref) in secret_names,
                }
            )
    elif section == "storage_classes":
        entry = storage_class_data(obj)
    elif section == "snapshot_classes":
        entry = snapshot_class_data(obj)
    else:
        entry = named_spec_data(cls, obj)
    found.entries[section].append(entry)
    found.sources[section].append(_Source(kind, name, comparable(obj, object_ns)))


def spec_data(data: JSON) -> JSON:
    """The spec as written out: sections in the model's order."""
    order = [f.name for f in dataclasses.fields(StorageSpec)]
    return {k: data[k] for k in order if k in data}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _tridentctl(config: JSON, namespace: str, index: int) -> tuple[JSON, _Source, dict[str, Any] | None]:
    """A tridentctl backend file as a TridentBackendConfig: inline credentials become a Secret reference."""
    secret_keys = sorted(k for k in INLINE_CREDENTIALS.values() if k in config)
    kept = {k: v for k, v in config.items() if k not in secret_keys}
    backend_name = config.get("backendName")
    name = _name_from(backend_name) if isinstance(backend_name, str) else f"{config['storageDriverName']}-{index}"
    secret = None
    if secret_keys and "credentials" not in kept:
        secret_name = f"{name}{SECRET_SUFFIX}"
        kept["credentials"] = {"name": secret_name}
        secret = {"namespace": namespace, "name": secret_name, "backend": name, "keys": secret_keys, "found": False}
    entry = {"name": name, **inverse(Backend, kept)}
    expected = {
        "apiVersion": TBC.api_version,
        "kind": TBC.kind,
        "metadata": {"name": name, "namespace": namespace},
        "spec": kept,
    }
    label = str(backend_name) if isinstance(backend_name, str) else f"#{index} ({config['storageDriverName']})"
    return entry, _Source(TRIDENTCTL, label, expected, strip="spec."), secret


def _settle(data: JSON, sources: dict[str, list[_Source]], losses: list[Loss]) -> StorageSpec:
    """Validate; take out what the model refuses (the field, else the whole entry), until the spec is valid."""
    while True:
        spec, found = validate(data)
        if spec is not None:
            return spec
        errors = [i for i in found if i.severity == "error"]
        # Fields first (their removal shifts nothing); then whole entries, from the last index down.
        entries: dict[tuple[str, int], Issue] = {}
        progress = False
        for issue in errors:
            removed = _take_field_out(data, sources, issue, losses)
            progress |= removed is True
            if isinstance(removed, tuple):
                entries.setdefault(removed, issue)
        for (section, index), issue in sorted(entries.items(), key=lambda item: -item[0][1]):
            source = sources[section].pop(index)
            losses.append(Loss(source.kind, source.name, "", f"not adopted: spec {issue.path} {issue.message}"))
            del data[section][index]
            if not data[section]:
                del data[section]
            progress = True
        if not progress:  # an error adopt cannot attribute to an object: a bug in adopt, not in the input
            raise AssertionError(f"adopt: cannot settle the spec: {'; '.join(str(i) for i in errors)}")


def _take_field_out(
    data: JSON, sources: dict[str, list[_Source]], issue: Issue, losses: list[Loss]
) -> bool | tuple[str, int]:
    """Take the refused field out (True), or name the entry to take out as a whole, or False."""
    path = _tokens(issue.path)
    if not path:
        return False
    section = str(path[0])
    if section == "trident":
        source = sources["trident"][0] if sources["trident"] else None
        if len(path) > 1 and path[1] not in ("install_method", "namespace") and _drop(data, path):
            if source is not None:
                losses.append(Loss(source.kind, source.name, "", f"the spec refuses {issue.path}: {issue.message}"))
            return True
        before = dict(data["trident"])
        _leave_installation(data, sources, losses, f"not adopted: spec {issue.path} {issue.message}")
        return bool(data["trident"] != before)
    listed = data.get(section)
    if not isinstance(listed, list) or section not in sources:
        return False
    if len(path) == 1:  # a rule on the section as a whole: every entry goes, each with the reason
        return (section, len(listed) - 1) if listed else False
    index = path[1]
    if not isinstance(index, int) or index >= len(listed):
        return False
    source = sources[section][index]
    if len(path) > 2 and path[2] != "name" and _drop(data, path):
        losses.append(Loss(source.kind, source.name, "", f"the spec refuses {issue.path}: {issue.message}"))
        return True
    return (section, index)


def _leave_installation(data: JSON, sources: dict[str, list[_Source]], losses: list[Loss], reason: str) -> None:
    """The orchestrator is not adopted: the spec leaves the installation alone (external), never installs one."""
    for source in sources["trident"]:
        losses.append(Loss(source.kind, source.name, "", reason))
    sources["trident"].clear()
    namespace = data["trident"].get("namespace")
    data["trident"] = {"install_method": "external"}
    if isinstance(namespace, str) and checks.dns_label(namespace) is None:
        data["trident"]["namespace"] = namespace


def _takeover_notes(
    installation: Installation, method: str, namespace: str, secrets: list[dict[str, Any]], adopting: bool
) -> list[str]:
    notes: list[str] = []
    for secret in secrets:
        if secret["keys"]:
            notes.append(
                f"create Secret {secret['namespace']}/{secret['name']} with keys {', '.join(secret['keys'])} "
                f"(backend {secret['backend']}'s credentials; adopt never copies them)"
            )
    if installation.method == "helm":
        release = installation.helm_release or "<release>"
        notes.append(
            f"installed with Helm (release {release}): to take it over without reinstalling, delete Helm's record "
            f"of the release (Secrets sh.helm.release.v1.{release}.v* in its namespace), never 'helm uninstall' "
            "(it deletes the TridentOrchestrator, and the operator uninstalls Trident); then converge with adopt"
        )
    elif installation.method == "tridentctl":
        notes.append(
            "installed with tridentctl (no TridentOrchestrator): install_method external takes backends and classes "
            "over and leaves Trident's pods alone; the operator would replace a tridentctl installation (pods restart)"
        )
    elif installation.method == "operator":
        notes.append(
            "installed with the operator bundle: the first converge applies tridentops' bundle of the same names "
            "(operator Deployment, its RBAC, the TridentOrchestrator CRD) and the unchanged TridentOrchestrator, "
            "so the operator restarts and Trident is not reinstalled"
        )
    if method == "external":
        notes.append(
            f"install_method external: tridentops manages backends and classes in namespace {namespace} once "
            "Trident's CRDs are registered, and never changes the installation"
        )
    if adopting:
        notes.append("the first converge takes the listed objects over: pass the adopt list to the stack module")
    return notes


# --- reading a cluster -------------------------------------------------------------------------------------

# (kind, namespace, label selector) -> the objects; a kind whose CRD is not registered lists as empty.
Lister = Callable[[Kind, "str | None", "str | None"], list[JSON]]


def read_cluster(lister: Lister, namespace: str | None = None) -> tuple[list[JSON], str, list[str]]:
    """What adopt reads from a cluster, read only: the orchestrator, the backend configs in Trident's namespace,
    Trident's classes, autogrow policies, and the installers' Deployments (for recognising the installation).
    Secrets are not read: a backend's Secret is referred to by name. Returns the objects, Trident's namespace
    and notes on backends no TridentBackendConfig describes (made by tridentctl)."""
    objects: list[JSON] = []
    torcs = lister(TORC, None, None)
    objects.extend(torcs)
    ns = namespace or next(
        (str(t["spec"]["namespace"]) for t in torcs if isinstance((t.get("spec") or {}).get("namespace"), str)),
        facts.DEFAULT_NAMESPACE,
    )
    objects.extend(lister(TBC, ns, None))
    objects.extend(lister(STORAGE_CLASS, None, None))
    objects.extend(lister(VOLUME_SNAPSHOT_CLASS, None, None))
    objects.extend(lister(TAP, None, None))
    for app in (OPERATOR_APP, CONTROLLER_APP):
        objects.extend(lister(DEPLOYMENT, None, f"app={app}"))
    notes = []
    for tbe in lister(TRIDENT_BACKEND, ns, None):
        if not tbe.get("configRef"):
            name = tbe.get("backendName") or _meta(tbe).get("name")
            notes.append(
                f"backend {name} has no TridentBackendConfig (made with tridentctl): adopt it from its backend file "
                f"(tridentctl get backend {name} -n {ns} -o json shows its config without credentials), "
                f"and keep backend_name: {name} so Trident updates that backend instead of creating one"
            )
    return objects, ns, notes
