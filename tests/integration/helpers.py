"""Helpers for module tests: run tasks as a user of the control plane, count writes, reset Trident."""

from __future__ import annotations

import http.client
import json
import ssl
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kubernetes import client
from kubernetes.client.exceptions import ApiException
from playbook import Run, run_tasks
from standin.crds import SNAPSHOT_CRDS, TRIDENT_CRDS, apply_crds

GROUP = "trident.netapp.io"


class Ansible:
    """Run tasks against the control plane as one of its users; count that user's writes."""

    def __init__(self, control_plane: Any, user: str = "admin") -> None:
        self.control_plane = control_plane
        self.user = user
        self.kubeconfig: Path = control_plane.kubeconfigs[user]

    def __call__(self, *tasks: dict[str, Any], **options: Any) -> Run:
        return run_tasks(list(tasks), self.kubeconfig, **options)

    def module(self, module: str, /, check: bool = False, diff: bool = False, **args: Any) -> dict[str, Any]:
        """One module task; returns its result (``failed`` and ``msg`` on failure)."""
        result: dict[str, Any] = self(
            {"name": module, f"tridentops.storage.{module}": args}, check=check, diff=diff
        ).last
        return result

    def writes(self):  # type: ignore[no-untyped-def]
        """Context manager counting this user's write requests (create/update/patch/delete) in the audit log."""
        return self.control_plane.audit.count_writes(users={self.user})


@dataclass(frozen=True)
class Answer:
    """The API server's answer to one raw request: its status and its JSON body (a Status on refusals)."""

    status: int
    body: dict[str, Any]

    @property
    def message(self) -> str:
        return str(self.body.get("message", ""))

    @property
    def refused(self) -> bool:
        return self.status == 403

    def __str__(self) -> str:
        return f"{self.status} {self.message}".strip()


def raw_request(
    control_plane: Any,
    token: str,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    *,
    content_type: str = "application/json",
    headers: Iterable[tuple[str, str]] = (),
) -> Answer:
    """One request to the control plane's API server with ``token``, TLS verified against its CA. Headers go out as
    given, a name possibly repeated (kubectl --as-group sends one Impersonate-Group per group; the generated client
    keeps one value per header name)."""
    endpoint = control_plane.api("admin")
    url = urllib.parse.urlsplit(endpoint.server)
    context = ssl.create_default_context(cafile=str(endpoint.ca_path))
    connection = http.client.HTTPSConnection(url.hostname or "", url.port, context=context, timeout=15)
    payload = json.dumps(body).encode() if body is not None else None
    sent = [("Authorization", f"Bearer {token}"), ("Accept", "application/json")]
    if payload is not None:
        sent += [("Content-Type", content_type), ("Content-Length", str(len(payload)))]
    try:
        connection.putrequest(method, path)
        for name, value in [*sent, *headers]:
            connection.putheader(name, value)
        connection.endheaders(payload)
        response = connection.getresponse()
        raw = response.read()
        try:
            parsed = json.loads(raw) if raw else {}
        except ValueError:
            parsed = {"message": raw.decode(errors="replace")[:200]}
        return Answer(response.status, parsed if isinstance(parsed, dict) else {})
    finally:
        connection.close()


