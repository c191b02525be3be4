"""Trident's cross-namespace clone grant: the source PVC's ``cloneToNamespace`` annotation and a
TridentVolumeReference in the destination namespace, set up for a clone and undone when its last clone goes.

What tridentops granted is marked on its TridentVolumeReference, so a teardown revokes only that and never
a grant someone else made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from ..._k8s.converge import Change, LiveIndex
from ..._k8s.session import KubeSession, key_of
from ...spec import facts
from ...spec.kinds import PVC, TVR
from ..safety import Refusal
from .common import MANAGED_LABELS, TRIDENT_PREFIX, annotations_of, delete_one, labels_of

CLONE_FROM_PVC = TRIDENT_PREFIX + "cloneFromPVC"
CLONE_FROM_SNAPSHOT = TRIDENT_PREFIX + "cloneFromSnapshot"
CLONE_FROM_NAMESPACE = TRIDENT_PREFIX + "cloneFromNamespace"
CLONE_TO_NAMESPACE = TRIDENT_PREFIX + "cloneToNamespace"
GRANTED = "tridentops.io/granted-clone-to-namespace"
Step = tuple[str, dict[str, Any]]  # ("apply" | "patch", object)


def _granted_to(pvc: Mapping[str, Any] | None) -> list[str]:
    return [n.strip() for n in annotations_of(pvc).get(CLONE_TO_NAMESPACE, "").split(",") if n.strip()]


def _refers_to(tvr: Mapping[str, Any], source_ns: str, source_name: str) -> bool:
    spec = tvr.get("spec") or {}
    return bool(spec.get("pvcName") == source_name and spec.get("pvcNamespace") == source_ns)


def _clones_from(pvc: Mapping[str, Any], source_ns: str, source_name: str) -> bool:
    """A PVC cloned from the source and not being deleted (one on its way out no longer needs the grant)."""
    notes = annotations_of(pvc)
    same = notes.get(CLONE_FROM_NAMESPACE) == source_ns and notes.get(CLONE_FROM_PVC) == source_name
    return bool(same and not pvc["metadata"].get("deletionTimestamp"))


def _annotation_patch(namespace: str, name: str, value: str | None) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": name, "namespace": namespace, "annotations": {CLONE_TO_NAMESPACE: value}},
    }


def reference_name(source_ns: str, source_pvc: str) -> str:
    # TridentVolumeReference names are free; one per source PVC and destination namespace, readable.
    name = f"{source_ns}.{source_pvc}"
    if len(name) <= 253:
        return name
    return name[:240] + "-" + hashlib.sha256(name.encode()).hexdigest()[:12]


def grant_steps(
    index: LiveIndex, namespace: str, source_ns: str, source_name: str, source: Mapping[str, Any] | None
) -> list[Step]:
    """What lets Trident clone ``source_ns/source_name`` into ``namespace``: the annotation, the reference."""
    if source is None:
        raise Refusal(
            f"source PVC {source_ns}/{source_name} of the snapshot does not exist: Trident clones into another "
            "namespace only from an existing PVC; nothing was changed"
        )
    steps: list[Step] = []
    granted = _granted_to(source)
    added = "*" not in granted and namespace not in granted
    if added:
        steps.append(("patch", _annotation_patch(source_ns, source_name, ",".join([*granted, namespace]))))
    references = index.objects(TVR, namespace)
    existing = next(
        (name for name, tvr in sorted(references.items()) if _refers_to(tvr, source_ns, source_name)),
        None,
    )
    if existing is not None and labels_of(references[existing]).get(facts.MANAGED_BY_LABEL) != facts.MANAGED_BY_VALUE:
        return steps  # someone else's reference serves as it is
    name = existing or reference_name(source_ns, source_name)
    meta: dict[str, Any] = {"name": name, "namespace": namespace, "labels": dict(MANAGED_LABELS)}
    if added or annotations_of(references.get(name)).get(GRANTED) == "true":
        meta["annotations"] = {GRANTED: "true"}
    reference = {
        "apiVersion": TVR.api_version,
        "kind": TVR.kind,
        "metadata": meta,
        "spec": {"pvcName": source_name, "pvcNamespace": source_ns},
    }
    steps.append(("apply", reference))
    return steps


def patch_change(session: KubeSession, index: LiveIndex, patch: dict[str, Any], check_mode: bool) -> Change:
    """The ``cloneToNamespace`` change as a merge patch of that one annotation of someone else's claim."""
    meta = patch["metadata"]
    value = meta["annotations"][CLONE_TO_NAMESPACE]
    note = (
        f"lets Trident clone this volume into namespace(s) {value}"
        if value
        else "no longer lets Trident clone this volume into another namespace"
    )
    change = Change(key_of(patch), "update", patch, index.get(patch), [f"metadata.annotations.{CLONE_TO_NAMESPACE}"])
    change.note = note
    if not check_mode:
        body = {"metadata": {"annotations": meta["annotations"]}}
        change.result = session.merge_patch(PVC, meta["name"], body, meta["namespace"])
    return change


def revoke(
    session: KubeSession, index: LiveIndex, namespace: str, name: str, live: Mapping[str, Any] | None, check_mode: bool
) -> list[Change]:
    """Undo what tridentops granted for the clone ``namespace/name``, unless another clone of the source needs it."""
    notes = annotations_of(live)
    source_ns, source_name = notes.get(CLONE_FROM_NAMESPACE), notes.get(CLONE_FROM_PVC)
    if live is None or not source_ns or not source_name or source_ns == namespace:
        return []
    others = [
        other
        for other, pvc in index.objects(PVC, namespace).items()
        if other != name and _clones_from(pvc, source_ns, source_name)
    ]
    if others:
        return []
    changes: list[Change] = []
    granted = False
    for tvr in index.objects(TVR, namespace).values():
        spec = tvr.get("spec") or {}
        ours = labels_of(tvr).get(facts.MANAGED_BY_LABEL) == facts.MANAGED_BY_VALUE
        if ours and spec.get("pvcName") == source_name and spec.get("pvcNamespace") == source_ns:
            granted = granted or annotations_of(tvr).get(GRANTED) == "true"
            changes.extend(delete_one(session, TVR, tvr, check_mode))
    source = index.objects(PVC, source_ns).get(source_name)
    if granted and source is not None:
        kept = [n for n in _granted_to(source) if n != namespace]
        patch = _annotation_patch(source_ns, source_name, ",".join(kept) or None)
        changes.append(patch_change(session, index, patch, check_mode))
    return changes
