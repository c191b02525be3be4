"""One Kubernetes session per module run: REST calls returning plain dicts.

Responses are decoded with ``json`` and kept as dicts: the kubernetes client's model
deserialisation costs more than the request itself for large lists. Every request goes
through ``request`` (or ``stream`` for watches), which unit tests replace to assert the exact
sequence of calls.

Transient failures are retried with exponential backoff and jitter, within a retry budget (seconds)
counted from a request's first attempt: a dropped or refused connection, a read timeout, 429 Too
Many Requests (after its Retry-After), 502/503/504, and a 500 that says the API server's storage
(etcd) is unavailable. A request the server may already have acted on is retried only when repeating
it is harmless: GET, DELETE, server-side apply and merge patch. Anything else (a POST create) is
retried only when it provably never reached the server (no connection, or 429).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from ..spec.kinds import Kind, kind_of
from .client import Connection

FIELD_MANAGER = "tridentops"
Key = tuple[str, str, str, str]  # (apiVersion, kind, namespace or "", name)
Result = TypeVar("Result")

RETRY_BUDGET = 60.0  # seconds of retries per request when the task sets no timeout of its own
BACKOFF_FIRST = 0.5  # seconds before the first retry; doubles per attempt
BACKOFF_MAX = 8.0
# Repeating these leaves the cluster as one success would: the same apply or merge patch gives the same
# object, a second GET or DELETE changes nothing more. (A JSON patch or a POST may act twice.)
IDEMPOTENT_PATCHES = ("application/apply-patch+yaml", "application/merge-patch+json")
# Answers that mean "not now" from the API server or a balancer in front of it.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# How kube-apiserver's 500s read when etcd is down or restarting (seen from 1.20: a dying etcd gives
# "rpc error: code = Unavailable desc = transport is closing" and "context deadline exceeded").
STORAGE_UNAVAILABLE = (
    "etcdserver:",
    "rpc error: code = unavailable",
    "rpc error: code = deadlineexceeded",
    "transport is closing",
    "context deadline exceeded",
    "request did not complete within",
    "storage is (re)initializing",
)


def key_of(obj: Mapping[str, Any]) -> Key:
    meta = obj["metadata"]
    return (obj["apiVersion"], obj["kind"], meta.get("namespace") or "", meta["name"])


def describe(key: Key) -> str:
    kind, namespace, name = key[1:]
    return f"{kind} {namespace}/{name}" if namespace else f"{kind} {name}"


def _decode(body: bytes) -> Any:
    """JSON, except for the plain-text answers some paths give (an unregistered API group's 404)."""
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body.decode(errors="replace").strip()


class KubeError(Exception):
    """An API request failed; ``status`` is the HTTP code (0: no answer), the message is the server's own.

    ``method``, ``path`` (no query string), ``attempts`` and ``elapsed`` (seconds) say which request failed
    and how hard it was tried. ``transient``: the last failure was one that retrying may cure (no answer,
    429, 5xx), so the retry budget ran out or the request was not safe to repeat; the message then names
    the request, the attempts and what to check. ``lost_answer``: an earlier attempt may have taken
    effect on the server before its answer was lost.
    """

    def __init__(
        self,
        status: int,
        message: str,
        reason: str = "",
        *,
        method: str = "",
        path: str = "",
        attempts: int = 1,
        elapsed: float = 0.0,
        transient: bool = False,
        lost_answer: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.method = method
        self.path = path
        self.attempts = attempts
        self.elapsed = elapsed
        self.transient = transient
        self.lost_answer = lost_answer


@dataclass
class _Failure:
    """One failed attempt: what to tell the user, and what it means for a retry."""

    cause: str
    status: int = 0
    reason: str = ""
    transient: bool = False
    reached_server: bool = True  # the server may have acted on the request
    retry_after: float = 0.0  # seconds the server asked us to wait (Retry-After)
    timed_out: bool = False  # connected, but no answer within the request timeout


def _connection_failure(exc: Exception) -> _Failure:
    """A request that got no HTTP answer: is it worth another try, and may the server have acted on it?"""
    import urllib3

    errors = urllib3.exceptions
    cause = str(exc) or type(exc).__name__
    if isinstance(exc, errors.NameResolutionError):
        return _Failure(cause)  # a wrong host name does not heal by retrying
    if isinstance(exc, errors.ConnectTimeoutError):  # NewConnectionError too: refused, unreachable
        return _Failure(cause, transient=True, reached_server=False)
    if isinstance(exc, errors.ReadTimeoutError):
        return _Failure(cause, transient=True, timed_out=True)
    if isinstance(exc, errors.ProtocolError | errors.ProxyError):
        return _Failure(cause, transient=True)  # reset, EOF, RemoteDisconnected
    if isinstance(exc, errors.SSLError) and _is_eof(cause):
        return _Failure(cause, transient=True)  # the connection was cut under TLS; certificate errors are not
    return _Failure(cause)


def _is_eof(cause: str) -> bool:
    lowered = cause.lower()
    return "unexpected_eof" in lowered or "eof occurred in violation of protocol" in lowered


def _answer_failure(response: Any, data: Any) -> _Failure:
    """An HTTP error answer: the server's message and reason, and whether asking again may help."""
    status: int = response.status
    info = data if isinstance(data, dict) else {}
    message = str(info.get("message") or (data if isinstance(data, str) else "") or response.reason or "")
    reason = str(info.get("reason") or ("NotFound" if status == 404 else ""))
    transient = status in RETRY_STATUSES or (
        status == 500 and any(marker in message.lower() for marker in STORAGE_UNAVAILABLE)
    )
    # 429 comes from the API server's flow control, before the request is handled.
    return _Failure(
        message or "request failed",
        status,
        reason,
        transient,
        reached_server=status != 429,
        retry_after=_retry_after(response) if transient else 0.0,
    )


def _retry_after(response: Any) -> float:
    """Retry-After in seconds (kube-apiserver sends seconds; an HTTP date falls back to our own backoff)."""
    headers = getattr(response, "headers", None) or {}
    try:
        return max(0.0, float(headers.get("Retry-After") or 0))
    except ValueError:
        return 0.0


class KubeSession:
    def __init__(self, connection: Connection, timeout: float = 60.0, retry_budget: float = RETRY_BUDGET) -> None:
        self.connection = connection
        self.timeout = timeout
        self.retry_budget = retry_budget
        # Replaceable so tests run retries on a fake clock.
        self.clock: Callable[[], float] = time.monotonic
        self.sleep: Callable[[float], None] = time.sleep

    def _url(self, path: str, query: Mapping[str, str] | None) -> str:
        return self.connection.host + path + (f"?{urlencode(query)}" if query else "")

    def _headers(self, content_type: str) -> Any:
        """Every request's headers (watches too): a header dict that keeps a repeated name (Impersonate-Group)
        as separate header lines, as the API server reads them."""
        from urllib3._collections import HTTPHeaderDict

        headers = HTTPHeaderDict({"Accept": "application/json", "Content-Type": content_type})
        for name, value in self.connection.headers:
            headers.add(name, value)
        headers.update(self.connection.auth_headers())
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: Any = None,
        content_type: str = "application/json",
    ) -> Any:
        return self.send(method, path, query=query, body=body, content_type=content_type)[1]

    def send(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: Any = None,
        content_type: str = "application/json",
    ) -> tuple[int, Any]:
        """The HTTP status and decoded body of a successful request (201 tells a create from an update)."""
        import urllib3

        payload = None if body is None else json.dumps(body).encode()

        def attempt() -> tuple[int, Any] | _Failure:
            try:
                response = self.connection.pool.request(
                    method,
                    self._url(path, query),
                    body=payload,
                    headers=self._headers(content_type),
                    timeout=self.timeout,
                    retries=False,
                )
            except urllib3.exceptions.HTTPError as exc:
                return _connection_failure(exc)
            data = _decode(response.data)
            if response.status >= 400:
                return _answer_failure(response, data)
            return response.status, data

        return self._retrying(method, path, content_type, attempt)

    def stream(self, path: str, query: Mapping[str, str], timeout: float) -> Iterator[dict[str, Any]]:
        """Watch events (one JSON document per line) until the server ends the stream or ``timeout`` passes.

        Opening the watch is retried like any GET; a connection dropped mid-stream ends the stream, and the
        caller watches again from the last resourceVersion it saw (as it does when a watch window ends).
        """
        import urllib3

        def attempt() -> Any:
            try:
                response = self.connection.pool.request(
                    "GET",
                    self._url(path, query),
                    headers=self._headers("application/json"),
                    timeout=urllib3.Timeout(connect=self.timeout, read=timeout),
                    retries=False,
                    preload_content=False,
                )
            except urllib3.exceptions.HTTPError as exc:
                return _connection_failure(exc)
            if response.status < 400:
                return response
            try:
                return _answer_failure(response, _decode(response.read()))
            except urllib3.exceptions.HTTPError as exc:
                return _connection_failure(exc)
            finally:
                response.release_conn()

        response = self._retrying("GET", path, "application/json", attempt)
        try:
            buffered = b""
            for chunk in response.stream(4096):
                buffered += chunk
                *lines, buffered = buffered.split(b"\n")
                for line in lines:
                    if line.strip():
                        yield json.loads(line)
        except (
            urllib3.exceptions.ReadTimeoutError,
            urllib3.exceptions.ProtocolError,
            urllib3.exceptions.SSLError,  # a TLS connection cut without close_notify
        ):
            return  # the watch window ended or the connection dropped; the caller decides whether to watch again
        finally:
            response.release_conn()

    def _retrying(
        self,
        method: str,
        path: str,
        content_type: str,
        attempt: Callable[[], Result | _Failure],
    ) -> Result:
        """Run ``attempt`` until it succeeds, fails for good, or the retry budget is spent."""
        idempotent = method in ("GET", "HEAD", "DELETE") or (method == "PATCH" and content_type in IDEMPOTENT_PATCHES)
        started = self.clock()
        deadline = started + self.retry_budget
        attempts = 0
        lost_answer = False
        while True:
            attempts += 1
            outcome = attempt()
            if not isinstance(outcome, _Failure):
                return outcome
            failure = outcome
            remaining = deadline - self.clock()
            retry = failure.transient and (idempotent or not failure.reached_server)
            # Retry-After longer than what is left of the budget: the server will not take it in time.
            if not retry or remaining <= 0 or failure.retry_after > remaining:
                raise self._failed(method, path, failure, attempts, self.clock() - started, idempotent, lost_answer)
            lost_answer = lost_answer or failure.reached_server
            ceiling = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (attempts - 1))
            delay = max(failure.retry_after, ceiling / 2 + random.uniform(0, ceiling / 2))
            self.sleep(min(delay, remaining))

    def _failed(
        self,
        method: str,
        path: str,
        failure: _Failure,
        attempts: int,
        elapsed: float,
        idempotent: bool,
        lost_answer: bool,
    ) -> KubeError:
        """The error of a request that will not be tried again; transient causes get the whole story."""

        def error(message: str) -> KubeError:
            return KubeError(
                failure.status,
                message,
                failure.reason,
                method=method,
                path=path,
                attempts=attempts,
                elapsed=elapsed,
                transient=failure.transient or not failure.status,
                lost_answer=lost_answer,
            )

        if not failure.transient and failure.status:
            return error(failure.cause)  # the server's own answer, as it always was
        host = self.connection.host
        if attempts > 1:
            tried = f"tried {attempts} times over {elapsed:.1f} s (retry budget {self.retry_budget:g} s)"
        elif failure.transient and not idempotent and failure.reached_server:
            tried = f"not retried: the server may have acted on it, and a {method} is not safe to repeat"
        else:
            tried = "tried once"
        if failure.timed_out:
            # kube-apiserver holds a read for up to a minute while its etcd is down.
            cause = failure.cause
            check = f"The API server at {host} took the request but did not answer in time: is its etcd healthy?"
        elif failure.status == 0:
            cause = failure.cause
            check = f"Is the API server at {host} reachable?"
        else:
            cause = f"HTTP {failure.status}{' ' + failure.reason if failure.reason else ''}: {failure.cause}"
            check = (
                f"The API server at {host} is overloaded: try again later, or with fewer parallel writes."
                if failure.status == 429
                else f"Is the API server at {host} healthy? Is its etcd healthy?"
            )
        return error(f"{method} {path} failed, {tried}; last error: {cause}. {check}")

    # -- verbs -------------------------------------------------------------------------------

    def apply(self, obj: Mapping[str, Any], *, dry_run: bool = False, force: bool = True) -> dict[str, Any]:
        """Server-side apply; ``force`` takes over fields another manager set (tridentops owns its objects)."""
        return self.apply_created(obj, dry_run=dry_run, force=force)[1]

    def apply_created(
        self, obj: Mapping[str, Any], *, dry_run: bool = False, force: bool = True
    ) -> tuple[bool, dict[str, Any]]:
        """Server-side apply, and whether it created the object: the API server answers a create with 201
        Created and an apply to an object already there (changed or not) with 200."""
        kind = kind_of(obj)
        meta = obj["metadata"]
        query = {"fieldManager": FIELD_MANAGER, "force": "true" if force else "false"}
        if dry_run:
            query["dryRun"] = "All"
        path = kind.object_path(meta["name"], meta.get("namespace"))
        try:
            status, result = self.send(
                "PATCH", path, query=query, body=obj, content_type="application/apply-patch+yaml"
            )
        except KubeError as exc:
            if exc.status == 404 and kind.group and exc.reason == "NotFound" and "namespaces" not in str(exc):
                raise KubeError(
                    404,
                    f"{kind.kind} ({kind.api_version}) is not served by this cluster: its CRD is "
                    f"not registered (install Trident, or the CSI snapshot CRDs, first)",
                    "NotFound",
                ) from None
            raise
        return status == 201, result

    def get(self, kind: Kind, name: str, namespace: str | None = None) -> dict[str, Any] | None:
        try:
            found: dict[str, Any] = self.request("GET", kind.object_path(name, namespace))
        except KubeError as exc:
            if exc.status == 404:
                return None
            raise
        return found

    def list(
        self, kind: Kind, namespace: str | None = None, label_selector: str | None = None
    ) -> tuple[list[dict[str, Any]], str]:
        """All objects of a kind (in a namespace, or everywhere) and the list's resourceVersion.

        A kind whose CRD is not registered lists as empty: nothing of it exists yet.
        """
        query = {"labelSelector": label_selector} if label_selector else None
        try:
            result = self.request("GET", kind.collection_path(namespace), query=query)
        except KubeError as exc:
            if exc.status == 404 and kind.group:
                return [], ""
            raise
        items: list[dict[str, Any]] = result.get("items") or []
        for item in items:  # list items carry no apiVersion/kind of their own
            item.setdefault("apiVersion", kind.api_version)
            item.setdefault("kind", kind.kind)
        return items, str(result.get("metadata", {}).get("resourceVersion", ""))

    def delete(self, kind: Kind, name: str, namespace: str | None = None) -> bool:
        """Delete in the background (dependents by garbage collection); False when it was already gone.

        A retry that finds the object gone after an attempt whose answer was lost counts as deleted: that
        attempt reached the server, and most likely deleted it.
        """
        try:
            self.request("DELETE", kind.object_path(name, namespace), body={"propagationPolicy": "Background"})
        except KubeError as exc:
            if exc.status == 404:
                return exc.lost_answer
            raise
        return True

    def merge_patch(
        self, kind: Kind, name: str, patch: Mapping[str, Any], namespace: str | None = None, subresource: str = ""
    ) -> dict[str, Any]:
        path = kind.object_path(name, namespace) + (f"/{subresource}" if subresource else "")
        result: dict[str, Any] = self.request("PATCH", path, body=patch, content_type="application/merge-patch+json")
        return result

    def watch(
        self, kind: Kind, namespace: str | None, resource_version: str, timeout: float, field_selector: str = ""
    ) -> Iterator[dict[str, Any]]:
        query = {"watch": "1", "timeoutSeconds": str(max(1, int(timeout))), "allowWatchBookmarks": "false"}
        if resource_version:
            query["resourceVersion"] = resource_version
        if field_selector:
            query["fieldSelector"] = field_selector
        return self.stream(kind.collection_path(namespace), query, timeout + 5)
