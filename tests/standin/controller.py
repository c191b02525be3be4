"""TEST STAND-IN for NetApp Trident's operator and CRD controller. Not Trident, never shipped.

No kubelet or storage array runs on the embedded control plane, so Trident itself never acts there.
This controller watches the API server and writes the same observable effects Trident would, so the
product's waits and refusal paths run against a real kube-apiserver:

* TridentOrchestrator (what trident-operator does): the operator's install-time checks of the spec
  (``install_precheck``: ``Failed`` with its exact message, retried with backoff until the CR is fixed),
  register Trident's CRDs, finalizer, status ``Installing`` -> ``Installed`` with ``v`` + the version of
  the ``trident-operator`` Deployment's image, ``Installed`` at the new version on an operator upgrade
  (Trident writes ``Updating`` only for a Kubernetes upgrade), ``Uninstalling`` -> ``Uninstalled`` (with
  ``wipeout: [crds]``: obliviate every Trident CRD but the TORC one), ``Error`` on a second TORC.
* TridentBackendConfig (what Trident's CRD controller does) in the Trident namespace only: finalizer,
  credentials checks, a TridentBackend CR and the TBC status (``Bound``/``Success``, ``Failed``,
  ``Deleting`` while TridentVolumes use the backend), Secret rotation re-reconciles.

* TridentAutogrowPolicy (autogrow.py): finalizer, status ``Success`` or ``Failed`` with Trident's message.

* Volumes (volumes.py: the CSI provisioner and resizer sidecars with Trident behind them), snapshots
  (snapshots.py: the snapshot controller and csi-snapshotter) and Trident's day-2 custom resources
  (replication.py: TridentActionSnapshotRestore, TridentMirrorRelationship, TridentActionMirrorUpdate).

Messages and status shapes follow Trident's own code (operator/controllers/orchestrator/controller.go,
frontend/crd/controller/trident_backend_config.go); nothing is written that Trident would not write.

Failure injection for tests: ConfigMap ``kube-system/trident-standin`` with keys ``orchestrator``,
``backend.<tbc name>`` and ``<kind>.<namespace>.<name>`` (kind ``pvc``, ``snapshot``, ``tasr``, ``tmr``,
``tamu``) set to ``Hold`` (write nothing) or ``Failed: <message>``; see ``Scenario``.

Design: one list+watch per kind (re-list only on 410 Gone or errors), caches, a de-duplicating work
queue and a few worker threads, so hundreds of TBCs created at once are bound within seconds. It talks
to the API with its own identity (user ``standin``), so its writes never count as the automation's.
Product code never imports this module.
"""

from __future__ import annotations

import contextlib
import heapq
import ipaddress
import itertools
import json
import logging
import random
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import quote, urlencode

import urllib3
from kubernetes import client, config
from kubernetes.client.exceptions import ApiException

from .crds import TRIDENT_CRDS, load_crds

LOG_PREFIX = "[trident stand-in]"
GROUP = "trident.netapp.io"
FINALIZER = "trident.netapp.io"
TORC_CRD = f"tridentorchestrators.{GROUP}"
OPERATOR_NAME = "trident-operator"
DEFAULT_VERSION = "26.06.0"
SCENARIO_NAMESPACE = "kube-system"
SCENARIO_NAME = "trident-standin"
HOLD = "Hold"
# Trident appends this to the Uninstalled message (operator/controllers/orchestrator/controller.go).
UNINSTALLATION_NOTE = ". NOTE: This CR has uninstalled status; delete this CR to allow new Trident installation."
DELETING_MESSAGE = "Backend is in a deleting state, cannot proceed with the TridentBackendConfig deletion. "
# backendUUID is derived from the TBC uid so it is stable across stand-in restarts (Trident uses a random one).
_UUID_NAMESPACE = uuid.UUID("0c6f1d5e-7a43-4d8e-9a53-7d1b3c2f9e11")
# Keys Trident's CRD controller refuses inline for ONTAP drivers (storage_drivers ExtractSecrets), by Go name.
_ONTAP_SECRET_FIELDS = {
    "username": "Username",
    "password": "Password",
    "clientprivatekey": "ClientPrivateKey",
    "chapusername": "ChapUsername",
    "chapinitiatorsecret": "ChapInitiatorSecret",
    "chaptargetusername": "ChapTargetUsername",
    "chaptargetinitiatorsecret": "ChapTargetInitiatorSecret",
}

JSON = dict[str, Any]
Key = tuple[str, str, str]  # (kind, namespace, name)
_ORCHESTRATORS: Key = ("torc", "", "")  # the operator reconciles all TORCs together, as Trident's does

log = logging.getLogger("tridentops.standin")


def _say(level: int, message: str, *args: object) -> None:
    # The prefix is part of the message so every handler (pytest, demo, molecule) shows it.
    log.log(level, "%s " + message, LOG_PREFIX, *args)


class ApiError(Exception):
    """A non-2xx answer from the API server."""

    def __init__(self, method: str, path: str, status: int, body: bytes) -> None:
        try:
            message = str(json.loads(body).get("message", ""))
        except ValueError:
            message = body[:200].decode(errors="replace")
        super().__init__(f"{method} {path} -> {status}: {message}")
        self.status = status
        self.message = message


def watch_events(response: urllib3.BaseHTTPResponse, path: str) -> Iterator[tuple[str, JSON]]:
    """The (type, object) events of a watch response, one JSON line each; an ERROR event raises its status."""
    pending = b""
    for chunk in response.stream(65536):
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            if not line.strip():
                continue
            event = json.loads(line)
            obj = event.get("object") or {}
            if event.get("type") == "ERROR":
                raise ApiError("WATCH", path, int(obj.get("code") or 0), line)
            yield str(event["type"]), obj


class _Retry(Exception):
    """Reconcile again after a back-off (Trident's ReconcileDeferredError)."""


class _Requeue(_Retry):
    """The operator's ReconcileFailedError: status Failed is written, the CR is retried with backoff."""


