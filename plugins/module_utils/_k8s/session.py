"""One Kubernetes session per module run: REST calls returning plain dicts.

Responses are decoded with ``json`` and kept as dicts: the kubernetes client's model
deserialisation costs more than the request itself for large lists. Every request goes
through ``request`` (or ``stream`` for watches), which unit tests replace to assert the exact
sequence of calls.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

from ..spec.kinds import Kind, kind_of
from .client import Connection

FIELD_MANAGER = "tridentops"
Key = tuple[str, str, str, str]  # (apiVersion, kind, namespace or "", name)


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
    """An API request failed; ``status`` is the HTTP code (0: no answer), the message is the server's own."""

    def __init__(self, status: int, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason


class KubeSession:
    def __init__(self, connection: Connection, timeout: float = 60.0) -> None:
        self.connection = connection
        self.timeout = timeout

    def _url(self, path: str, query: Mapping[str, str] | None) -> str:
        return self.connection.host + path + (f"?{urlencode(query)}" if query else "")

    def _headers(self, content_type: str) -> dict[str, str]:
        return {"Accept": "application/json", "Content-Type": content_type, **self.connection.auth_headers()}

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
            raise KubeError(0, f"cannot reach the Kubernetes API at {self.connection.host}: {exc}") from None
        data = _decode(response.data)
        if response.status >= 400:
            status = data if isinstance(data, dict) else {}
            message = status.get("message") or (data if isinstance(data, str) else "") or response.reason
            reason = status.get("reason") or ("NotFound" if response.status == 404 else "")
            raise KubeError(response.status, message or "request failed", reason)
        return response.status, data

    def stream(self, path: str, query: Mapping[str, str], timeout: float) -> Iterator[dict[str, Any]]:
        """Watch events (one JSON document per line) until the server ends the stream or ``timeout`` passes."""
        import urllib3

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
            raise KubeError(0, f"cannot reach the Kubernetes API at {self.connection.host}: {exc}") from None
        try:
            if response.status >= 400:
                data = _decode(response.read())
                status = data if isinstance(data, dict) else {}
                raise KubeError(
                    response.status, status.get("message") or str(data or response.reason), status.get("reason", "")
                )
            buffered = b""
            for chunk in response.stream(4096):
                buffered += chunk
                *lines, buffered = buffered.split(b"\n")
                for line in lines:
                    if line.strip():
                        yield json.loads(line)
        except (urllib3.exceptions.ReadTimeoutError, urllib3.exceptions.ProtocolError):
            return  # the watch window ended; the caller decides whether to watch again
        finally:
            response.release_conn()

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
        """Delete in the background (dependents by garbage collection); False when it was already gone."""
        try:
            self.request("DELETE", kind.object_path(name, namespace), body={"propagationPolicy": "Background"})
        except KubeError as exc:
            if exc.status == 404:
                return False
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
