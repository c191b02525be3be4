"""TEST STAND-IN for NetApp Trident protect's controller. Not Trident protect, never shipped.

No pod runs on the embedded control plane, so Trident protect's controller never acts there. This stand-in
watches protect's custom resources and writes the effects the controller would, so the protect modules'
waits, outcomes and refusals run against a real kube-apiserver, and a backup on one cluster can really be
restored on another:

* AppVault: reaches the bucket (S3 providers only: ``head_bucket`` at the vault's endpoint with the keys of
  the Secret it references, or the process's own AWS identity for ``useIAM``) and writes ``status.state``
  ``Available``, or ``Error`` with ``status.error``; an errored vault is retried, as a controller would.
* Snapshot, Backup: ``status.state`` ``Running``, then the application's resources (ConfigMaps, Secrets and
  PVCs of its included namespaces, through its label selectors) are written as an archive
  (``<appArchivePath>/resources.json``) into the vault's bucket, then ``Completed`` with ``appArchivePath``.
  A missing or unavailable AppVault or Application fails it (``Failed`` with ``status.error``).
* BackupRestore, SnapshotRestore (and the in-place ones): ``Running``, the archive is read from the vault,
  its objects are created in the destination namespaces (``namespaceMapping``; PVCs get the
  ``storageClassMapping`` class, no volume), namespaces created when missing, then ``Completed``.
  In place, objects are re-applied over the originals and existing PVCs are kept.

What it does not do: copy volume data (no data mover runs here), write Application status (the facts do
not establish its fields and nothing waits on it), run Schedules.

Failure injection: ConfigMap ``kube-system/trident-protect-standin``, key ``<kind>.<name>`` (kind in lower
case: ``appvault``, ``snapshot``, ``backup``, ``backuprestore``, ...) set to ``Hold`` (an action stays
``Running``, a vault gets no status) or ``Failed: <message>``. It talks to the API as the control plane's
``standin`` user, so its writes never count as the automation's. Product code never imports this module.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import urllib3

from .controller import ApiError, ConfigMapScenario, _Http, _WorkQueue, watch_events

LOG_PREFIX = "[trident protect stand-in]"
GROUP = "protect.trident.netapp.io"
API = f"/apis/{GROUP}/v1"
SCENARIO_NAMESPACE = "kube-system"
SCENARIO_NAME = "trident-protect-standin"
FIELD_MANAGER = "trident-protect-standin"
ACTIONS = {
    "snapshots": "Snapshot",
    "backups": "Backup",
    "backuprestores": "BackupRestore",
    "backupinplacerestores": "BackupInplaceRestore",
    "snapshotrestores": "SnapshotRestore",
    "snapshotinplacerestores": "SnapshotInplaceRestore",
}
PLURALS = ("appvaults", *ACTIONS)
TERMINAL = ("Completed", "Failed", "Error")
COPIED = (("configmaps", "ConfigMap"), ("secrets", "Secret"), ("persistentvolumeclaims", "PersistentVolumeClaim"))
CLUSTER_CONFIGMAPS = {"kube-root-ca.crt"}
JSON = dict[str, Any]

log = logging.getLogger("tridentops.standin.protect")


def _say(level: int, message: str, *args: object) -> None:
    log.log(level, "%s " + message, LOG_PREFIX, *args)


class _Failure(Exception):
    """The action fails with this message (what protect would put in status.error)."""


def _selected(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    if not selector:
        return True
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for req in selector.get("matchExpressions") or []:
        key, op, values = req.get("key"), req.get("operator"), req.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def _portable(obj: JSON, kind: str) -> JSON:
    """What a backup keeps of an object: its identity and content, not the cluster's bookkeeping."""
    meta = obj["metadata"]
    kept = {k: meta[k] for k in ("name", "labels", "annotations") if meta.get(k)}
    out: JSON = {"apiVersion": "v1", "kind": kind, "metadata": kept}
    for field in ("data", "binaryData", "stringData", "type"):
        if field in obj:
            out[field] = obj[field]
    if kind == "PersistentVolumeClaim":
        spec = {k: v for k, v in (obj.get("spec") or {}).items() if k not in ("volumeName", "dataSource")}
        out["spec"] = spec
    return out