class _Http:
    """Minimal JSON client over urllib3, configured from a kubeconfig (TLS verified).

    Raw JSON instead of the generated kubernetes models: cheaper for hundreds of objects, and a watch
    response can be shut down from another thread, which makes ``stop()`` immediate.
    """

    def __init__(self, kubeconfig: Path, pool_size: int) -> None:
        conf = client.Configuration()
        config.load_kube_config(config_file=str(kubeconfig), client_configuration=conf, persist_config=False)
        self.server = str(conf.host).rstrip("/")
        self._headers = {"Accept": "application/json", "User-Agent": "trident-standin (test stand-in)"}
        for setting in conf.auth_settings().values():
            if setting.get("in") == "header" and setting.get("value"):
                self._headers[str(setting["key"])] = str(setting["value"])
        self._pool = urllib3.PoolManager(
            num_pools=2,
            maxsize=pool_size,
            cert_reqs="CERT_REQUIRED" if conf.verify_ssl else "CERT_NONE",
            ca_certs=conf.ssl_ca_cert,
            cert_file=conf.cert_file,
            key_file=conf.key_file,
            retries=False,
        )

    def request(
        self,
        method: str,
        path: str,
        body: object = None,
        *,
        query: Mapping[str, str] | None = None,
        content_type: str = "application/merge-patch+json",
        timeout: float = 15.0,
    ) -> JSON:
        url = self.server + path + (f"?{urlencode(query)}" if query else "")
        headers = dict(self._headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = content_type if method == "PATCH" else "application/json"
        response = self._pool.request(
            method, url, body=data, headers=headers, timeout=urllib3.Timeout(connect=5.0, read=timeout)
        )
        if response.status >= 400:
            raise ApiError(method, path, response.status, response.data)
        result: JSON = json.loads(response.data) if response.data else {}
        return result

    def get(self, path: str, query: Mapping[str, str] | None = None) -> JSON | None:
        """The object at ``path``, or None when it does not exist."""
        try:
            return self.request("GET", path, query=query)
        except ApiError as error:
            if error.status == 404:
                return None
            raise

    def create(self, path: str, body: JSON) -> None:
        """POST ``body``; one already there (409) is what a reconcile retried after its create finds."""
        try:
            self.request("POST", path, body)
        except ApiError as error:
            if error.status != 409:
                raise

    def watch(self, path: str, query: Mapping[str, str]) -> urllib3.BaseHTTPResponse:
        url = f"{self.server}{path}?{urlencode(query)}"
        response = self._pool.request(
            "GET",
            url,
            headers=self._headers,
            preload_content=False,
            # No read timeout: the server ends the watch after timeoutSeconds; stop() shuts the socket.
            timeout=urllib3.Timeout(connect=5.0, read=None),
        )
        if response.status >= 400:
            body = response.read()
            response.release_conn()
            raise ApiError("WATCH", path, response.status, body)
        return response

    def close(self) -> None:
        self._pool.clear()


def _key(obj: JSON) -> tuple[str, str]:
    meta = obj["metadata"]
    return str(meta.get("namespace", "")), str(meta["name"])


class _Informer:
    """List, then watch one resource; keep a cache; report every change to ``on_change(old, new)``.

    Re-lists only on 410 Gone or when the resource itself disappears (a CRD deleted); otherwise a
    closed watch resumes from the last resourceVersion (kept fresh by bookmarks).
    """

    def __init__(
        self,
        owner: StandIn,
        name: str,
        path: str,
        on_change: Callable[[JSON | None, JSON | None], None],
        *,
        query: Mapping[str, str] | None = None,
        crd: str | None = None,
        slim: Callable[[JSON], JSON] | None = None,
    ) -> None:
        self._owner = owner
        self.name = name
        self._path = path
        self._on_change = on_change
        self._query = dict(query or {})
        self._crd = crd
        self._slim = slim
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], JSON] = {}
        self._response: urllib3.BaseHTTPResponse | None = None
        self.synced = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"standin-{owner.id}-watch-{name}", daemon=True)

    def get(self, namespace: str, name: str) -> JSON | None:
        with self._lock:
            return self._cache.get((namespace, name))

    def items(self) -> list[JSON]:
        with self._lock:
            return list(self._cache.values())

    def interrupt(self) -> None:
        """Unblock a thread reading the watch stream (called by stop())."""
        response = self._response
        if isinstance(response, urllib3.HTTPResponse):
            with contextlib.suppress(Exception):
                response.shutdown()

    def _run(self) -> None:
        owner = self._owner
        version: str | None = None
        backoff = 0.1
        if self._crd:
            # Decide "kind not served" only from a complete CRD list, not from an empty cache at startup.
            owner.wait_crds(owner._crds.synced.is_set, timeout=float("inf"))
        while not owner.stopping:
            try:
                if self._crd and not owner.crd_established(self._crd):
                    # The kind is not served (yet, or any more): nothing exists; wait for the CRD informer.
                    self._replace([])
                    self._mark_synced()
                    version = None
                    owner.wait_crds(lambda: owner.crd_established(str(self._crd)), timeout=60.0)
                    continue
                if version is None:
                    version = self._list()
                    self._mark_synced()
                version = self._watch(version)
                backoff = 0.1
            except ApiError as error:
                if owner.stopping:
                    break
                if error.status in (404, 410):
                    # 404: the CRD went away under us; 410: our resourceVersion is too old. Re-list.
                    version = None
                    if error.status == 404:
                        self._replace([])
                _say(logging.DEBUG, "watch %s: %s; re-listing", self.name, error)
                owner.stopped.wait(backoff)
                backoff = min(backoff * 2, 2.0)
            except (urllib3.exceptions.HTTPError, OSError, ValueError) as error:
                if owner.stopping:
                    break
                _say(logging.DEBUG, "watch %s interrupted (%s); reconnecting", self.name, error)
                owner.stopped.wait(backoff)
                backoff = min(backoff * 2, 2.0)

    def _mark_synced(self) -> None:
        self.synced.set()
        self._owner.notify_crds()  # informers waiting for the CRD list re-check

    def _list(self) -> str:
        listed = self._owner.http.request("GET", self._path, query=self._query or None)
        self._replace(listed.get("items") or [])
        return str(listed["metadata"]["resourceVersion"])

    def _watch(self, version: str) -> str | None:
        query = {
            **self._query,
            "watch": "1",
            "resourceVersion": version,
            "allowWatchBookmarks": "true",
            # Spread reconnects; a watch that ends normally resumes from `version` without a list.
            "timeoutSeconds": str(random.randint(240, 300)),
        }
        response = self._owner.http.watch(self._path, query)
        self._response = response
        try:
            if self._owner.stopping:  # stop() may have looked for a response before it was set
                return version
            for kind, obj in watch_events(response, self._path):
                version = str(obj["metadata"]["resourceVersion"])
                if kind != "BOOKMARK":
                    self._apply(kind, obj)
        finally:
            self._response = None
            response.close()
        return version

    def _apply(self, kind: str, obj: JSON) -> None:
        key = _key(obj)
        with self._lock:
            old = self._cache.get(key)
            if kind == "DELETED":
                self._cache.pop(key, None)
                new = None
            else:
                new = self._slim(obj) if self._slim else obj
                self._cache[key] = new
        self._on_change(old, new)

    def _replace(self, items: list[JSON]) -> None:
        fresh = {_key(item): (self._slim(item) if self._slim else item) for item in items}
        with self._lock:
            before, self._cache = self._cache, fresh
        for key, new in fresh.items():
            old = before.get(key)
            if old is None or old["metadata"].get("resourceVersion") != new["metadata"].get("resourceVersion"):
                self._on_change(old, new)
        for key, old in before.items():
            if key not in fresh:
                self._on_change(old, None)


class _WorkQueue:
    """De-duplicating work queue with delayed re-adds, like client-go's: a key is never worked on twice at once.

    Each key carries the time of its latest add, so a worker can tell whether what it read (the
    failure-injection ConfigMap) is at least as new as the event that queued the key.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._order: deque[Key] = deque()
        self._queued: dict[Key, float] = {}
        self._active: set[Key] = set()
        self._dirty: dict[Key, float] = {}
        self._delayed: list[tuple[float, int, Key]] = []
        self._tiebreak = itertools.count()
        self._closed = False

    def add(self, key: Key) -> None:
        with self._cond:
            self._add(key, time.monotonic())

    def add_after(self, key: Key, delay: float) -> None:
        with self._cond:
            heapq.heappush(self._delayed, (time.monotonic() + delay, next(self._tiebreak), key))
            self._cond.notify()

    def get(self) -> tuple[Key, float] | None:
        """The next key and when it was queued, or None once the queue is shut down."""
        with self._cond:
            while not self._closed:
                now = time.monotonic()
                while self._delayed and self._delayed[0][0] <= now:
                    self._add(heapq.heappop(self._delayed)[2], now)
                if self._order:
                    key = self._order.popleft()
                    self._active.add(key)
                    return key, self._queued.pop(key)
                self._cond.wait(self._delayed[0][0] - now if self._delayed else None)
            return None

    def done(self, key: Key) -> None:
        with self._cond:
            self._active.discard(key)
            if key in self._dirty:
                self._add(key, self._dirty.pop(key))

    def shutdown(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _add(self, key: Key, when: float) -> None:
        if key in self._active:
            self._dirty[key] = max(when, self._dirty.get(key, when))
        elif key in self._queued:
            self._queued[key] = max(when, self._queued[key])
        else:
            self._queued[key] = when
            self._order.append(key)
            self._cond.notify()


class _Flight:
    """One read in progress, shared by every caller that can use its result."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.done = threading.Event()
        self.value: dict[str, str] = {}
        self.error: BaseException | None = None


class _SharedRead:
    """A value read from the API no earlier than a given moment, with concurrent callers sharing reads.

    A read that began after the caller's moment serves that caller: one read answers a whole burst of
    queued keys, and callers never wait on a lock held across a request.
    """

    def __init__(self, read: Callable[[], dict[str, str]]) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._value: dict[str, str] = {}
        self._value_at = float("-inf")  # when the read that produced _value began
        self._flight: _Flight | None = None

    def get(self, not_before: float) -> dict[str, str]:
        with self._lock:
            if self._value_at >= not_before:
                return self._value
            flight, mine = self._flight, False
            if flight is None or flight.started < not_before:
                flight, mine = _Flight(), True
                self._flight = flight
        if mine:
            try:
                flight.value = self._read()
            except BaseException as error:
                flight.error = error
            with self._lock:
                if flight.error is None and flight.started > self._value_at:
                    self._value, self._value_at = flight.value, flight.started
                if self._flight is flight:
                    self._flight = None
            flight.done.set()
        else:
            flight.done.wait()
        if flight.error is not None:
            raise flight.error
        return flight.value


def _injection(value: str | None) -> tuple[str, str] | None:
    """Parse a scenario value: ("hold", "") or ("failed", message); None for no (or unknown) injection."""
    if value is None:
        return None
    text = value.strip()
    if text.lower() == HOLD.lower():
        return "hold", ""
    head, sep, message = text.partition(":")
    if sep and head.strip().lower() == "failed":
        return "failed", message.strip()
    _say(logging.WARNING, "ignoring unknown scenario value %r (use 'Hold' or 'Failed: <message>')", value)
    return None


