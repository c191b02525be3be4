"""Install the CRDs a real cluster would have (Trident's, the CSI snapshotter's) into a test API server."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import yaml
from kubernetes import client
from kubernetes.client.exceptions import ApiException

CRD_DIR = Path(__file__).resolve().parent / "crds"
TRIDENT_CRDS = CRD_DIR / "trident.yaml"
SNAPSHOT_CRDS = CRD_DIR / "snapshot.yaml"


def load_crds(path: Path) -> list[dict[str, Any]]:
    """The CRDs of a fixture file (one Kubernetes List document)."""
    items: list[dict[str, Any]] = yaml.safe_load(path.read_text())["items"]
    return items


def apply_crds(api: client.ApiClient, path: Path, timeout: float = 30.0) -> list[str]:
    """Create (or replace) every CRD in ``path`` and wait until all are Established; return their names."""
    extensions = client.ApiextensionsV1Api(api)
    names = []
    for crd in load_crds(path):
        name = crd["metadata"]["name"]
        try:
            extensions.create_custom_resource_definition(crd)
        except ApiException as error:
            if error.status != 409:
                raise
            # replace needs the current resourceVersion (optimistic concurrency).
            current = extensions.read_custom_resource_definition(name)
            assert current.metadata is not None
            crd["metadata"]["resourceVersion"] = current.metadata.resource_version
            extensions.replace_custom_resource_definition(name, crd)
        names.append(name)
    wait_established(extensions, names, timeout)
    return names


def _established(crd: client.V1CustomResourceDefinition) -> bool:
    conditions = (crd.status and crd.status.conditions) or []
    return any(c.type == "Established" and c.status == "True" for c in conditions)


def wait_established(extensions: client.ApiextensionsV1Api, names: list[str], timeout: float = 30.0) -> None:
    """Poll until every named CRD reports Established=True; raise TimeoutError naming the laggards."""
    pending = set(names)
    deadline = time.monotonic() + timeout
    while pending:
        pending = {name for name in pending if not _established(extensions.read_custom_resource_definition(name))}
        if not pending:
            return
        if time.monotonic() >= deadline:
            raise TimeoutError(f"CRDs not Established after {timeout} s: {sorted(pending)}")
        time.sleep(0.1)