class ProtectStandIn:
    """``ProtectStandIn(kubeconfig).start()`` runs the stand-in in background threads; ``stop()`` ends them."""

    def __init__(self, kubeconfig: str | Path, *, workers: int = 3) -> None:
        self.kubeconfig = Path(kubeconfig)
        self.http = _Http(self.kubeconfig, pool_size=len(PLURALS) + workers + 4)
        self.stopped = threading.Event()
        self._queue = _WorkQueue()
        self._workers = workers
        self._threads: list[threading.Thread] = []
        self._responses: dict[str, urllib3.BaseHTTPResponse] = {}
        self._listed: dict[str, threading.Event] = {plural: threading.Event() for plural in PLURALS}

    # ----- lifecycle ------------------------------------------------------------------------------------
    def start(self, timeout: float = 30.0) -> ProtectStandIn:
        _say(
            logging.INFO, "simulating Trident protect's controller (no real protect runs) against %s", self.http.server
        )
        for plural in PLURALS:
            thread = threading.Thread(target=self._watch, args=(plural,), name=f"protect-standin-{plural}", daemon=True)
            thread.start()
            self._threads.append(thread)
        for number in range(self._workers):
            thread = threading.Thread(target=self._work, name=f"protect-standin-worker-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)
        deadline = time.monotonic() + timeout
        for plural, listed in self._listed.items():
            if not listed.wait(max(deadline - time.monotonic(), 0)):
                self.stop()
                raise TimeoutError(f"{LOG_PREFIX} could not list {plural} within {timeout} s")
        return self

    def stop(self, timeout: float = 20.0) -> None:
        self.stopped.set()
        self._queue.shutdown()
        for response in list(self._responses.values()):
            if isinstance(response, urllib3.HTTPResponse):
                with contextlib.suppress(Exception):
                    response.shutdown()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(deadline - time.monotonic(), 0))
        alive = [t.name for t in self._threads if t.is_alive()]
        self.http.close()
        self._threads.clear()
        if alive:
            raise RuntimeError(f"{LOG_PREFIX} threads still running after stop(): {alive}")

    # ----- watching -------------------------------------------------------------------------------------
    def _watch(self, plural: str) -> None:
        path = f"{API}/{plural}"
        version = ""
        while not self.stopped.is_set():
            try:
                if not version:
                    listed = self.http.request("GET", path)
                    version = str(listed["metadata"]["resourceVersion"])
                    for item in listed.get("items") or []:
                        self._queue.add((plural, item["metadata"]["namespace"], item["metadata"]["name"]))
                    self._listed[plural].set()
                version = self._stream(plural, path, version)
            except ApiError as error:
                # 404: protect's CRDs are not registered (yet): nothing of this kind exists; look again later.
                self._listed[plural].set()
                version = ""
                if error.status not in (404, 410):
                    _say(logging.DEBUG, "watch %s: %s", plural, error)
                self.stopped.wait(1.0)
            except (urllib3.exceptions.HTTPError, OSError, ValueError) as error:
                if self.stopped.is_set():
                    return
                _say(logging.DEBUG, "watch %s interrupted (%s)", plural, error)
                self.stopped.wait(0.2)

    def _stream(self, plural: str, path: str, version: str) -> str:
        query = {"watch": "1", "resourceVersion": version, "timeoutSeconds": str(random.randint(60, 90))}
        response = self.http.watch(path, query)
        self._responses[plural] = response
        try:
            if self.stopped.is_set():
                return version
            for kind, obj in watch_events(response, path):
                version = str(obj["metadata"]["resourceVersion"])
                if kind in ("ADDED", "MODIFIED"):
                    self._queue.add((plural, obj["metadata"]["namespace"], obj["metadata"]["name"]))
        finally:
            self._responses.pop(plural, None)
            response.close()
        return version

    # ----- work -----------------------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            key = item[0]
            try:
                plural, namespace, name = key
                if plural == "appvaults":
                    self._reconcile_vault(namespace, name)
                else:
                    self._reconcile_action(plural, namespace, name)
            except Exception as error:
                if self.stopped.is_set():
                    return
                _say(logging.WARNING, "reconcile %s failed, retrying: %s", key, error)
                self._queue.add_after(key, 0.5)
            finally:
                self._queue.done(key)

    def _path(self, plural: str, namespace: str, name: str = "") -> str:
        base = f"{API}/namespaces/{namespace}/{plural}"
        return f"{base}/{quote(name)}" if name else base

    def _scenario(self, kind: str, name: str) -> tuple[str, str] | None:
        found = self.http.get(f"/api/v1/namespaces/{SCENARIO_NAMESPACE}/configmaps/{SCENARIO_NAME}") or {}
        value = ((found.get("data") or {}).get(f"{kind.lower()}.{name}") or "").strip()
        if not value:
            return None
        if value.lower() == "hold":
            return "hold", ""
        head, _sep, message = value.partition(":")
        return ("failed", message.strip()) if head.strip().lower() == "failed" else None

    def _status(self, plural: str, obj: JSON, status: JSON) -> None:
        if (obj.get("status") or {}) == status:
            return
        path = self._path(plural, obj["metadata"]["namespace"], obj["metadata"]["name"]) + "/status"
        patch = {"status": {**{k: None for k in obj.get("status") or {}}, **status}}
        with contextlib.suppress(ApiError):  # deleted meanwhile
            self.http.request("PATCH", path, patch)

    # ----- AppVault -------------------------------------------------------------------------------------
    def _reconcile_vault(self, namespace: str, name: str) -> None:
        vault = self.http.get(self._path("appvaults", namespace, name))
        if vault is None:
            return
        injection = self._scenario("AppVault", name)
        if injection and injection[0] == "hold":
            return
        try:
            if injection:
                raise _Failure(injection[1])
            self._bucket(vault).head_bucket(Bucket=self._bucket_name(vault))
        except Exception as error:
            self._status("appvaults", vault, {"state": "Error", "error": _message(error)})
            self._queue.add_after(("appvaults", namespace, name), 1.0)  # protect keeps trying
            return
        self._status("appvaults", vault, {"state": "Available"})

    def _vault(self, name: str) -> JSON:
        """The AppVault an action names: in the protect namespace (any namespace holding one of that name)."""
        listed = self.http.request("GET", f"{API}/appvaults")
        found: list[JSON] = [v for v in listed.get("items") or [] if v["metadata"]["name"] == name]
        if not found:
            raise _Failure(f"AppVault {name} not found")
        vault = found[0]
        if (vault.get("status") or {}).get("state") != "Available":
            raise _Failure(f"AppVault {name} is not available: {(vault.get('status') or {}).get('error', '')}")
        return vault

    @staticmethod
    def _bucket_name(vault: JSON) -> str:
        return str(((vault["spec"].get("providerConfig") or {}).get("s3") or {}).get("bucketName", ""))

    def _bucket(self, vault: JSON) -> Any:
        import boto3
        from botocore.config import Config

        spec = vault["spec"]
        s3 = (spec.get("providerConfig") or {}).get("s3")
        if not s3:
            raise _Failure(f"the test stand-in only reaches S3 buckets, not {spec.get('providerType')}")
        scheme = "https" if str(s3.get("secure", "true")).lower() == "true" else "http"
        keys: dict[str, str] = {}
        if not s3.get("useIAM"):
            for key in ("accessKeyID", "secretAccessKey"):
                ref = ((spec.get("providerCredentials") or {}).get(key) or {}).get("valueFromSecret") or {}
                keys[key] = self._secret_value(vault["metadata"]["namespace"], ref.get("name", ""), ref.get("key", ""))
        return boto3.client(
            "s3",
            endpoint_url=f"{scheme}://{s3.get('endpoint')}",
            region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
            aws_access_key_id=keys.get("accessKeyID"),
            aws_secret_access_key=keys.get("secretAccessKey"),
            verify=str(s3.get("skipCertValidation", "false")).lower() != "true",
            config=Config(connect_timeout=2, read_timeout=10, retries={"max_attempts": 1}),
        )

    def _secret_value(self, namespace: str, name: str, key: str) -> str:
        import base64

        secret = self.http.get(f"/api/v1/namespaces/{namespace}/secrets/{quote(name)}")
        if secret is None:
            raise _Failure(f"secret {namespace}/{name} not found")
        data = (secret.get("data") or {}).get(key)
        if data is None:
            raise _Failure(f"secret {namespace}/{name} has no key {key}")
        return base64.b64decode(data).decode()

    # ----- snapshots, backups, restores ------------------------------------------------------------------
    def _reconcile_action(self, plural: str, namespace: str, name: str) -> None:
        obj = self.http.get(self._path(plural, namespace, name))
        if obj is None or (obj.get("status") or {}).get("state") in TERMINAL:
            return
        kind = ACTIONS[plural]
        injection = self._scenario(kind, name)
        if (obj.get("status") or {}).get("state") != "Running":
            self._status(plural, obj, {"state": "Running"})
            obj = self.http.get(self._path(plural, namespace, name)) or obj
        if injection and injection[0] == "hold":
            return
        try:
            if injection:
                raise _Failure(injection[1])
            if kind in ("Snapshot", "Backup"):
                path = self._archive(plural, obj)
                self._status(plural, obj, {"state": "Completed", "appArchivePath": path, **_completed()})
            else:
                self._restore(obj)
                self._status(plural, obj, {"state": "Completed", **_completed()})
        except Exception as error:
            self._status(plural, obj, {"state": "Failed", "error": _message(error)})

    def _archive(self, plural: str, action: JSON) -> str:
        spec, meta = action.get("spec") or {}, action["metadata"]
        app = self.http.get(self._path("applications", meta["namespace"], str(spec.get("applicationRef"))))
        if app is None:
            raise _Failure(f"application {meta['namespace']}/{spec.get('applicationRef')} not found")
        vault = self._vault(str(spec.get("appVaultRef")))
        if spec.get("snapshotRef"):
            snapshot = self.http.get(self._path("snapshots", meta["namespace"], str(spec["snapshotRef"])))
            if (snapshot or {}).get("status", {}).get("state") != "Completed":
                raise _Failure(f"snapshot {spec['snapshotRef']} is not completed")
        resources = []
        for included in (app.get("spec") or {}).get("includedNamespaces") or []:
            namespace = included["namespace"]
            for resource, kind in COPIED:
                items = self.http.request("GET", f"/api/v1/namespaces/{namespace}/{resource}").get("items") or []
                for item in items:
                    if kind == "ConfigMap" and item["metadata"]["name"] in CLUSTER_CONFIGMAPS:
                        continue
                    if kind == "Secret" and item.get("type") == "kubernetes.io/service-account-token":
                        continue
                    if _selected(included.get("labelSelector"), item["metadata"].get("labels") or {}):
                        resources.append({"namespace": namespace, "object": _portable(item, kind)})
        app_meta = app["metadata"]
        folder = "backups" if plural == "backups" else "snapshots"
        path = f"{app_meta['name']}_{app_meta['uid']}/{folder}/{meta['name']}_{meta['uid']}"
        archive = {
            "application": {"name": app_meta["name"], "namespace": app_meta["namespace"]},
            "resources": resources,
        }
        self._bucket(vault).put_object(
            Bucket=self._bucket_name(vault), Key=f"{path}/resources.json", Body=json.dumps(archive).encode()
        )
        return path

    def _restore(self, restore: JSON) -> None:
        spec = restore.get("spec") or {}
        vault = self._vault(str(spec.get("appVaultRef")))
        try:
            body = (
                self._bucket(vault)
                .get_object(Bucket=self._bucket_name(vault), Key=f"{spec.get('appArchivePath')}/resources.json")["Body"]
                .read()
            )
        except Exception as error:
            raise _Failure(f"cannot read archive {spec.get('appArchivePath')}: {_message(error)}") from None
        archive = json.loads(body)
        in_place = "Inplace" in restore["kind"]
        namespaces = {m["source"]: m["destination"] for m in spec.get("namespaceMapping") or []}
        classes = {m["source"]: m["destination"] for m in spec.get("storageClassMapping") or []}
        for entry in archive["resources"]:
            source = entry["namespace"]
            destination = source if in_place else namespaces.get(source)
            if destination is None:
                continue
            self._ensure_namespace(destination)
            obj = json.loads(json.dumps(entry["object"]))
            obj["metadata"]["namespace"] = destination
            resource = {
                "ConfigMap": "configmaps",
                "Secret": "secrets",
                "PersistentVolumeClaim": "persistentvolumeclaims",
            }[obj["kind"]]
            path = f"/api/v1/namespaces/{destination}/{resource}/{quote(obj['metadata']['name'])}"
            if obj["kind"] == "PersistentVolumeClaim":
                old_class = obj["spec"].get("storageClassName")
                if old_class in classes:
                    obj["spec"]["storageClassName"] = classes[old_class]
                if self.http.get(path) is not None:
                    continue  # an existing claim keeps its volume (the data mover would revert its data)
            self.http.request(
                "PATCH",
                path,
                obj,
                query={"fieldManager": FIELD_MANAGER, "force": "true"},
                content_type="application/apply-patch+yaml",
            )

    def _ensure_namespace(self, name: str) -> None:
        if self.http.get(f"/api/v1/namespaces/{name}") is None:
            with contextlib.suppress(ApiError):  # created meanwhile
                self.http.request("POST", "/api/v1/namespaces", {"metadata": {"name": name}})


def _completed() -> JSON:
    return {"completionTimestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def _message(error: BaseException) -> str:
    return str(error) or type(error).__name__


class ProtectScenario(ConfigMapScenario):
    """Failure injection: ``scenario.set("Backup", "nightly", ProtectScenario.failed("bucket full"))``,
    ``scenario.set("AppVault", "s3", ProtectScenario.HOLD)``; ``clear()`` (or leaving ``with``) removes it."""

    config_map = SCENARIO_NAME

    def set(self, kind: str, name: str, value: str | None) -> None:
        self.write({f"{kind.lower()}.{name}": value})


@contextlib.contextmanager
def running(kubeconfig: str | Path) -> Iterator[ProtectStandIn]:
    standin = ProtectStandIn(kubeconfig).start()
    try:
        yield standin
    finally:
        standin.stop()