def backend_uuid(tbc_uid: str) -> str:
    """The backendUUID the stand-in gives the backend of the TBC with this uid."""
    return str(uuid.uuid5(_UUID_NAMESPACE, tbc_uid))


def _image_tag(image: str) -> str | None:
    last = image.split("@", 1)[0].rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


def _merge_patch(old: Mapping[str, Any], new: Mapping[str, Any]) -> JSON:
    """A JSON merge patch turning ``old`` into exactly ``new`` (keys missing from ``new`` become null)."""
    patch: JSON = {key: None for key in old if key not in new}
    for key, value in new.items():
        current = old.get(key)
        patch[key] = _merge_patch(current, value) if isinstance(value, dict) and isinstance(current, dict) else value
    return patch


def _established(crd: JSON) -> bool:
    if crd["metadata"].get("deletionTimestamp"):
        return False
    conditions = (crd.get("status") or {}).get("conditions") or []
    return any(c.get("type") == "Established" and c.get("status") == "True" for c in conditions)


def _credentials(spec: Mapping[str, Any]) -> tuple[str, str] | None:
    creds = spec.get("credentials")
    if not isinstance(creds, dict) or not creds.get("name"):
        return None
    return str(creds["name"]), str(creds.get("type") or "secret").lower()


def _secret_slim(secret: JSON) -> JSON:
    # Only existence and version matter; keeping Secret data out of memory keeps the cache small.
    meta = secret["metadata"]
    return {"metadata": {k: meta[k] for k in ("name", "namespace", "resourceVersion") if k in meta}}


def _tbc_path(namespace: str, name: str = "") -> str:
    path = f"/apis/{GROUP}/v1/namespaces/{namespace}/tridentbackendconfigs"
    return f"{path}/{quote(name)}" if name else path


def _tbe_path(namespace: str, name: str = "") -> str:
    path = f"/apis/{GROUP}/v1/namespaces/{namespace}/tridentbackends"
    return f"{path}/{quote(name)}" if name else path


def _torc_path(name: str) -> str:
    return f"/apis/{GROUP}/v1/tridentorchestrators/{quote(name)}"


# ----- the operator's install-time checks (operator/controllers/orchestrator/installer/installer.go,
# setInstallationParams, in its order; docs/trident-facts/operator.md) ----------------------------------------
_DURATION_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "\u00b5s": 1e-6,
    "\u03bcs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}
_QUANTITY = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")
# Container names the operator accepts in spec.resources (config.go IsValid*ContainerName), per pod.
_RESOURCE_CONTAINERS = {
    "Controller": (
        "trident-main",
        "csi-provisioner",
        "csi-resizer",
        "csi-snapshotter",
        "csi-attacher",
        "trident-autosupport",
    ),
    "NodeLinux": ("trident-main", "node-driver-registrar"),
    "NodeWindows": ("trident-main", "node-driver-registrar", "liveness-probe"),
}


def _go_quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _go_duration(text: str) -> tuple[float | None, str | None]:
    """Go's time.ParseDuration: (seconds, None) or (None, its error message)."""
    invalid = f"time: invalid duration {_go_quote(text)}"
    rest, sign = text, 1.0
    if rest[:1] in ("-", "+"):
        sign, rest = (-1.0 if rest[0] == "-" else 1.0), rest[1:]
    if rest == "0":
        return 0.0, None
    if not rest:
        return None, invalid
    total = 0.0
    while rest:
        number = re.match(r"[0-9]*(\.[0-9]*)?", rest)
        digits = number.group(0) if number else ""
        if digits in ("", "."):
            return None, invalid
        rest = rest[len(digits) :]
        unit = re.match(r"[^0-9.]*", rest)
        name = unit.group(0) if unit else ""
        if not name:
            return None, f"time: missing unit in duration {_go_quote(text)}"
        if name not in _DURATION_UNITS:
            return None, f"time: unknown unit {_go_quote(name)} in duration {_go_quote(text)}"
        total += float(digits) * _DURATION_UNITS[name]
        rest = rest[len(name) :]
    return sign * total, None


def _since(version: str, release: str) -> bool:
    """Whether the operator of ``version`` (26.06.0) is ``release`` (24.10) or later."""
    return version.split(".")[:2] >= release.split(".")[:2]


def _resource_errors(resources: Any) -> list[str]:
    """populateResources (25.10 and later): container names per pod and quantities that parse."""
    errors: list[str] = []
    if not isinstance(resources, Mapping):
        return errors
    found = resources.get("node")
    node: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    pods = (
        ("Controller", resources.get("controller")),
        ("NodeLinux", node.get("linux")),
        ("NodeWindows", node.get("windows")),
    )
    for pod, containers in pods:
        for raw_name, value in (containers or {}).items() if isinstance(containers, Mapping) else ():
            name = str(raw_name).strip().lower()
            if name not in _RESOURCE_CONTAINERS[pod]:
                errors.append(f"invalid container name '{name}' for '{pod}'")
                continue
            for part, label in (("requests", "request"), ("limits", "limit")):
                for key, what in (("cpu", "CPU"), ("memory", "Memory")):
                    quantity = str(((value or {}).get(part) or {}).get(key) or "")
                    if quantity and not _QUANTITY.match(quantity):
                        errors.append(
                            f"invalid {what} {label} for {pod} container '{name}': quantities must match the "
                            "regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
                        )
    return errors