def wait_until(
    condition: Callable[[], Any], timeout: float = 30.0, what: str = "condition", interval: float = 0.1
) -> Any:
    """Poll on the test side only (product waits are what is under test); return the condition's truthy value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what} not reached within {timeout} s"
        time.sleep(interval)


def exists(read: Callable[..., Any], *args: Any) -> bool:
    """Whether ``read(*args)`` finds its object: a 404 says there is none; any other error is raised."""
    try:
        read(*args)
    except ApiException as error:
        if error.status == 404:
            return False
        raise
    return True


def unless_gone(call: Callable[..., Any], *args: Any) -> Any:
    """``call(*args)``, except that an object already gone (404) is not an error: cleanup races controllers."""
    try:
        return call(*args)
    except ApiException as error:
        if error.status != 404:
            raise
        return None


def forget_installation(api: client.ApiClient, namespace: str = "trident") -> None:
    """No operator bundle left by an earlier suite's stack. tridentops refuses to change another stack's
    installation (its CRD, the operator's RBAC and Deployment), so each suite installs Trident afresh under its
    own stack name."""
    rbac, apps, core = client.RbacAuthorizationV1Api(api), client.AppsV1Api(api), client.CoreV1Api(api)
    unless_gone(apps.delete_namespaced_deployment, "trident-operator", namespace)
    unless_gone(core.delete_namespaced_service_account, "trident-operator", namespace)
    unless_gone(rbac.delete_cluster_role_binding, "trident-operator")
    unless_gone(rbac.delete_cluster_role, "trident-operator")
    extensions = client.ApiextensionsV1Api(api)
    unless_gone(extensions.delete_custom_resource_definition, "tridentorchestrators.trident.netapp.io")
    wait_until(
        lambda: (
            "tridentorchestrators.trident.netapp.io"
            not in {c.metadata.name for c in extensions.list_custom_resource_definition().items}
        ),
        what="the TridentOrchestrator CRD gone",
    )


def reset_trident(api: client.ApiClient) -> None:
    """No TridentOrchestrator, no backend configs, no operator bundle of an earlier stack, Trident's and the
    snapshotter's CRDs registered: what every suite may assume. The stand-in must be running (it releases
    finalizers as Trident would)."""
    objects = client.CustomObjectsApi(api)
    apply_crds(api, TRIDENT_CRDS)
    apply_crds(api, SNAPSHOT_CRDS)
    try:
        for torc in objects.list_cluster_custom_object(GROUP, "v1", "tridentorchestrators")["items"]:
            objects.delete_cluster_custom_object(GROUP, "v1", "tridentorchestrators", torc["metadata"]["name"])
        wait_until(
            lambda: not objects.list_cluster_custom_object(GROUP, "v1", "tridentorchestrators")["items"],
            what="TridentOrchestrators gone",
        )
    except ApiException as error:
        if error.status != 404:
            raise
    for tbc in objects.list_cluster_custom_object(GROUP, "v1", "tridentbackendconfigs")["items"]:
        meta = tbc["metadata"]
        # A backend already being deleted is gone as soon as its finalizer is: both calls may find nothing.
        unless_gone(
            objects.patch_namespaced_custom_object,
            GROUP,
            "v1",
            meta["namespace"],
            "tridentbackendconfigs",
            meta["name"],
            {"metadata": {"finalizers": None}},
        )
        unless_gone(
            objects.delete_namespaced_custom_object,
            GROUP,
            "v1",
            meta["namespace"],
            "tridentbackendconfigs",
            meta["name"],
        )
    for volume in objects.list_cluster_custom_object(GROUP, "v1", "tridentvolumes")["items"]:
        meta = volume["metadata"]
        unless_gone(
            objects.delete_namespaced_custom_object, GROUP, "v1", meta["namespace"], "tridentvolumes", meta["name"]
        )
    core = client.CoreV1Api(api)
    for pv in core.list_persistent_volume().items:
        # No pv-protection controller runs here to release the finalizer the admission plugin adds.
        unless_gone(core.patch_persistent_volume, pv.metadata.name, {"metadata": {"finalizers": None}})
        unless_gone(core.delete_persistent_volume, pv.metadata.name)
    # Deletion waits for the pv-protection finalizer: later suites count PersistentVolumes.
    wait_until(lambda: not core.list_persistent_volume().items, what="PersistentVolumes gone")
    storage = client.StorageV1Api(api)
    for sc in storage.list_storage_class(label_selector="app.kubernetes.io/managed-by=tridentops").items:
        storage.delete_storage_class(sc.metadata.name)
    wait_until(
        lambda: not objects.list_cluster_custom_object(GROUP, "v1", "tridentbackendconfigs")["items"],
        what="TridentBackendConfigs gone",
    )
    forget_installation(api)
    # A purge deletes Trident's namespace; the next install must not race its termination.
    wait_until(
        lambda: not [ns for ns in core.list_namespace().items if ns.status.phase == "Terminating"],
        timeout=60,
        what="terminating namespaces gone",
    )


# What a suite's clean-up uninstalls whichever stack installed it (the trident module refuses what is not ours).
INSTALLATION = [
    "TridentOrchestrator/trident",
    "Deployment/trident/trident-operator",
    "ClusterRoleBinding/trident-operator",
    "ClusterRole/trident-operator",
    "ServiceAccount/trident/trident-operator",
    f"CustomResourceDefinition/tridentorchestrators.{GROUP}",
]
WIPE_TRIDENT = {"state": "absent", "purge": True, "force": True, "adopt": INSTALLATION}


def uninstall_trident(control_plane: Any, api: client.ApiClient) -> None:
    """Uninstall through the trident module (purge, force) as admin, then reset_trident: a suite's clean-up."""
    run_tasks(
        [{"tridentops.storage.trident": WIPE_TRIDENT}],
        control_plane.kubeconfigs["admin"],
    )
    reset_trident(api)
