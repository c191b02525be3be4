"""Every volume operation judges the object names it is given before any request: a namespace option
(``namespace``, ``source_namespace``, ``trident_namespace``) must be a DNS label, any other name (a claim, a
snapshot, a class) a DNS subdomain, and every problem is reported at once, in the order of the options."""

from __future__ import annotations

from typing import Any

import pytest
from api_double import HOST, FakeConfiguration, ScriptedPool

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import Connection
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils._ops.volumes import (
    clone,
    imports,
    mirror,
    resize,
    restore,
    snapshots,
)
from ansible_collections.tridentops.storage.plugins.module_utils.spec import checks
from ansible_collections.tridentops.storage.plugins.module_utils.spec.issues import SpecError

# A valid DNS subdomain that is no DNS label (it has a dot): wrong only where a namespace is meant.
DOTTED = "team.a"
# Neither a label nor a subdomain (upper case, underscore).
BAD = "Bad_Name"

# operation, request class, its other options, its name options in the order they are judged
CASES: list[tuple[Any, Any, dict[str, Any], tuple[str, ...]]] = [
    (resize, resize.ResizeRequest, {"size": "1Gi"}, ("name", "namespace")),
    (restore, restore.RestoreRequest, {}, ("pvc", "namespace", "snapshot")),
    (snapshots, snapshots.SnapshotRequest, {}, ("namespace", "name", "pvc", "snapshot_class")),
    (mirror, mirror.MirrorRequest, {"mirror_state": "promoted"}, ("name", "namespace", "pvc")),
    (
        clone,
        clone.CloneRequest,
        {},
        ("name", "namespace", "source_namespace", "source_pvc", "source_snapshot", "storage_class"),
    ),
    (
        imports,
        imports.ImportRequest,
        {"volume": "vol1", "backend": "ontap", "size": "1Gi"},
        ("name", "namespace", "trident_namespace", "storage_class"),
    ),
]


def is_namespace(option: str) -> bool:
    return option in ("namespace", "source_namespace", "trident_namespace")


@pytest.mark.parametrize(
    ("operation", "request_class", "others", "names"), CASES, ids=lambda c: getattr(c, "__name__", "")
)
def test_names_are_judged_by_what_they_name_before_any_request(
    operation: Any, request_class: Any, others: dict[str, Any], names: tuple[str, ...]
) -> None:
    pool = ScriptedPool([])
    kube = KubeSession(Connection(HOST, pool, FakeConfiguration()))
    # A dotted value everywhere: only the namespaces are wrong. A bad value everywhere: every name is.
    for value, wrong in ((DOTTED, [o for o in names if is_namespace(o)]), (BAD, list(names))):
        request = request_class(**others, **dict.fromkeys(names, value))
        with pytest.raises(SpecError) as invalid:
            operation.ensure(kube, request)
        expected = [
            f"{o}: {checks.dns_label(value) if is_namespace(o) else checks.dns_subdomain(value)}" for o in wrong
        ]
        assert [str(i) for i in invalid.value.issues] == expected
    pool.assert_done()
