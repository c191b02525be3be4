"""Test double for the Kubernetes API: a scripted connection pool that expects an exact sequence of requests.

Each expected call is (method, path, response): the path may carry a query string whose parameters must all
be present in the request (others are allowed). A request that is not next in the script, or a script not
consumed by the end of the test, fails the test: an extra or missing API call is a behaviour change.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from ansible_collections.tridentops.storage.plugins.module_utils import _module

HOST = "https://api.test:6443"


@dataclass
class Response:
    status: int
    payload: Any = None
    events: list[dict[str, Any]] | None = None  # for watches: one JSON line each
    reason: str = "OK"
    error: Exception | None = None  # raised instead of answering (a dropped connection)
    headers: dict[str, str] = field(default_factory=dict)
    cut: Exception | None = None  # raised while streaming, after the events (a watch cut short)

    @property
    def data(self) -> bytes:
        return json.dumps(self.payload).encode() if self.payload is not None else b""

    def read(self) -> bytes:
        return self.data

    def stream(self, _amount: int) -> Iterator[bytes]:
        for event in self.events or []:
            yield json.dumps(event).encode() + b"\n"
        if self.cut is not None:
            raise self.cut

    def release_conn(self) -> None:
        pass


def ok(payload: Any) -> Response:
    return Response(200, payload)


def created(payload: Any) -> Response:
    """A write that created the object: the API server answers a server-side apply that creates with 201."""
    return Response(201, payload, reason="Created")


def failure(status: int, message: str, reason: str = "") -> Response:
    return Response(status, {"kind": "Status", "reason": reason, "message": message}, reason=reason)


def dropped() -> Response:
    """No answer: the connection dropped after the request was sent."""
    import urllib3

    return Response(
        0, error=urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError(104, "reset"))
    )


def listing(kind: str, items: list[dict[str, Any]], version: str = "100") -> Response:
    return Response(200, {"kind": f"{kind}List", "metadata": {"resourceVersion": version}, "items": items})


def not_found(message: str = "not found") -> Response:
    return Response(404, {"kind": "Status", "reason": "NotFound", "message": message}, reason="Not Found")


def watch(*events: tuple[str, dict[str, Any]]) -> Response:
    return Response(200, events=[{"type": t, "object": o} for t, o in events])


@dataclass
class ScriptedPool:
    script: list[tuple[str, str, Response]]
    seen: list[tuple[str, str, Any]] = field(default_factory=list)

    def request(self, method: str, url: str, body: bytes | None = None, **options: Any) -> Response:
        parts = urlsplit(url)
        got_query = dict(parse_qsl(parts.query))
        decoded = json.loads(body) if body else None
        self.seen.append((method, parts.path, decoded))
        assert self.script, f"unexpected request {method} {parts.path}?{parts.query}: the script is finished"
        want_method, want_url, response = self.script.pop(0)
        want = urlsplit(want_url)
        assert (method, parts.path) == (want_method, want.path), (
            f"expected {want_method} {want.path}, got {method} {parts.path}"
        )
        for key, value in parse_qsl(want.query):
            assert got_query.get(key) == value, (
                f"{method} {parts.path}: query {key}={got_query.get(key)!r}, want {value!r}"
            )
        if response.error is not None:
            raise response.error
        return response

    def assert_done(self) -> None:
        assert not self.script, f"{len(self.script)} expected request(s) never made, next: {self.script[0][:2]}"

    def bodies(self, method: str) -> list[Any]:
        return [seen[2] for seen in self.seen if seen[0] == method]


class FakeConfiguration:
    """Stands in for kubernetes.client.Configuration's token handling."""

    def auth_settings(self) -> dict[str, Any]:
        return {"BearerToken": {"value": "Bearer test-token"}}


class ModuleFailed(Exception):
    """The stand-in module's fail_json: the run ended in failure."""


class FakeModule:
    """The AnsibleModule side of the module frame: records the failure result; success fails the test."""

    def __init__(self) -> None:
        self.failed: dict[str, Any] = {}

    def fail_json(self, **result: Any) -> None:
        self.failed = result
        raise ModuleFailed

    def exit_json(self, **result: Any) -> None:
        raise AssertionError(f"the module succeeded: {result}")


def failure_of(error: Exception) -> dict[str, Any]:
    """The failure result the module frame (_module.run) reports when the module's work raises ``error``."""
    module = FakeModule()

    def body() -> dict[str, Any]:
        raise error

    with pytest.raises(ModuleFailed):
        _module.run(module, body)
    return module.failed
