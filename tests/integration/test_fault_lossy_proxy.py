"""Fault: a lossy network between tridentops and the API server.

A TCP proxy on loopback forwards bytes to the embedded control plane's API server (TLS passes through: the
server certificate names 127.0.0.1, so it validates through the proxy) and drops a seeded 5% of the
connections it accepts: half closed right after accept (the client's TLS handshake meets EOF), half reset
in the middle of a response (the request may have been acted on, its answer is lost). Twenty runs through real
ansible-playbook (stack applies that write, stack check runs and info, which only read) must all succeed,
the proxy must really have dropped connections, and the cluster must hold exactly the spec's objects.
"""

from __future__ import annotations

import contextlib
import json
import random
import select
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from helpers import GROUP, reset_trident
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from playbook import run_tasks

pytestmark = pytest.mark.cluster

DROP_RATE = 0.05
SEED = 10  # fixed: the same connections are dropped on every run of the test
RUNS = 20
BACKENDS = 8
CLASSES = 12
STACK = "lossy"
SELECTOR = f"app.kubernetes.io/managed-by=tridentops,tridentops.io/stack={STACK}"


class LossyProxy:
    """Loopback TCP proxy that drops a seeded fraction of connections; bounded in connections and lifetime."""

    def __init__(
        self,
        target: tuple[str, int],
        drop_rate: float,
        seed: int,
        max_connections: int = 2000,
        lifetime: float = 600.0,
    ) -> None:
        self.target = target
        self.drop_rate = drop_rate
        self.random = random.Random(seed)
        self.max_connections = max_connections
        self.deadline = time.monotonic() + lifetime
        self.listener = socket.create_server(("127.0.0.1", 0))  # loopback only
        self.listener.settimeout(0.2)
        self.port: int = self.listener.getsockname()[1]
        self.connections = 0
        self.drops: list[str] = []  # how each dropped connection ended
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def start(self) -> LossyProxy:
        self._spawn(self._accept)
        return self

    def stop(self) -> None:
        self._stopped.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self.listener.close()

    def _spawn(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._stopped.is_set() and time.monotonic() < self.deadline:
            try:
                downstream, _address = self.listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            if self.connections > self.max_connections:
                downstream.close()
                break
            # One decision per connection, in accept order: the same seed drops the same connections.
            drop = self.random.random() < self.drop_rate
            cut_after = self.random.choice((0, self.random.randint(2_000, 8_000))) if drop else None
            if cut_after == 0:
                self._drop(downstream, "closed at accept", reset=False)
                continue
            self._spawn(self._pipe, downstream, cut_after)

    def _drop(self, sock: socket.socket, how: str, reset: bool) -> None:
        if reset:  # RST rather than FIN: what a crashing peer or a middlebox timing out sends
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # on, 0 s
        sock.close()
        with self._lock:
            self.drops.append(how)

    def _pipe(self, downstream: socket.socket, cut_after: int | None) -> None:
        """Forward both ways; with ``cut_after``, cut the connection once that many bytes went to the client."""
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            downstream.close()
            return
        sent = 0
        try:
            while not self._stopped.is_set():
                readable, _writable, _failed = select.select([downstream, upstream], [], [], 0.5)
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    if source is downstream:
                        upstream.sendall(data)
                        continue
                    if cut_after is not None and sent + len(data) >= cut_after:
                        downstream.sendall(data[: cut_after - sent])  # part of a response, then nothing
                        self._drop(downstream, f"reset after {cut_after} bytes", reset=True)
                        return
                    downstream.sendall(data)
                    sent += len(data)
        except OSError:
            return
        finally:
            upstream.close()
            downstream.close()


@pytest.fixture
def lossy(control_plane: Any, tmp_path: Path) -> Iterator[tuple[LossyProxy, Path]]:
    server = urlsplit(control_plane.server)
    proxy = LossyProxy((str(server.hostname), int(server.port or 443)), DROP_RATE, SEED).start()
    config = json.loads(Path(control_plane.kubeconfigs["admin"]).read_text())
    config["clusters"][0]["cluster"]["server"] = proxy.url
    kubeconfig = tmp_path / "kubeconfig-lossy"
    kubeconfig.write_text(json.dumps(config))
    kubeconfig.chmod(0o600)
    yield proxy, kubeconfig
    proxy.stop()


def spec(round_number: int) -> dict[str, Any]:
    """A stack of 36 objects; each round changes every backend's spec (8 updates Trident reports on)."""
    return {
        "name": STACK,
        "trident": {"version": "26.06.0", "namespace": "trident"},
        "backends": [
            {
                "name": f"nas-{i}",
                "driver": "ontap-nas",
                "management_lif": "10.0.0.10",
                "data_lif": "10.0.0.11",
                "svm": "svm_nfs",
                "credentials": {"username": "vsadmin", "password": f"lossy-password-{i}"},
                "defaults": {"snapshotReserve": str(round_number)},
            }
            for i in range(BACKENDS)
        ],
        "storage_classes": [{"name": f"lossy-{i}", "attributes": {"backendType": "ontap-nas"}} for i in range(CLASSES)],
        "snapshot_classes": [{"name": "lossy-snapshots"}],
    }


def task(run: int) -> tuple[str, dict[str, Any]]:
    """Run 1 creates the stack; then, in turn: info, an apply of a new round without waiting for Trident, a
    check run, an apply that waits (watches through the proxy too)."""
    if run % 4 == 1:
        return "info", {"tridentops.storage.info": {}}
    stack = {"tridentops.storage.stack": {"spec": spec(run), "wait": run % 4 != 2, "wait_timeout": 60}}
    if run % 4 == 3:
        return "check", {**stack, "check_mode": True}
    return "apply", stack


@pytest.fixture
def clean_trident(standin: Any, kube_admin: client.ApiClient) -> Iterator[None]:
    reset_trident(kube_admin)
    yield
    reset_trident(kube_admin)
    storage = client.StorageV1Api(kube_admin)
    for name in [f"lossy-{i}" for i in range(CLASSES)]:
        with contextlib.suppress(ApiException):
            storage.delete_storage_class(name)
    # Later suites count the cluster's snapshot classes.
    with contextlib.suppress(ApiException):
        client.CustomObjectsApi(kube_admin).delete_cluster_custom_object(
            "snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", "lossy-snapshots"
        )


def test_twenty_runs_through_a_proxy_that_drops_connections_all_succeed(lossy, clean_trident, kube_admin):
    proxy, kubeconfig = lossy
    # An earlier suite may have left Trident's namespace: not ours then, used as it is and not counted.
    namespaces = {n.metadata.name for n in client.CoreV1Api(kube_admin).list_namespace().items}
    first_run = 36 - ("trident" in namespaces)
    started = time.monotonic()
    runs = [task(run) for run in range(RUNS)]
    # One playbook, one task per run: each task is a module process of its own, with its own connections.
    tasks = [{"name": f"run {n + 1}: {what}", "ignore_errors": True, **step} for n, (what, step) in enumerate(runs)]
    results = run_tasks(tasks, kubeconfig).results
    assert len(results) == RUNS, f"{len(results)} task results, want {RUNS}"
    failures: list[str] = []
    failed_runs = 0
    last_round = 0
    for run, ((what, _step), outcome) in enumerate(zip(runs, results, strict=True)):
        if outcome.get("failed"):
            failed_runs += 1
            failures.append(f"run {run + 1} ({what}): {outcome.get('msg')}")
        elif what == "apply":
            last_round = run
            # Exact even when an apply's answer was lost and the retry found its own earlier write.
            changed = len(outcome["objects"])
            want = first_run if run == 0 else BACKENDS
            if changed != want:
                failures.append(f"run {run + 1} (apply) reported {changed} changed objects, want {want}")
    summary = (
        f"{failed_runs} of {RUNS} runs failed; the proxy dropped {len(proxy.drops)} of {proxy.connections} "
        f"connections ({', '.join(proxy.drops)}) in {time.monotonic() - started:.0f} s"
    )
    print(summary)
    assert proxy.drops, summary
    assert not failures, summary + "\n" + "\n".join(failures)

    # Exactly the spec's objects, at the last applied round (read directly, not through the proxy).
    core, storage = client.CoreV1Api(kube_admin), client.StorageV1Api(kube_admin)
    objects = client.CustomObjectsApi(kube_admin)
    backends = objects.list_namespaced_custom_object(
        GROUP, "v1", "trident", "tridentbackendconfigs", label_selector=SELECTOR
    )["items"]
    assert sorted(b["metadata"]["name"] for b in backends) == sorted(f"nas-{i}" for i in range(BACKENDS))
    assert {b["spec"]["defaults"]["snapshotReserve"] for b in backends} == {str(last_round)}
    assert len(core.list_namespaced_secret("trident", label_selector=SELECTOR).items) == BACKENDS
    assert len(storage.list_storage_class(label_selector=SELECTOR).items) == CLASSES
    snapshot_classes = objects.list_cluster_custom_object(
        "snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", label_selector=SELECTOR
    )["items"]
    assert len(snapshot_classes) == 1
    orchestrators = objects.list_cluster_custom_object(GROUP, "v1", "tridentorchestrators")["items"]
    assert len(orchestrators) == 1


def test_a_server_that_never_answers_fails_with_the_request_the_attempts_and_what_to_check(control_plane, tmp_path):
    server = urlsplit(control_plane.server)
    proxy = LossyProxy((str(server.hostname), int(server.port or 443)), 1.0, SEED).start()  # drops everything
    try:
        config = json.loads(Path(control_plane.kubeconfigs["admin"]).read_text())
        config["clusters"][0]["cluster"]["server"] = proxy.url
        kubeconfig = tmp_path / "kubeconfig-dead"
        kubeconfig.write_text(json.dumps(config))
        kubeconfig.chmod(0o600)
        began = time.monotonic()
        stack = {"spec": spec(0), "wait_timeout": 4}
        result = run_tasks([{"tridentops.storage.stack": stack}], kubeconfig, check=True).last
        took = time.monotonic() - began
    finally:
        proxy.stop()
    assert result["failed"]
    message = result["msg"]
    assert "API error 0" not in message
    assert message.startswith(f"{result['request']} failed, tried {result['attempts']} times over ")
    assert result["request"].startswith("GET /") and "?" not in result["request"]
    assert "(retry budget 4 s); last error: " in message
    assert message.endswith(f"Is the API server at {proxy.url} reachable?")
    assert result["attempts"] == len(proxy.drops) > 2
    assert took < 30  # the task's wait_timeout bounds the retries
