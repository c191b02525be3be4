"""The benchmark's own embedded control plane: start, prepare (CRDs, namespace), count, reset."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import urllib3
from kubernetes import client, config

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "hack"), str(REPO / "tests")]

from controlplane import KUBE_VERSION, ControlPlane  # noqa: E402
from standin.crds import TRIDENT_CRDS, apply_crds  # noqa: E402

__all__ = ["KUBE_VERSION", "Cluster", "ControlPlane"]

NAMESPACE = "trident"
MANAGED = "app.kubernetes.io/managed-by=tridentops"
# (kind, list path, collection path for deletion): the three kinds the spec renders.
KINDS = {
    "Secret": f"/api/v1/namespaces/{NAMESPACE}/secrets",
    "TridentBackendConfig": f"/apis/trident.netapp.io/v1/namespaces/{NAMESPACE}/tridentbackendconfigs",
    "StorageClass": "/apis/storage.k8s.io/v1/storageclasses",
}


class Cluster:
    """A control plane in ``state_dir`` (never the shared one) and an admin client to it."""

    def __init__(self, state_dir: Path) -> None:
        self.plane = ControlPlane(state_dir)
        self.api: client.ApiClient | None = None
        self.http: urllib3.PoolManager | None = None

    @property
    def kubeconfig(self) -> Path:
        return self.plane.kubeconfigs["admin"]

    def start(self) -> None:
        """Start fresh (stopping leftovers of this state dir), install Trident's CRDs and its namespace."""
        self.plane.start()
        self.connect()
        assert self.api is not None
        apply_crds(self.api, TRIDENT_CRDS)
        core = client.CoreV1Api(self.api)
        core.create_namespace({"metadata": {"name": NAMESPACE}})

    def connect(self) -> None:
        """Clients for a running control plane: the kubernetes client (CRDs) and plain HTTPS (bulk calls)."""
        self.api = config.new_client_from_config(str(self.kubeconfig))
        self.http = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=str(self.plane.ca_path))

    def stop(self) -> None:
        if self.api is not None:
            self.api.close()
        self.plane.stop()

    def _call(self, method: str, path: str) -> Any:
        assert self.http is not None, "start() or connect() first"
        url = f"{self.plane.server}{path}?labelSelector={MANAGED}"
        headers = {"Authorization": f"Bearer {self.plane.tokens['admin']}"}
        response = self.http.request(method, url, headers=headers, timeout=60.0)
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: HTTP {response.status}: {response.data[:500]!r}")
        return json.loads(response.data)

    def count(self) -> dict[str, int]:
        """Objects of each rendered kind carrying tridentops' managed-by label."""
        return {kind: len(self._call("GET", path).get("items") or []) for kind, path in KINDS.items()}

    def reset(self, timeout: float = 120.0) -> None:
        """Delete every managed object and wait until the server lists none."""
        for path in KINDS.values():
            self._call("DELETE", path)
        deadline = time.monotonic() + timeout
        while any(self.count().values()):
            if time.monotonic() > deadline:
                raise TimeoutError(f"managed objects still present after {timeout} s: {self.count()}")
            time.sleep(0.2)
