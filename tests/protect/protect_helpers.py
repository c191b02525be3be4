"""Helpers of the protect, monitoring and namespace tests (cluster set-up and clean-up, as an admin)."""

from __future__ import annotations

import base64
import contextlib
import socket
from collections.abc import Iterable
from typing import Any

from helpers import unless_gone, wait_until
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from standin.crds import CRD_DIR, apply_crds

PROTECT_CRDS = CRD_DIR / "protect.yaml"
PROMETHEUS_CRDS = CRD_DIR / "prometheus.yaml"
PROTECT_NS = "trident-protect"
S3_KEYS = {"accessKeyID": "AKIATESTSTANDIN00001", "secretAccessKey": "moto-accepts-any-key"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_namespace(api: client.ApiClient, name: str, labels: dict[str, str] | None = None) -> None:
    core = client.CoreV1Api(api)
    with contextlib.suppress(ApiException):
        core.create_namespace({"metadata": {"name": name, "labels": labels or {}}})


def delete_namespaces(api: client.ApiClient, *names: str, wait: bool = True) -> None:
    """Delete namespaces and wait until they are gone. No pvc-protection controller runs on the embedded control
    plane, so the finalizer the admission plugin puts on every PVC is released here, as that controller would."""
    core = client.CoreV1Api(api)

    def release_claims() -> None:
        for name in names:
            for pvc in core.list_namespaced_persistent_volume_claim(name).items:
                if pvc.metadata.finalizers:
                    with contextlib.suppress(ApiException):
                        core.patch_namespaced_persistent_volume_claim(
                            pvc.metadata.name, name, {"metadata": {"finalizers": None}}
                        )

    release_claims()
    for name in names:
        unless_gone(core.delete_namespace, name)
    if not wait:
        return

    def gone() -> bool:
        release_claims()
        return not set(names) & {n.metadata.name for n in core.list_namespace().items}

    wait_until(gone, timeout=60, what=f"namespaces {names} gone")


def s3_secret(api: client.ApiClient, name: str = "s3-keys", namespace: str = PROTECT_NS) -> None:
    ensure_namespace(api, namespace)
    body = {
        "metadata": {"name": name},
        "data": {k: base64.b64encode(v.encode()).decode() for k, v in S3_KEYS.items()},
    }
    core = client.CoreV1Api(api)
    try:
        core.create_namespaced_secret(namespace, body)
    except ApiException as error:
        if error.status != 409:
            raise


def delete_crds(api: client.ApiClient, group: str, what: str, names: Iterable[str] | None = None) -> None:
    """Delete the CRDs of one API group (all, or those named) and wait until the group serves none."""
    extensions = client.ApiextensionsV1Api(api)

    def served() -> list[str]:
        return [
            c.metadata.name
            for c in extensions.list_custom_resource_definition().items
            if c.metadata.name.endswith(f".{group}")
        ]

    for name in served() if names is None else names:
        with contextlib.suppress(ApiException):
            extensions.delete_custom_resource_definition(name)
    wait_until(lambda: not served(), timeout=60, what=what)


def delete_protect_crds(api: client.ApiClient) -> None:
    """As on a cluster without Trident protect (deleting a CRD deletes its resources)."""
    delete_crds(api, "protect.trident.netapp.io", "protect CRDs gone")


def delete_prometheus_crds(api: client.ApiClient) -> None:
    names = ("servicemonitors.monitoring.coreos.com", "prometheusrules.monitoring.coreos.com")
    delete_crds(api, "monitoring.coreos.com", "prometheus-operator CRDs gone", names)


def without_protect(api: client.ApiClient, *namespaces: str) -> None:
    """A cluster without Trident protect, as a protect suite starts: protect's namespace and CRDs (so every
    protect resource) gone, and ``namespaces`` (an earlier run's) with them."""
    delete_namespaces(api, *namespaces, PROTECT_NS)
    delete_protect_crds(api)


def before_protect_with_monitoring(api: client.ApiClient, s3: Any, bucket: str, *stale: str) -> None:
    """What a suite installing protect with monitoring starts from: no protect (``stale`` namespaces gone too),
    prometheus-operator's CRDs and the monitoring namespace, protect's S3 keys Secret, an empty bucket."""
    without_protect(api, *stale)
    apply_prometheus_crds(api)
    ensure_namespace(api, "monitoring")
    s3_secret(api)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


def apply_protect_crds(api: client.ApiClient) -> None:
    apply_crds(api, PROTECT_CRDS)


def apply_prometheus_crds(api: client.ApiClient) -> None:
    apply_crds(api, PROMETHEUS_CRDS)


def play(ansible: Any, *calls: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Run module calls as the tasks of one playbook (one ansible-playbook start for all of them); each call is
    ``(module, args)`` or ``(module, args, task keywords)`` such as ``{"check_mode": True}``. A failing task does
    not stop the play: every result comes back, failures with ``failed`` and ``msg``."""
    tasks = []
    for call in calls:
        module, args, keywords = (*call, {})[:3]
        tasks.append({"name": module, f"tridentops.storage.{module}": args, "ignore_errors": True, **keywords})
    run = ansible(*tasks)
    results: list[dict[str, Any]] = run.results
    assert len(results) == len(calls), run.stdout + run.stderr
    return results
