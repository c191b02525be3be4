"""KubeSession's retries: which failures are retried, for which requests, within which budget, and what the
final error says. A fake pool plays each attempt's outcome; a fake clock makes backoff instant."""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from http.client import RemoteDisconnected
from typing import Any
from urllib.parse import urlsplit

import pytest
import urllib3
from api_double import HOST, FakeConfiguration, Response, failure_of

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import Connection
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import (
    BACKOFF_FIRST,
    BACKOFF_MAX,
    KubeError,
    KubeSession,
)
from ansible_collections.tridentops.storage.plugins.module_utils.spec.kinds import KINDS

CM = KINDS[("v1", "ConfigMap")]
PATH = "/api/v1/namespaces/team/configmaps/settings"
APPLY = "application/apply-patch+yaml"
MERGE = "application/merge-patch+json"


def status(code: int, message: str = "", reason: str = "", **headers: str) -> Response:
    body = {"kind": "Status", "code": code, "message": message, "reason": reason}
    return Response(code, body, reason="", headers={k.replace("_", "-"): v for k, v in headers.items()})


OK = Response(200, {"kind": "ConfigMap", "metadata": {"name": "settings", "resourceVersion": "7"}}, reason="")


class Clock:
    """Monotonic time that moves only when the session sleeps or a request takes time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class FlakyPool:
    """Plays one outcome per request (an exception to raise or an answer); the last one repeats."""

    outcomes: list[Exception | Response]
    clock: Clock
    cost: float = 0.0  # seconds each request takes
    seen: list[tuple[str, str, str]] = field(default_factory=list)

    def request(self, method: str, url: str, **options: Any) -> Response:
        parts = urlsplit(url)
        self.seen.append((method, parts.path, parts.query))
        self.clock.now += self.cost
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def session(*outcomes: Exception | Response, budget: float = 60.0, cost: float = 0.0) -> tuple[KubeSession, FlakyPool]:
    clock = Clock()
    pool = FlakyPool(list(outcomes), clock, cost)
    kube = KubeSession(Connection(HOST, pool, FakeConfiguration()), retry_budget=budget)
    kube.clock = clock
    kube.sleep = clock.sleep
    return kube, pool


def refused() -> Exception:
    return urllib3.exceptions.NewConnectionError(
        None, "Failed to establish a new connection: [Errno 111] Connection refused"
    )  # type: ignore[arg-type]


def disconnected() -> Exception:
    return urllib3.exceptions.ProtocolError(
        "Connection aborted.", RemoteDisconnected("Remote end closed connection without response")
    )


def reset() -> Exception:
    return urllib3.exceptions.ProtocolError(
        "Connection aborted.", ConnectionResetError(104, "Connection reset by peer")
    )


def tls_eof() -> Exception:
    return urllib3.exceptions.SSLError(
        ssl.SSLEOFError(8, "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)")
    )


def read_timeout() -> Exception:
    return urllib3.exceptions.ReadTimeoutError(None, HOST, "Read timed out. (read timeout=60)")  # type: ignore[arg-type]


TRANSIENT: dict[str, Any] = {
    "connection refused": refused,
    "remote disconnected": disconnected,
    "connection reset": reset,
    "TLS EOF": tls_eof,
    "read timeout": read_timeout,
    "429": lambda: status(429, "Too many requests, please try again later.", "TooManyRequests"),
    "500 etcd closing": lambda: status(500, "rpc error: code = Unavailable desc = transport is closing"),
    "500 etcd deadline": lambda: status(500, "context deadline exceeded"),
    "500 etcd timed out": lambda: status(500, "etcdserver: request timed out"),
    "502": lambda: status(502, "Bad Gateway"),
    "503": lambda: status(503, "service unavailable", "ServiceUnavailable"),
    "504": lambda: status(504, "Timeout: request did not complete within requested timeout 34s", "Timeout"),
}


@pytest.mark.parametrize("cause", TRANSIENT)
def test_a_get_is_retried_after_each_transient_failure_then_succeeds(cause):
    kube, pool = session(TRANSIENT[cause](), TRANSIENT[cause](), OK)
    assert kube.send("GET", PATH) == (200, OK.payload)
    assert [s[:2] for s in pool.seen] == [("GET", PATH)] * 3
    assert len(pool.clock.sleeps) == 2


@pytest.mark.parametrize("cause", ["remote disconnected", "TLS EOF", "read timeout", "500 etcd closing", "504"])
@pytest.mark.parametrize(
    ("method", "content_type"), [("PATCH", APPLY), ("PATCH", MERGE), ("DELETE", "application/json")]
)
def test_idempotent_writes_are_retried_even_when_the_server_may_have_acted(cause, method, content_type):
    kube, pool = session(TRANSIENT[cause](), OK)
    assert kube.send(method, PATH, body={"a": 1}, content_type=content_type)[0] == 200
    assert len(pool.seen) == 2


@pytest.mark.parametrize(
    "cause", ["remote disconnected", "connection reset", "TLS EOF", "read timeout", "500 etcd closing", "503", "504"]
)
def test_a_create_is_not_repeated_when_the_server_may_have_acted_on_it(cause):
    kube, pool = session(TRANSIENT[cause](), OK)
    with pytest.raises(KubeError) as raised:
        kube.send("POST", "/api/v1/namespaces/team/configmaps", body={"a": 1})
    assert len(pool.seen) == 1
    assert raised.value.attempts == 1
    assert "POST /api/v1/namespaces/team/configmaps failed, not retried" in str(raised.value)


@pytest.mark.parametrize("cause", ["connection refused", "429"])
def test_a_create_is_retried_when_it_never_reached_the_server(cause):
    kube, pool = session(TRANSIENT[cause](), OK)
    assert kube.send("POST", "/api/v1/namespaces/team/configmaps", body={"a": 1})[0] == 200
    assert len(pool.seen) == 2


def test_a_json_patch_is_not_repeated():
    kube, pool = session(disconnected(), OK)
    with pytest.raises(KubeError):
        kube.send(
            "PATCH",
            PATH,
            body=[{"op": "add", "path": "/data/x", "value": "1"}],
            content_type="application/json-patch+json",
        )
    assert len(pool.seen) == 1


@pytest.mark.parametrize("code", [400, 401, 403, 404, 409, 410, 422])
def test_client_errors_are_never_retried_and_keep_the_servers_message(code):
    kube, pool = session(status(code, f"the server says {code}", "Because"), OK)
    with pytest.raises(KubeError) as raised:
        kube.send("GET", PATH)
    assert len(pool.seen) == 1
    assert (raised.value.status, raised.value.reason, str(raised.value)) == (code, "Because", f"the server says {code}")
    assert not raised.value.transient


def test_a_500_that_is_not_about_storage_is_not_retried():
    kube, pool = session(status(500, 'Internal error occurred: failed calling webhook "x": no endpoints'), OK)
    with pytest.raises(KubeError) as raised:
        kube.send("PATCH", PATH, body={}, content_type=APPLY)
    assert len(pool.seen) == 1
    assert raised.value.status == 500


@pytest.mark.parametrize(
    "error",
    [
        urllib3.exceptions.NameResolutionError("api.test", None, OSError("Name or service not known")),  # type: ignore[arg-type]
        urllib3.exceptions.SSLError(ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] self-signed")),
    ],
    ids=["unknown host", "certificate"],
)
def test_failures_that_retrying_cannot_cure_are_not_retried(error):
    kube, pool = session(error, OK)
    with pytest.raises(KubeError) as raised:
        kube.send("GET", PATH)
    assert len(pool.seen) == 1
    assert raised.value.status == 0
    assert f"Is the API server at {HOST} reachable?" in str(raised.value)


def test_retries_stop_at_the_budget_and_never_sleep_past_it():
    kube, pool = session(disconnected(), budget=20.0, cost=0.25)
    clock = pool.clock
    started = clock.now
    with pytest.raises(KubeError) as raised:
        kube.send("GET", PATH)
    # Every sleep ends by the deadline; the last attempt starts at it at the latest.
    assert sum(clock.sleeps) + 0.25 * (len(pool.seen) - 1) <= 20.0 + 1e-9  # float sums of the fake clock
    assert clock.now - started <= 20.0 + 0.25
    assert raised.value.attempts == len(pool.seen) > 3
    assert raised.value.elapsed == pytest.approx(clock.now - started)


def test_backoff_doubles_with_jitter_up_to_its_ceiling():
    kube, pool = session(reset(), budget=1000.0)
    clock = pool.clock
    with pytest.raises(KubeError):
        kube.send("GET", PATH)
    for attempt, slept in enumerate(clock.sleeps[:-1], start=1):
        ceiling = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (attempt - 1))
        assert ceiling / 2 <= slept <= ceiling
    assert len(set(clock.sleeps[5:-1])) > 1  # jittered, not in lockstep with other clients


def test_retry_after_is_honoured():
    kube, pool = session(status(429, "slow down", "TooManyRequests", Retry_After="7"), OK)
    kube.send("GET", PATH)
    assert pool.clock.sleeps == [7.0]


def test_a_retry_after_beyond_the_budget_ends_the_retries_at_once():
    kube, pool = session(status(429, "slow down", "TooManyRequests", Retry_After="90"), OK, budget=30.0)
    with pytest.raises(KubeError) as raised:
        kube.send("GET", PATH)
    assert pool.clock.sleeps == []
    assert len(pool.seen) == 1
    assert "overloaded" in str(raised.value)


def test_the_final_message_names_the_request_the_attempts_the_cause_and_what_to_check():
    kube, pool = session(tls_eof(), budget=10.0, cost=1.0)
    with pytest.raises(KubeError) as raised:
        kube.send("GET", "/api/v1/namespaces/team/secrets", query={"labelSelector": "app=x", "token": "s3cret"})
    error = raised.value
    message = str(error)
    assert message.startswith("GET /api/v1/namespaces/team/secrets failed, tried ")
    assert f"tried {len(pool.seen)} times over {error.elapsed:.1f} s (retry budget 10 s)" in message
    assert "last error: " in message and "UNEXPECTED_EOF_WHILE_READING" in message
    assert f"Is the API server at {HOST} reachable?" in message
    assert "s3cret" not in message and "labelSelector" not in message and "test-token" not in message
    assert (error.status, error.method, error.path, error.transient) == (
        0,
        "GET",
        "/api/v1/namespaces/team/secrets",
        True,
    )


def test_a_storage_outage_points_at_etcd():
    kube, pool = session(status(500, "rpc error: code = Unavailable desc = transport is closing"), budget=5.0, cost=1.0)
    with pytest.raises(KubeError) as raised:
        kube.send("PATCH", PATH, body={}, content_type=APPLY)
    message = str(raised.value)
    assert "last error: HTTP 500: rpc error: code = Unavailable desc = transport is closing." in message
    assert f"Is the API server at {HOST} healthy? Is its etcd healthy?" in message
    assert raised.value.status == 500
    assert f"tried {len(pool.seen)} times" in message


def test_a_read_that_times_out_points_at_etcd():
    kube, pool = session(read_timeout(), budget=60.0, cost=60.0)
    with pytest.raises(KubeError) as raised:
        kube.send("GET", PATH)
    assert len(pool.seen) == 1  # the one attempt used the whole budget
    assert f"The API server at {HOST} took the request but did not answer in time: is its etcd healthy?" in str(
        raised.value
    )


def test_the_module_shows_the_whole_story_never_api_error_0():
    kube, pool = session(refused(), budget=3.0, cost=0.5)
    with pytest.raises(KubeError) as raised:
        kube.send("GET", PATH)
    failed = failure_of(raised.value)
    assert "API error 0" not in failed["msg"]
    assert failed["msg"].startswith(f"GET {PATH} failed, tried ")
    assert (failed["request"], failed["attempts"], failed["status"]) == (f"GET {PATH}", len(pool.seen), 0)


def test_the_module_keeps_the_servers_answer_for_a_plain_refusal():
    kube, pool = session(status(403, 'configmaps "settings" is forbidden', "Forbidden"))
    with pytest.raises(KubeError) as raised:
        kube.send("GET", PATH)
    failed = failure_of(raised.value)
    assert failed["msg"].startswith('Kubernetes API error 403: configmaps "settings" is forbidden (')
    assert (failed["request"], failed["attempts"], len(pool.seen)) == (f"GET {PATH}", 1, 1)


def test_a_delete_whose_answer_was_lost_counts_as_done_when_the_retry_finds_the_object_gone():
    kube, pool = session(disconnected(), status(404, "not found", "NotFound"))
    assert kube.delete(CM, "settings", "team") is True
    assert len(pool.seen) == 2


def test_a_delete_that_never_reached_the_server_does_not_claim_the_object_it_then_finds_gone():
    kube, pool = session(refused(), status(404, "not found", "NotFound"))
    assert kube.delete(CM, "settings", "team") is False
    assert len(pool.seen) == 2


def test_a_watch_is_reopened_after_a_failed_connect_and_a_cut_stream_just_ends():
    event = {"type": "MODIFIED", "object": {"metadata": {"name": "settings", "resourceVersion": "8"}}}
    kube, pool = session(reset(), status(503, "unavailable"), Response(200, events=[event], reason="", cut=tls_eof()))
    assert list(kube.watch(CM, "team", "7", 30.0)) == [event]
    assert [s[0] for s in pool.seen] == ["GET"] * 3
    assert all("resourceVersion=7" in s[2] for s in pool.seen)
