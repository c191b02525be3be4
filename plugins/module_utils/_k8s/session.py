"""One Kubernetes session per module run: REST calls returning plain dicts.

Responses are decoded with ``json`` and kept as dicts: the kubernetes client's model
deserialisation costs more than the request itself for large lists.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from ..spec.kinds import Kind, kind_of
from .client import Connection

FIELD_MANAGER = "tridentops"


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

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: Any = None,
        content_type: str = "application/json",
    ) -> Any:
        import urllib3

        url = self.connection.host + path + (f"?{urlencode(query)}" if query else "")
        headers = {"Accept": "application/json", "Content-Type": content_type, **self.connection.auth_headers()}
        payload = None if body is None else json.dumps(body).encode()
        try:
            response = self.connection.pool.request(
                method, url, body=payload, headers=headers, timeout=self.timeout, retries=False
            )
        except urllib3.exceptions.HTTPError as exc:
            raise KubeError(0, f"cannot reach the Kubernetes API at {self.connection.host}: {exc}") from None
        data = json.loads(response.data) if response.data else None
        if response.status >= 400:
            status = data if isinstance(data, dict) else {}
            raise KubeError(
                response.status, status.get("message") or response.reason or "request failed", status.get("reason", "")
            )
        return data

    def apply(self, obj: Mapping[str, Any], *, dry_run: bool = False, force: bool = True) -> dict[str, Any]:
        """Server-side apply; ``force`` takes over fields another manager set (tridentops owns its objects)."""
        kind = kind_of(obj)
        meta = obj["metadata"]
        query = {"fieldManager": FIELD_MANAGER, "force": "true" if force else "false"}
        if dry_run:
            query["dryRun"] = "All"
        path = kind.object_path(meta["name"], meta.get("namespace"))
        result: dict[str, Any] = self.request(
            "PATCH", path, query=query, body=obj, content_type="application/apply-patch+yaml"
        )
        return result

    def get(self, kind: Kind, name: str, namespace: str | None = None) -> dict[str, Any] | None:
        try:
            found: dict[str, Any] = self.request("GET", kind.object_path(name, namespace))
        except KubeError as exc:
            if exc.status == 404:
                return None
            raise
        return found
