"""A rendered object's own labels and annotations, as users set them (team labels, Argo CD's annotations), for the
objects whose section describes one object: a backend's TridentBackendConfig, the TridentOrchestrator.

tridentops merges its own labels over them. The keys that record which tool manages an object are refused: the
ones tridentops writes (its labels, the ``tridentops.io/`` annotations a converge sets), and the ones adopt leaves
out of a spec because taking the object over replaces them (kubectl's last-applied configuration, Helm's release
record). A spec that said them would claim another manager for the object, or lose them on the first converge.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from . import facts
from .issues import Issues, join
from .protect import label_keys

# Kubernetes' label value: at most 63 characters, alphanumeric at both ends, '-', '_', '.' inside
# (apimachinery validation.IsValidLabelValue); the API server refuses any other.
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
MAX_LABEL_VALUE = 63
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
HELM_RELEASE_NAME = "meta.helm.sh/release-name"
# Annotations written by the tools whose records a take-over replaces (adopt leaves them out of a spec too).
TOOL_ANNOTATIONS = {
    LAST_APPLIED: "kubectl apply's record; tridentops applies server-side",
    HELM_RELEASE_NAME: "Helm's record of its release, which taking the object over replaces",
    "meta.helm.sh/release-namespace": "Helm's record of its release, which taking the object over replaces",
}
OWN_PREFIX = "tridentops.io/"


def valid_labels(values: Mapping[str, str]) -> str | None:
    """Label keys and values as the API server takes them."""
    message = label_keys(values)
    if message:
        return message
    for key, value in values.items():
        if not isinstance(value, str) or len(value) > MAX_LABEL_VALUE or not _LABEL_VALUE.match(value):
            return (
                f"label {key}: {value!r} is not a valid label value (at most {MAX_LABEL_VALUE} characters, letters, "
                "digits, '-', '_', '.', beginning and ending with a letter or digit)"
            )
    return None


def valid_annotations(values: Mapping[str, str]) -> str | None:
    """Annotation keys have the syntax of label keys; values are any string."""
    message = label_keys(values)
    return message.replace("label key", "annotation key") if message else None


def check_reserved(
    object_labels: Mapping[str, str],
    object_annotations: Mapping[str, str],
    path: str,
    issues: Issues,
    *,
    labels_field: str = "labels",
    annotations_field: str = "annotations",
) -> None:
    """Refuse the keys tridentops writes itself and the tool records a take-over replaces. The path is the field's
    and the message names the key: a key holds '.' and '/', which a field path cannot tell from its own."""
    for key in object_labels:
        if facts.reserved_label(key):
            issues.error(join(path, labels_field), f"{key}: tridentops sets this label itself")
    for key in object_annotations:
        where = join(path, annotations_field)
        if key.startswith(OWN_PREFIX):
            issues.error(where, f"{key}: tridentops sets its {OWN_PREFIX} annotations itself")
        elif key in TOOL_ANNOTATIONS:
            issues.error(where, f"{key}: {TOOL_ANNOTATIONS[key]}")