# The operator's default requests (config/config.go DefaultResources, 25.10 and later): (cpu, memory) per container.
_DEFAULT_REQUESTS = {
    "Controller": {
        "trident-main": ("10m", "80Mi"),
        "csi-provisioner": ("2m", "20Mi"),
        "csi-attacher": ("2m", "20Mi"),
        "csi-resizer": ("3m", "20Mi"),
        "csi-snapshotter": ("2m", "20Mi"),
        "trident-autosupport": ("1m", "30Mi"),
    },
    "NodeLinux": {"trident-main": ("10m", "60Mi"), "node-driver-registrar": ("1m", "10Mi")},
    "NodeWindows": {
        "trident-main": ("10m", "60Mi"),
        "node-driver-registrar": ("6m", "40Mi"),
        "liveness-probe": ("2m", "40Mi"),
    },
}
_SUFFIX = {"": 1, "n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18}
_SUFFIX.update({"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60})


_NEGATIVE = "must be greater than or equal to 0"  # utils/errors IsNegativeErrorMsg


def _quantity_value(text: str) -> float:
    """The value of a quantity that passed _QUANTITY (the stand-in compares, so floats are close enough)."""
    found = re.match(r"^([+-]?[0-9.]+)(?:([eE][+-]?[0-9]+)|([a-zA-Z]*))$", text)
    if not found:
        return 0.0
    number = float(found[1])
    if found[2]:
        return number * 10.0 ** int(found[2][1:])
    return number * float(_SUFFIX.get(found[3] or "", 1))


def _validate_resource_errors(resources: Any) -> list[str]:
    """validateResources (25.10 and later): over the defaults merged with the CR's values, no negative quantity
    and no request above its limit. Messages use the quantities as written (Go prints the canonical form, the
    same for values such as 10m or 80Mi)."""
    errors: list[str] = []
    if not isinstance(resources, Mapping):
        return errors
    found = resources.get("node")
    node: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    given = {
        "Controller": resources.get("controller"),
        "NodeLinux": node.get("linux"),
        "NodeWindows": node.get("windows"),
    }
    for pod, defaults in _DEFAULT_REQUESTS.items():
        listed = given[pod]
        containers: Mapping[str, Any] = listed if isinstance(listed, Mapping) else {}
        written = {str(k).strip().lower(): v or {} for k, v in containers.items()}
        for name, (cpu, memory) in defaults.items():
            value = written.get(name, {})
            requests = {"cpu": cpu, "memory": memory, **{k: v for k, v in (value.get("requests") or {}).items() if v}}
            limits = {k: v for k, v in (value.get("limits") or {}).items() if v}
            for key, what in (("cpu", "CPU"), ("memory", "memory")):
                if key in limits and _quantity_value(str(limits[key])) < 0:
                    errors.append(f"invalid {what} limit for container {_go_quote(name)} in {pod}: {_NEGATIVE}")
            for key, what in (("cpu", "CPU"), ("memory", "memory")):
                if _quantity_value(str(requests[key])) < 0:
                    errors.append(f"invalid {what} request for container {_go_quote(name)} in {pod}: {_NEGATIVE}")
            for key, what in (("cpu", "CPU"), ("memory", "memory")):
                if key in limits and _quantity_value(str(requests[key])) > _quantity_value(str(limits[key])):
                    errors.append(
                        f"{what} request {requests[key]} exceeds limit {limits[key]} for container "
                        f"{_go_quote(name)} in {pod}"
                    )
    return errors


def _image_precheck(spec: Mapping[str, Any], version: str) -> str | None:
    """imagePrechecks: a tridentImage other than the operator's own is run to read its version, refused unless its
    YY.MM is the operator's. The stand-in cannot run it and reads the version from the tag instead."""
    image = str(spec.get("tridentImage") or "")
    if not image or image == f"docker.io/netapp/trident:{version}":
        return None
    tag = (_image_tag(image) or "").lstrip("v")
    found = re.match(r"^(\d+)\.(\d+)(?:\.(\d+))?$", tag)
    if not found:
        return (
            "unable to get Trident image version information, please ensure correct Trident image has been "
            f"provided; err: the stand-in reads the version from the image tag, and {image} has none"
        )
    image_version = f"{int(found[1])}.{int(found[2]):02d}.{int(found[3] or 0)}"
    if version.split(".")[:2] != image_version.split(".")[:2]:
        return f"unsupported Trident image version '{image_version}', supported Trident version is '{version}'"
    return None


def install_precheck(spec: Mapping[str, Any], version: str) -> str | None:
    """The first installation parameter the operator of ``version`` refuses, as its error says it; else None."""
    if _since(version, "25.10"):
        errors = _resource_errors(spec.get("resources"))
        if errors:
            return "failed parsing resources list specified: \n" + "; ".join(errors)
    for key, what in (
        ("httpRequestTimeout", "http request timeout"),
        ("iscsiSelfHealingInterval", "iSCSI self-healing interval"),
        ("iscsiSelfHealingWaitTime", "iSCSI self-healing wait time"),
    ):
        text = str(spec.get(key) or "")
        if not text:
            continue
        seconds, error = _go_duration(text)
        if error:
            return f"could not parse the {what} as a duration: {error}"
        if seconds is not None and seconds < 0:
            return f"a negative value was used for the {what}, which is not supported"
    image_problem = _image_precheck(spec, version)
    if image_problem:
        return image_problem
    log_format = str(spec.get("logFormat") or "text")
    if log_format not in ("text", "json"):
        return f"'{log_format}' is not a valid log format"
    if _since(version, "24.10"):
        protocols = [str(p).strip().lower() for p in spec.get("nodePrep") or []]
        shown = "[" + " ".join(protocols) + "]"  # Go's %s of a []string
        if len(protocols) > 1:
            return f"only one protocol (iSCSI) is supported at this time but node prep protocol set to '{shown}'"
        if protocols and protocols[0] != "iscsi":
            return f"'{shown}' is not a valid node prep protocol"
    pull_policy = str(spec.get("imagePullPolicy") or "IfNotPresent")
    if pull_policy not in ("IfNotPresent", "Always", "Never"):
        return f"'{pull_policy}' is not a valid trident image pull policy format"
    provider = str(spec.get("cloudProvider") or "")
    identity = str(spec.get("cloudIdentity") or "")
    known = ("Azure", "AWS", "GCP") if _since(version, "24.10") else ("Azure", "AWS")
    if provider and provider.lower() not in (k.lower() for k in known):
        return f"'{provider}' is not a valid cloud provider "  # sic: the operator's message ends with a space
    if not provider and identity:
        return f"cloud provider must be specified for the cloud identity '{identity}'"
    keys = {"azure": "azure.workload.identity/client-id:", "aws": "eks.amazonaws.com/role-arn:"}
    if _since(version, "24.10"):
        keys["gcp"] = "iam.gke.io/gcp-service-account:"
    lowered = provider.lower()
    # Azure's identity is optional; AWS's and GCP's must hold their key, so an empty one is refused.
    if lowered in keys and keys[lowered] not in identity and (identity or lowered != "azure"):
        canonical = next(k for k in known if k.lower() == lowered)
        return f"'{identity}' is not a valid cloud identity for the cloud provider '{canonical}'"
    if _since(version, "25.06"):
        policy = str(spec.get("fsGroupPolicy") or "")
        if policy and policy.lower() not in ("readwriteoncewithfstype", "none", "file"):
            return f"'{policy}' is not a valid fsGroupPolicy"
    if _since(version, "25.10"):
        errors = _validate_resource_errors(spec.get("resources"))
        if errors:
            return "failed validating resources list specified: \n" + "; ".join(errors)
    return None


class StandIn:
    """The stand-in controller. ``StandIn(kubeconfig).start()`` runs it in background threads; ``stop()`` ends them.

    Use the ``standin`` user's kubeconfig (``ControlPlane.kubeconfigs["standin"]``) so its writes are
    told apart from the automation's in the audit log.
    """

    _ids = itertools.count(1)

    def __init__(self, kubeconfig: str | Path, *, workers: int = 12) -> None:
        self.id = next(self._ids)
        self.kubeconfig = Path(kubeconfig)
        self._workers = workers
        self.http = _Http(self.kubeconfig, pool_size=workers + 24)  # every informer holds one for its watch
        self.stopped = threading.Event()
        self._queue = _WorkQueue()
        self._threads: list[threading.Thread] = []
        self._crd_cond = threading.Condition()
        self._state_lock = threading.Lock()
        self._trident_ns: str | None = None  # namespace of an installed Trident; TBCs elsewhere are ignored
        self._index_lock = threading.Lock()
        self._tbc_by_secret: dict[tuple[str, str], set[str]] = {}
        self._tbc_by_uuid: dict[str, tuple[str, str]] = {}
        self._tbc_memo: dict[str, tuple[object, ...]] = {}  # uid -> what the last reconcile acted on
        self._torc_memo: dict[str, tuple[object, ...]] = {}
        self._failures: dict[Key, int] = {}
        self._scenario_reader = _SharedRead(self._read_scenario)
        self._trident_crds: list[JSON] = load_crds(TRIDENT_CRDS)
        group = f"/apis/{GROUP}/v1"
        self._crds = _Informer(self, "crds", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", self._on_crd)
        self._torcs = _Informer(self, "torcs", f"{group}/tridentorchestrators", self._on_torc, crd=TORC_CRD)
        self._tbcs = _Informer(
            self, "tbcs", f"{group}/tridentbackendconfigs", self._on_tbc, crd=f"tridentbackendconfigs.{GROUP}"
        )
        self._tvols = _Informer(self, "tvols", f"{group}/tridentvolumes", self._on_tvol, crd=f"tridentvolumes.{GROUP}")
        self._secrets = _Informer(self, "secrets", "/api/v1/secrets", self._on_secret, slim=_secret_slim)
        self._deployments = _Informer(
            self,
            "deployments",
            "/apis/apps/v1/deployments",
            lambda old, new: self._queue.add(_ORCHESTRATORS),
            query={"fieldSelector": f"metadata.name={OPERATOR_NAME}"},
        )
        self._scenario_informer = _Informer(
            self,
            "scenario",
            f"/api/v1/namespaces/{SCENARIO_NAMESPACE}/configmaps",
            self._on_scenario,
            query={"fieldSelector": f"metadata.name={SCENARIO_NAME}"},
        )
        self._informers = [
            self._crds,
            self._torcs,
            self._tbcs,
            self._tvols,
            self._secrets,
            self._deployments,
            self._scenario_informer,
        ]
        # Volumes, snapshots and Trident's day-2 actions live in their own files (which import this one).
        from .autogrow import Autogrow
        from .replication import Replication
        from .snapshots import Snapshots
        from .volumes import Volumes

        self.volumes = Volumes(self)
        self.snapshots = Snapshots(self)
        self.replication = Replication(self)
        self.autogrow = Autogrow(self)
        self._informers += [
            *self.volumes.informers,
            *self.snapshots.informers,
            *self.replication.informers,
            *self.autogrow.informers,
        ]

    # ----- lifecycle ------------------------------------------------------------------------------
    @property
    def stopping(self) -> bool:
        return self.stopped.is_set()

    def start(self, timeout: float = 30.0) -> StandIn:
        """Start watching and working; return once every cache holds its first list."""
        if self._threads:
            raise RuntimeError("stand-in already started")
        _say(
            logging.INFO,
            "simulating Trident's operator and CRD controller (no real Trident runs) against %s as %s",
            self.http.server,
            self.kubeconfig.name,
        )
        began = time.monotonic()
        for informer in self._informers:
            informer.thread.start()
            self._threads.append(informer.thread)
        for number in range(self._workers):
            worker = threading.Thread(target=self._work, name=f"standin-{self.id}-worker-{number}", daemon=True)
            worker.start()
            self._threads.append(worker)
        deadline = began + timeout
        for informer in self._informers:
            if not informer.synced.wait(max(deadline - time.monotonic(), 0)):
                self.stop()
                raise TimeoutError(f"{LOG_PREFIX} could not list {informer.name} within {timeout} s")
        _say(logging.INFO, "ready in %.2f s", time.monotonic() - began)
        return self

    def stop(self, timeout: float = 20.0) -> None:
        """Stop all threads and close connections; raise if a thread is still alive afterwards."""
        self.stopped.set()
        self._queue.shutdown()
        for informer in self._informers:
            informer.interrupt()
        with self._crd_cond:
            self._crd_cond.notify_all()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(deadline - time.monotonic(), 0))
        alive = [thread.name for thread in self._threads if thread.is_alive()]
        self.http.close()
        if alive:
            raise RuntimeError(f"{LOG_PREFIX} threads still running after stop(): {alive}")
        if self._threads:
            _say(logging.INFO, "stopped")
        self._threads.clear()

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    # ----- CRDs --------------------------------------------------------------------------------------
    def crd_established(self, name: str) -> bool:
        crd = self._crds.get("", name)
        return crd is not None and _established(crd)

    def wait_crds(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Block until ``condition`` (about the CRD cache) holds, the timeout passes or the stand-in stops."""
        deadline = time.monotonic() + timeout
        with self._crd_cond:
            while not condition():
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.stopping:
                    return False
                self._crd_cond.wait(min(remaining, 60.0))
        return True

    def notify_crds(self) -> None:
        with self._crd_cond:
            self._crd_cond.notify_all()

    def _on_crd(self, old: JSON | None, new: JSON | None) -> None:
        self.notify_crds()

    # ----- event handlers: cheap, run on informer threads, only index and queue ------------------------
    def _on_torc(self, old: JSON | None, new: JSON | None) -> None:
        if new is None and old is not None:
            self._torc_memo.pop(str(old["metadata"].get("uid")), None)
        self._queue.add(_ORCHESTRATORS)

    def _on_tbc(self, old: JSON | None, new: JSON | None) -> None:
        obj = new or old
        assert obj is not None
        namespace, name = _key(obj)
        uid = str(obj["metadata"].get("uid"))
        with self._index_lock:
            before = _credentials((old or {}).get("spec") or {})
            after = _credentials((new or {}).get("spec") or {})
            if before and before != after:
                self._tbc_by_secret.get((namespace, before[0]), set()).discard(name)
            if after:
                self._tbc_by_secret.setdefault((namespace, after[0]), set()).add(name)
            if new is None:
                self._tbc_by_uuid.pop(backend_uuid(uid), None)
                self._tbc_memo.pop(uid, None)
            else:
                self._tbc_by_uuid[backend_uuid(uid)] = (namespace, name)
        if new is None:
            return
        # Our own finalizer and status writes change neither generation nor deletionTimestamp: skip them,
        # so a burst of TBCs does not queue every object three times.
        meta, old_meta = new["metadata"], (old or {}).get("metadata") or {}
        if (
            old is None
            or meta.get("generation") != old_meta.get("generation")
            or meta.get("deletionTimestamp") != old_meta.get("deletionTimestamp")
            or meta.get("uid") != old_meta.get("uid")
        ):
            self._queue.add(("tbc", namespace, name))

    def _on_tvol(self, old: JSON | None, new: JSON | None) -> None:
        # A deleting backend finishes once its last volume is gone (Trident re-queues until then).
        obj = new or old
        assert obj is not None
        with self._index_lock:
            owner = self._tbc_by_uuid.get(str(obj.get("backendUUID", "")))
        if owner:
            self._queue.add(("tbc", *owner))

    def _on_secret(self, old: JSON | None, new: JSON | None) -> None:
        # Since 23.04 Trident watches Secrets and re-queues every TBC that references the changed one.
        obj = new or old
        assert obj is not None
        namespace, name = _key(obj)
        with self._index_lock:
            users = sorted(self._tbc_by_secret.get((namespace, name), ()))
        for tbc in users:
            self._queue.add(("tbc", namespace, tbc))

    def _on_scenario(self, old: JSON | None, new: JSON | None) -> None:
        before = (old or {}).get("data") or {}
        after = (new or {}).get("data") or {}
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        if "orchestrator" in changed:
            self._queue.add(_ORCHESTRATORS)
        namespace = self._trident_ns
        for key in changed:
            if key.startswith("backend.") and namespace:
                self._queue.add(("tbc", namespace, key.removeprefix("backend.")))
        self.volumes.on_scenario(changed)
        self.snapshots.on_scenario(changed)
        self.replication.on_scenario(changed)
        self.autogrow.on_scenario(changed)

    # ----- workers ----------------------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            key, queued_at = item
            try:
                if key == _ORCHESTRATORS:
                    self._reconcile_orchestrators(queued_at)
                elif key[0] == "tbc":
                    self._reconcile_tbc(key[1], key[2], queued_at)
                elif key[0] in self.volumes.KINDS:
                    self.volumes.reconcile(key, queued_at)
                elif key[0] in self.snapshots.KINDS:
                    self.snapshots.reconcile(key, queued_at)
                elif key[0] in self.replication.KINDS:
                    self.replication.reconcile(key, queued_at)
                elif key[0] in self.autogrow.KINDS:
                    self.autogrow.reconcile(key, queued_at)
                self._failures.pop(key, None)
            except Exception as error:
                if self.stopping:
                    return
                failures = self._failures[key] = self._failures.get(key, 0) + 1
                # Exponential per key, like client-go's rate-limited queue the operator requeues on (5 ms
                # doubling to 1000 s there); capped low here so tests see a fixed CR picked up quickly.
                delay = min(0.05 * 2**failures, 5.0)
                expected = isinstance(error, _Retry | ApiError | urllib3.exceptions.HTTPError | OSError)
                quiet = isinstance(error, _Requeue) or (expected and failures < 5)
                level = logging.DEBUG if quiet else logging.WARNING
                log.log(
                    level,
                    "%s reconcile %s failed, retry in %.2f s: %s",
                    LOG_PREFIX,
                    key,
                    delay,
                    error,
                    exc_info=not expected,
                )
                self._queue.add_after(key, delay)
            finally:
                self._queue.done(key)

    def _scenario(self, not_before: float) -> dict[str, str]:
        """The failure-injection entries, read no earlier than ``not_before`` (the event that queued the work).

        Read from the API rather than the watch cache, so a test that writes the ConfigMap and then
        creates an object always sees its injection.
        """
        return self._scenario_reader.get(not_before)

    def _read_scenario(self) -> dict[str, str]:
        found = self.http.get(f"/api/v1/namespaces/{SCENARIO_NAMESPACE}/configmaps/{SCENARIO_NAME}")
        return dict((found or {}).get("data") or {})

    def _set_finalizers(self, path: str, obj: JSON, add: bool) -> JSON:
        """Add or remove Trident's finalizer (optimistic concurrency, one re-read on conflict)."""
        for _attempt in range(3):
            current = list(obj["metadata"].get("finalizers") or [])
            wanted = (
                ([*current, FINALIZER] if FINALIZER not in current else current)
                if add
                else [f for f in current if f != FINALIZER]
            )
            if wanted == current:
                return obj
            patch = {"metadata": {"finalizers": wanted or None, "resourceVersion": obj["metadata"]["resourceVersion"]}}
            try:
                return self.http.request("PATCH", path, patch)
            except ApiError as error:
                if error.status != 409:
                    raise
                fresh = self.http.get(path)
                if fresh is None:
                    return obj
                obj = fresh
        raise _Retry(f"finalizer update of {path} kept conflicting")

    def _write_status(self, path: str, obj: JSON, status: JSON) -> bool:
        """Write ``status`` through the status subresource unless it is already there (as Trident does)."""
        current = obj.get("status") or {}
        if current == status:
            return False
        try:
            self.http.request("PATCH", f"{path}/status", {"status": _merge_patch(current, status)})
        except ApiError as error:
            if error.status == 404:
                return False  # deleted meanwhile; its DELETED event ends the story
            raise
        return True

    # ----- TridentOrchestrator (trident-operator) -----------------------------------------------------------
    def _set_trident(self, namespace: str | None) -> None:
        with self._state_lock:
            changed, self._trident_ns = self._trident_ns != namespace, namespace
        if changed and namespace:
            # Trident's CRD controller starts with the install: it now handles the TBCs already there.
            for tbc in self._tbcs.items():
                if _key(tbc)[0] == namespace:
                    self._queue.add(("tbc", *_key(tbc)))
            self.autogrow.requeue_all()

    def _reconcile_orchestrators(self, queued_at: float) -> None:
        injection = _injection(self._scenario(queued_at).get("orchestrator"))
        if injection and injection[0] == "hold":
            _say(logging.INFO, "scenario holds the operator: no TridentOrchestrator is touched")
            return
        torcs = sorted(
            self._torcs.items(),
            key=lambda t: (str(t["metadata"].get("creationTimestamp", "")), str(t["metadata"]["name"])),
        )
        live = []
        for torc in torcs:
            meta = torc["metadata"]
            if not meta.get("deletionTimestamp"):
                live.append(torc)
                continue
            if (torc.get("status") or {}).get("status") not in (None, "", "Error"):
                self._set_trident(None)  # the operator uninstalls Trident when its controlling CR goes
            if FINALIZER in (meta.get("finalizers") or []):
                self._set_finalizers(_torc_path(meta["name"]), torc, add=False)
                _say(logging.INFO, "TridentOrchestrator %s deleted; finalizer removed", meta["name"])
        # Trident's rule: the controlling CR is the one with a status other than ""/Error; failing
        # that, the first CR not asking for an uninstall.
        controlling = next((t for t in live if (t.get("status") or {}).get("status") not in (None, "", "Error")), None)
        if controlling is None:
            controlling = next((t for t in live if not (t.get("spec") or {}).get("uninstall")), None)
        if controlling is None:
            self._set_trident(None)
            return
        self._reconcile_controlling(controlling, injection)
        name = controlling["metadata"]["name"]
        for torc in live:
            if torc is not controlling:
                spec = torc.get("spec") or {}
                status = {
                    "status": "Error",
                    "message": f"Trident is bound to another CR '{name}'",
                    "version": "",
                    "namespace": str(spec.get("namespace") or ""),
                    "currentInstallationParams": {},
                }
                if self._write_status(_torc_path(torc["metadata"]["name"]), torc, status):
                    _say(logging.INFO, "TridentOrchestrator %s: Error, bound to %s", torc["metadata"]["name"], name)

    def _reconcile_controlling(self, torc: JSON, injection: tuple[str, str] | None) -> None:
        meta, spec, status = torc["metadata"], torc.get("spec") or {}, torc.get("status") or {}
        name, uid, path = str(meta["name"]), str(meta["uid"]), _torc_path(meta["name"])
        namespace = str(spec.get("namespace") or "default")  # Trident: empty means "default"
        state = str(status.get("status") or "")
        old_version = str(status.get("version") or "")
        current_ns = str(status.get("namespace") or "")
        params = dict(status.get("currentInstallationParams") or {})
        wipeout = any(str(item).lower() == "crds" for item in spec.get("wipeout") or [])
        torc = self._set_finalizers(path, torc, add=True)

        def report(state: str, message: str, version: str, namespace: str, params: JSON) -> None:
            nonlocal torc
            new = {
                "status": state,
                "message": message,
                "version": version,
                "namespace": namespace,
                "currentInstallationParams": params,
            }
            if version:
                new["acpVersion"] = version  # Trident (24.10 and later) copies version there; omitted when empty
            if self._write_status(path, torc, new):
                torc = {**torc, "status": new}  # what the server has now, for the next comparison

        if state == "Uninstalled":
            # Terminal until the CR is deleted; Trident re-runs the wipeout on every reconcile.
            self._set_trident(None)
            if wipeout:
                self._obliviate(spec)
            return
        if injection:
            report("Failed", injection[1], old_version, current_ns or namespace, params)
            _say(logging.INFO, "TridentOrchestrator %s: Failed (injected): %s", name, injection[1])
            return
        if spec.get("uninstall"):
            self._set_trident(None)
            report("Uninstalling", "Uninstalling Trident", old_version, current_ns or namespace, params)
            removed = self._obliviate(spec) if wipeout else False
            message = "Uninstalled Trident" + (" and removed CRDs" if removed else "") + UNINSTALLATION_NOTE
            report("Uninstalled", message, "", current_ns or namespace, {})
            self._torc_memo.pop(uid, None)
            _say(logging.INFO, "TridentOrchestrator %s: Uninstalled%s", name, " (CRDs removed)" if removed else "")
            return
        if current_ns and current_ns != namespace:
            message = (
                f"Operator cannot proceed with the installation due to namespace change from `{current_ns}` to "
                f"`{namespace}`; namespace change is not allowed."
            )
            report("Failed", message, old_version, current_ns, params)
            raise _Requeue(message)  # retried like every failure, and refused until the namespace is back

        release = self._operator_version(namespace)
        version = "v" + release  # status.version is the operator's version label: v26.06.0
        fingerprint = (meta.get("generation"), version)
        if state == "Installed" and old_version == version and self._torc_memo.get(uid, fingerprint) == fingerprint:
            # Nothing changed (or the stand-in restarted and finds Trident as it left it).
            self._torc_memo[uid] = fingerprint
            self._set_trident(namespace)
            return
        # A CR without a status is a new installation. Any other (Installed, Failed, Installing) controls
        # Trident, and the operator re-installs without a new status first: Updating is written only when
        # the Kubernetes version changed since the install (tridentUpgradeNeeded), which it never does here.
        # An operator upgrade goes from Installed at the old version straight to Installed at the new one.
        if not state:
            report("Installing", "Installing Trident", "", namespace, {})
        problem = install_precheck(spec, release)
        if problem is not None:
            message = f"Failed to install Trident; err: {problem}"
            report("Failed", message, "", namespace, {})
            _say(logging.INFO, "TridentOrchestrator %s: Failed, retried with backoff: %s", name, problem)
            raise _Requeue(message)
        try:
            self._register_crds()
        except _Retry as error:
            report("Failed", f"Failed to install Trident; err: {error}", "", namespace, {})
            raise
        report("Installed", "Trident installed", version, namespace, self._install_params(spec))
        self._torc_memo[uid] = fingerprint
        self._set_trident(namespace)
        what = f"upgraded {old_version} -> {version}" if old_version and old_version != version else version
        _say(logging.INFO, "TridentOrchestrator %s: Installed (%s) in namespace %s", name, what, namespace)

    def _operator_version(self, namespace: str) -> str:
        """Trident's version is the operator's: the tag of the trident-operator Deployment's image."""
        deployment = self.http.get(f"/apis/apps/v1/namespaces/{namespace}/deployments/{OPERATOR_NAME}")
        containers = (((deployment or {}).get("spec") or {}).get("template") or {}).get("spec", {}).get("containers")
        containers = containers or []
        chosen = next((c for c in containers if c.get("name") == OPERATOR_NAME), containers[0] if containers else {})
        return _image_tag(str(chosen.get("image") or "")) or DEFAULT_VERSION

    @staticmethod
    def _install_params(spec: Mapping[str, Any]) -> dict[str, str]:
        """A few effective settings, as strings like Trident's TridentOrchestratorSpecValues."""

        def flag(name: str) -> str:
            return "true" if spec.get(name) is True else "false"

        debug = spec.get("debug") is True
        return {
            "debug": flag("debug"),
            "logLevel": str(spec.get("logLevel") or ("debug" if debug else "info")),
            "logFormat": str(spec.get("logFormat") or "text"),
            "imageRegistry": str(spec.get("imageRegistry") or ""),
            "imagePullPolicy": str(spec.get("imagePullPolicy") or "IfNotPresent"),
            "cloudProvider": str(spec.get("cloudProvider") or ""),
            "kubeletDir": str(spec.get("kubeletDir") or "/var/lib/kubelet"),
            "windows": flag("windows"),
            "silenceAutosupport": flag("silenceAutosupport"),
            "enableForceDetach": flag("enableForceDetach"),
        }

    def _register_crds(self) -> None:
        """Create the Trident CRDs that are missing (the installer's createCRDs) and wait until served."""
        names = [str(crd["metadata"]["name"]) for crd in self._trident_crds]
        for crd in self._trident_crds:
            name = str(crd["metadata"]["name"])
            cached = self._crds.get("", name)
            if cached is not None and cached["metadata"].get("deletionTimestamp"):
                # A wiped-out CRD must be gone before it can be created again.
                if not self.wait_crds(self._crd_gone(name), timeout=30.0):
                    raise _Retry(f"CRD {name} is still being deleted")
                cached = None
            if cached is None:
                self.http.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)
        if not self.wait_crds(lambda: all(self.crd_established(n) for n in names), timeout=30.0):
            missing = [n for n in names if not self.crd_established(n)]
            raise _Retry(f"CRDs not established: {missing}")

    def _crd_gone(self, name: str) -> Callable[[], bool]:
        return lambda: self._crds.get("", name) is None

    def _obliviate(self, spec: Mapping[str, Any]) -> bool:
        """``tridentctl obliviate crd``: drop the finalizers of all Trident CRs, delete all Trident CRDs but TORC's."""
        keep = {TORC_CRD, *(str(name) for name in spec.get("skipCRDsToObliviate") or [])}

        def remaining() -> list[JSON]:
            return [
                crd
                for crd in self._crds.items()
                if crd["spec"].get("group") == GROUP and crd["metadata"]["name"] not in keep
            ]

        deadline = time.monotonic() + 60.0
        removed = False
        while remaining():
            for crd in remaining():
                plural = str(crd["spec"]["names"]["plural"])
                listed = self.http.get(f"/apis/{GROUP}/v1/{plural}") or {}
                for item in listed.get("items") or []:
                    if item["metadata"].get("finalizers"):
                        namespace, name = _key(item)
                        where = f"namespaces/{namespace}/" if namespace else ""
                        with contextlib.suppress(ApiError):
                            self.http.request(
                                "PATCH",
                                f"/apis/{GROUP}/v1/{where}{plural}/{quote(name)}",
                                {"metadata": {"finalizers": None}},
                            )
                if not crd["metadata"].get("deletionTimestamp"):
                    with contextlib.suppress(ApiError):
                        self.http.request(
                            "DELETE",
                            f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{crd['metadata']['name']}",
                        )
            # Deleting a CRD deletes its CRs; a TBC reconcile racing with us may have re-added a finalizer,
            # so anything still there after a short wait gets another pass.
            self.wait_crds(lambda: not remaining(), timeout=2.0)
            if time.monotonic() > deadline:
                raise _Retry(f"Trident CRDs not removed: {[c['metadata']['name'] for c in remaining()]}")
            removed = True
        if removed:
            _say(logging.INFO, "Trident CRDs removed (wipeout)")
        return True

    # ----- TridentBackendConfig (Trident's CRD controller) ------------------------------------------------
    def _reconcile_tbc(self, namespace: str, name: str, queued_at: float) -> None:
        tbc = self._tbcs.get(namespace, name)
        with self._state_lock:
            trident_ns = self._trident_ns
        if tbc is None or namespace != trident_ns:
            return  # Trident's CRD controller only watches its own namespace, and only while installed
        meta, spec, status = tbc["metadata"], tbc.get("spec") or {}, tbc.get("status") or {}
        uid, path = str(meta["uid"]), _tbc_path(namespace, name)
        injection = _injection(self._scenario(queued_at).get(f"backend.{name}"))
        if meta.get("deletionTimestamp") or status.get("phase") == "Deleting":
            self._delete_tbc(tbc, injection)
            return
        creds = _credentials(spec)
        secret_version = self._secret_version(namespace, creds[0]) if creds and creds[1] != "awsarn" else None
        fingerprint = (meta.get("generation"), secret_version, injection)
        memo = self._tbc_memo.get(uid)
        if memo == fingerprint:
            return
        settled = status.get("phase") == "Bound" and status.get("lastOperationStatus") == "Success"
        if memo is None and settled and injection is None and FINALIZER in (meta.get("finalizers") or []):
            self._tbc_memo[uid] = fingerprint  # bound before this stand-in started: leave it as it is
            return
        if injection and injection[0] == "hold":
            self._tbc_memo[uid] = fingerprint
            _say(logging.INFO, "TridentBackendConfig %s/%s: held by scenario, nothing written", namespace, name)
            return
        tbc = self._set_finalizers(path, tbc, add=True)
        self._bind(tbc, creds, secret_version, injection)
        self._tbc_memo[uid] = fingerprint

    def _secret_version(self, namespace: str, name: str) -> str | None:
        cached = self._secrets.get(namespace, name)
        if cached is None:
            # The Secret may be newer than our watch has delivered: ask the server before failing.
            found = self.http.get(f"/api/v1/namespaces/{namespace}/secrets/{quote(name)}")
            cached = _secret_slim(found) if found else None
        return str(cached["metadata"]["resourceVersion"]) if cached else None

    def _bind(
        self,
        tbc: JSON,
        creds: tuple[str, str] | None,
        secret_version: str | None,
        injection: tuple[str, str] | None,
    ) -> None:
        meta, spec, status = tbc["metadata"], tbc.get("spec") or {}, tbc.get("status") or {}
        namespace, name, uid = str(meta["namespace"]), str(meta["name"]), str(meta["uid"])
        path = _tbc_path(namespace, name)
        phase = str(status.get("phase") or "")
        info = status.get("backendInfo") or {"backendName": "", "backendUUID": ""}

        def fail(message: str, **changes: Any) -> None:
            failed = {
                "message": message,
                "backendInfo": info,
                "phase": phase,
                "deletionPolicy": str(status.get("deletionPolicy") or ""),
                "lastOperationStatus": "Failed",
                **changes,
            }
            self._write_status(path, tbc, failed)
            _say(logging.INFO, "TridentBackendConfig %s/%s: Failed: %s", namespace, name, message)

        # TridentBackendConfig.Validate(): "Failed to process backend".
        policy = str(spec.get("deletionPolicy", "delete"))
        if not spec:
            return fail("Failed to process backend: empty Spec is not allowed")
        if policy.lower() not in ("delete", "retain"):
            return fail(f"Failed to process backend: invalid deletion policy applied: {policy}")
        # The backend add/update in Trident's core: driver config checks, then the credentials.
        error = injection[1] if injection else self._config_error(spec, creds, secret_version)
        creating = phase == ""
        if error is not None:
            if creating:
                return fail(
                    f"Failed to create backend: {error}",
                    backendInfo={"backendName": "", "backendUUID": ""},
                    phase="",
                    deletionPolicy=policy,
                )
            return fail(f"Failed to apply the backend update; {error}")

        backend_name = str(spec.get("backendName") or name)
        uuid_ = backend_uuid(uid)
        backend = {
            "backendName": backend_name,
            "backendUUID": uuid_,
            "configRef": uid,
            "config": {},
            "version": "1",
            "online": True,
            "state": "online",
        }
        if creating:
            self._create_tbe(namespace, backend)
        else:
            found = self._find_tbe(namespace, uuid_)
            if found is None:
                lost = "unsupported config error; could not find backend during update"
                return fail(f"Failed to apply the backend update; {lost}", phase="Lost")
            wanted = {k: v for k, v in backend.items() if found.get(k) != v}
            if wanted:
                self.http.request("PATCH", _tbe_path(namespace, found["metadata"]["name"]), wanted)
        verb = "created" if creating else "updated"
        self._write_status(
            path,
            tbc,
            {
                "message": f"Backend '{backend_name}' {verb}",
                "backendInfo": {"backendName": backend_name, "backendUUID": uuid_},
                "phase": "Bound",
                "deletionPolicy": policy,
                "lastOperationStatus": "Success",
            },
        )
        _say(logging.INFO, "TridentBackendConfig %s/%s: Bound, backend '%s' %s", namespace, name, backend_name, verb)

    @staticmethod
    def _config_error(spec: Mapping[str, Any], creds: tuple[str, str] | None, secret_version: str | None) -> str | None:
        driver = str(spec.get("storageDriverName") or "")
        if driver.startswith("ontap-"):
            # Go's JSON decoding matches field names case-insensitively, so Trident does too.
            forbidden = sorted(
                go
                for key, go in _ONTAP_SECRET_FIELDS.items()
                if any(k.lower() == key and v not in (None, "") for k, v in spec.items())
            )
            if forbidden:
                return f"unsupported config error; input contains forbidden attributes: [{' '.join(forbidden)}]"
        if (driver.startswith("ontap-") or driver == "solidfire-san") and creds is None:
            return "unsupported config error; input is missing the credentials field"
        if creds and creds[1] not in ("secret", "awsarn"):
            return f"unsupported config error; credentials type '{creds[1]}' is not supported"
        if creds and creds[1] == "secret" and secret_version is None:
            return f"secret {creds[0]} not found"
        driver_error = StandIn._driver_config_error(driver, spec)
        if driver_error is not None:
            return f"problem initializing storage driver '{driver}': {driver_error}"
        return None

    @staticmethod
    def _driver_config_error(driver: str, spec: Mapping[str, Any]) -> str | None:
        """An ONTAP driver's own refusals that need no array, in the order its Initialize meets them."""

        def field(config: Mapping[str, Any], name: str) -> Any:
            # Go's JSON decoding matches field names case-insensitively.
            return next((v for k, v in config.items() if k.lower() == name.lower()), None)

        if not driver.startswith("ontap-"):
            return None
        # PopulateConfigurationDefaults, before any driver's own checks (ontap_common.go@v26.06.0:2106-2110; every
        # ONTAP driver's Initialize wraps its error as "could not populate configuration defaults").
        delay = field(spec, "cloneSplitDelay")
        if delay is not None and delay != "":
            text = str(delay)
            number = int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else None
            if number is None or number <= 0 or number >= 2**63:
                return f"could not populate configuration defaults: invalid value for cloneSplitDelay: {text}"
        if driver in ("ontap-nas-economy", "ontap-san-economy"):
            name, low, high = (
                ("qtreesPerFlexvol", 50, 300) if driver == "ontap-nas-economy" else ("lunsPerFlexvol", 50, 200)
            )
            text = str(field(spec, name) or "")
            if text.isdigit() and not low <= int(text) <= high:
                limit, bound = ("minimum", low) if int(text) < low else ("maximum", high)
                if driver == "ontap-nas-economy":
                    return f"invalid config value for {name} ({limit} is {bound})"
                return f"invalid config value for {name}: using {text} {name} ({limit} is {bound})"
        if driver not in ("ontap-nas", "ontap-nas-economy", "ontap-nas-flexgroup"):
            return None
        refusal = None
        if str(field(field(spec, "defaults") or {}, "LUKSEncryption") or "false").lower() in ("1", "t", "true"):
            refusal = "ONTAP NAS drivers do not support LUKS encrypted volumes"
        for block in field(spec, "autoExportCIDRs") or []:
            address, slash, length = str(block).partition("/")
            try:
                valid = bool(slash) and length.isdigit() and int(length) <= ipaddress.ip_address(address).max_prefixlen
            except ValueError:
                valid = False
            if refusal is None and not valid:
                refusal = f"failed to validate auto-export CIDR(s): invalid CIDR address: {block}"
        return None if refusal is None else f"error validating {driver} driver: driver validation failed: {refusal}"

    def _tbe_names(self, backend_id: str) -> Iterator[str]:
        # Trident names TridentBackends tbe-<5 random chars>; the stand-in takes them from the backend
        # UUID and lengthens the name on the rare collision, so it can find its TBE again without a cache.
        hexdigits = backend_id.replace("-", "")
        for length in range(5, len(hexdigits) + 1):
            yield f"tbe-{hexdigits[:length]}"

    def _create_tbe(self, namespace: str, backend: JSON) -> None:
        for name in self._tbe_names(str(backend["backendUUID"])):
            body = {
                "apiVersion": f"{GROUP}/v1",
                "kind": "TridentBackend",
                "metadata": {"name": name, "namespace": namespace},
                **backend,
            }
            try:
                self.http.request("POST", _tbe_path(namespace), body)
                return
            except ApiError as error:
                if error.status != 409:
                    raise
            existing = self.http.get(_tbe_path(namespace, name))
            if existing is not None and existing.get("backendUUID") == backend["backendUUID"]:
                wanted = {k: v for k, v in backend.items() if existing.get(k) != v}
                if wanted:
                    self.http.request("PATCH", _tbe_path(namespace, name), wanted)
                return
        raise _Retry(f"no free TridentBackend name for {backend['backendUUID']}")

    def _find_tbe(self, namespace: str, backend_id: str) -> JSON | None:
        for name in self._tbe_names(backend_id):
            found = self.http.get(_tbe_path(namespace, name))
            if found is None:
                return None
            if found.get("backendUUID") == backend_id:
                return found
        return None

    def _delete_tbc(self, tbc: JSON, injection: tuple[str, str] | None) -> None:
        """Trident's deleteBackendConfig: delete or keep the backend, then release the TBC."""
        meta, spec, status = tbc["metadata"], tbc.get("spec") or {}, tbc.get("status") or {}
        namespace, name = str(meta["namespace"]), str(meta["name"])
        path = _tbc_path(namespace, name)
        if FINALIZER not in (meta.get("finalizers") or []):
            return
        if injection and injection[0] == "hold":
            return
        policy = str(spec.get("deletionPolicy", "delete"))
        info = status.get("backendInfo") or {"backendName": "", "backendUUID": ""}
        if injection:
            self._write_status(
                path,
                tbc,
                {
                    "message": injection[1],
                    "backendInfo": info,
                    "phase": str(status.get("phase") or ""),
                    "deletionPolicy": policy,
                    "lastOperationStatus": "Failed",
                },
            )
            return
        if status.get("phase"):  # an unbound TBC has no backend to delete
            backend_id = str(info.get("backendUUID") or "")
            tbe = self._find_tbe(namespace, backend_id) if backend_id else None
            if policy.lower() == "delete" and tbe is not None:
                tbe_path = _tbe_path(namespace, tbe["metadata"]["name"])
                volumes = self._volume_count(namespace, backend_id)
                if volumes:
                    # Trident marks the backend deleting and keeps the TBC until the last volume is gone.
                    if tbe.get("state") != "deleting":
                        self.http.request("PATCH", tbe_path, {"state": "deleting", "online": False})
                    deleting = {
                        "message": DELETING_MESSAGE,
                        "backendInfo": info,
                        "phase": "Deleting",
                        "deletionPolicy": policy,
                        "lastOperationStatus": "Success",
                    }
                    if self._write_status(path, tbc, deleting):
                        _say(
                            logging.INFO,
                            "TridentBackendConfig %s/%s: Deleting, backend still has %d volume(s)",
                            namespace,
                            name,
                            volumes,
                        )
                    return
                with contextlib.suppress(ApiError):
                    self.http.request("DELETE", tbe_path)
            elif policy.lower() == "retain" and tbe is not None and tbe.get("configRef"):
                # RemoveBackendConfigRef: the backend stays, now unmanaged (tridentctl can take it over).
                self.http.request("PATCH", _tbe_path(namespace, tbe["metadata"]["name"]), {"configRef": ""})
        self._set_finalizers(path, tbc, add=False)
        _say(logging.INFO, "TridentBackendConfig %s/%s: deleted (deletionPolicy %s)", namespace, name, policy)

    def _volume_count(self, namespace: str, backend_id: str) -> int:
        # Listed, not taken from the watch cache: a volume created just before the TBC delete must count.
        listed = self.http.get(f"/apis/{GROUP}/v1/namespaces/{namespace}/tridentvolumes") or {}
        return sum(1 for volume in listed.get("items") or [] if volume.get("backendUUID") == backend_id)


class ConfigMapScenario:
    """Failure injection through the entries of one ConfigMap in ``kube-system`` that a stand-in re-reads on every
    reconcile; ``clear()`` (or leaving the ``with`` block) removes the ConfigMap."""

    HOLD = HOLD
    config_map = SCENARIO_NAME

    def __init__(self, api: client.ApiClient) -> None:
        self._core = client.CoreV1Api(api)

    @staticmethod
    def failed(message: str) -> str:
        return f"Failed: {message}"

    def write(self, entries: Mapping[str, str | None]) -> None:
        """Set (value) or remove (None) entries, creating the ConfigMap when needed."""
        try:
            self._core.patch_namespaced_config_map(self.config_map, SCENARIO_NAMESPACE, {"data": dict(entries)})
        except ApiException as error:
            if error.status != 404:
                raise
            data = {k: v for k, v in entries.items() if v is not None}
            self._core.create_namespaced_config_map(
                SCENARIO_NAMESPACE, {"metadata": {"name": self.config_map}, "data": data}
            )

    def clear(self) -> None:
        try:
            self._core.delete_namespaced_config_map(self.config_map, SCENARIO_NAMESPACE)
        except ApiException as error:
            if error.status != 404:
                raise

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.clear()


class Scenario(ConfigMapScenario):
    """Failure injection for the stand-in: entries of ConfigMap ``kube-system/trident-standin``.

    ``scenario.orchestrator(Scenario.failed("no pull"))``, ``scenario.backend("tbc-a", Scenario.HOLD)``,
    ``scenario.backend("tbc-a", None)`` to drop one entry; ``clear()`` (or leaving the ``with`` block)
    removes the ConfigMap. The stand-in re-reads the entries on every reconcile.
    """

    def orchestrator(self, value: str | None) -> None:
        self.write({"orchestrator": value})

    def backend(self, tbc_name: str, value: str | None) -> None:
        self.write({f"backend.{tbc_name}": value})

    def autogrow_policy(self, name: str, value: str | None) -> None:
        self.write({f"tap..{name}": value})

    def volume(self, kind: str, namespace: str, name: str, value: str | None) -> None:
        """``kind``: ``pvc`` (provisioning, resize), ``snapshot``, ``tasr``, ``tmr`` or ``tamu``."""
        self.write({f"{kind}.{namespace}.{name}": value})


@contextlib.contextmanager
def running(kubeconfig: str | Path, **options: Any) -> Iterator[StandIn]:
    """``with running(kubeconfig) as standin:`` start the stand-in, stop it on the way out."""
    standin = StandIn(kubeconfig, **options).start()
    try:
        yield standin
    finally:
        standin.stop()
