"""Faults mid-run: the API server or etcd killed while a stack is applied, and two runs of one spec at once.

Each killed run must fail with ``changed: true`` and list exactly what it wrote: every object it reports is in the
cluster afterwards, and every object in the cluster it does not report is one it named as ``uncertain`` (a write
sent whose answer never came: the server may have committed it). After a restart, a rerun creates exactly the
rest and the next run changes nothing.

The control plane is this file's own (its components are killed), the runs go through ansible-playbook as the
``automation`` user, so the audit log tells their writes from the test's. The component stays dead until the
run has ended: the run fails on its own (within ``wait_timeout``, should requests be retried), then it is
restarted with the same arguments, ports and data.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from controlplane import AuditEvent, ControlPlane
from kubernetes import client, config
from playbook import Run, run_tasks
from standin.crds import TRIDENT_CRDS, apply_crds

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from specgen import make_spec

pytestmark = pytest.mark.cluster

OBJECTS = 300  # 60 Secrets, 60 TridentBackendConfigs, 180 StorageClasses
USER = "automation"
WORKERS = 8  # the modules' default: at most this many writes are under way when a fault hits
# Bounds the run once a component is dead, should the client retry transient errors.
WAIT_TIMEOUT = 10

Key = tuple[str, str, str]  # kind, namespace, name
KIND_OF = {
    "secrets": "Secret",
    "tridentbackendconfigs.trident.netapp.io": "TridentBackendConfig",
    "storageclasses.storage.k8s.io": "StorageClass",
}


@pytest.fixture(scope="module")
def plane(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ControlPlane]:
    """A control plane of this file's own, with Trident's CRDs and the automation user bound to cluster-admin."""
    plane = ControlPlane(tmp_path_factory.mktemp("faults"))
    plane.start()
    try:
        with admin(plane) as api:
            apply_crds(api, TRIDENT_CRDS)
            client.RbacAuthorizationV1Api(api).create_cluster_role_binding(
                {
                    "metadata": {"name": "fault-tests-automation"},
                    "roleRef": {
                        "apiGroup": "rbac.authorization.k8s.io",
                        "kind": "ClusterRole",
                        "name": "cluster-admin",
                    },
                    "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": USER}],
                }
            )
        yield plane
    finally:
        plane.stop()


@pytest.fixture
def stack(plane: ControlPlane) -> dict[str, Any]:
    """A spec of OBJECTS objects in a namespace of its own (created here: Trident is installed externally)."""
    name = f"fault-{uuid.uuid4().hex[:6]}"
    spec = make_spec(OBJECTS, name=name)
    spec["trident"]["namespace"] = name
    # Class names are cluster-wide: each test's are its own.
    for sc in spec["storage_classes"]:
        sc["name"] = f"{name}-{sc['name']}"
    with admin(plane) as api:
        client.CoreV1Api(api).create_namespace({"metadata": {"name": name}})
    return spec


@contextlib.contextmanager
def admin(plane: ControlPlane) -> Iterator[client.ApiClient]:
    api = config.new_client_from_config(config_file=str(plane.kubeconfigs["admin"]))
    try:
        yield api
    finally:
        api.close()


def apply_task(spec: dict[str, Any]) -> dict[str, Any]:
    return {"tridentops.storage.stack": {"spec": spec, "wait": False, "wait_timeout": WAIT_TIMEOUT}}


def converge(plane: ControlPlane, spec: dict[str, Any]) -> Run:
    return run_tasks([apply_task(spec)], plane.kubeconfigs[USER])


def in_cluster(plane: ControlPlane, spec: dict[str, Any]) -> set[Key]:
    """The stack's objects the cluster holds (listed by the stack's label)."""
    selector = f"tridentops.io/stack={spec['name']}"
    namespace = spec["trident"]["namespace"]
    with admin(plane) as api:
        core, storage, objects = client.CoreV1Api(api), client.StorageV1Api(api), client.CustomObjectsApi(api)
        secrets = core.list_namespaced_secret(namespace, label_selector=selector).items
        backends = objects.list_namespaced_custom_object(
            "trident.netapp.io", "v1", namespace, "tridentbackendconfigs", label_selector=selector
        )["items"]
        classes = storage.list_storage_class(label_selector=selector).items
    return (
        {("Secret", namespace, s.metadata.name) for s in secrets}
        | {("TridentBackendConfig", namespace, b["metadata"]["name"]) for b in backends}
        | {("StorageClass", "", c.metadata.name) for c in classes}
    )


def keys(objects: list[dict[str, Any]]) -> set[Key]:
    return {(o["kind"], o.get("namespace", ""), o["name"]) for o in objects}


def automation_writes(plane: ControlPlane, start: int) -> list[AuditEvent]:
    """The automation user's completed writes since ``start``, read from the audit log without a request (the
    API server may be dead)."""
    with plane.audit_log_path.open("rb") as log:
        log.seek(start)
        data = log.read()
    events = (json.loads(line) for line in data[: data.rfind(b"\n") + 1].splitlines() if line)
    return [
        AuditEvent.from_json(e)
        for e in events
        if e.get("stage") == "ResponseComplete"
        and (e.get("user") or {}).get("username") == USER
        and e.get("verb") in ("patch", "create", "update", "delete")
        # The stack's claim (its Lease) is the run's bookkeeping, not an object of the stack.
        and (e.get("objectRef") or {}).get("resource") != "leases"
    ]


def created_in_log(events: list[AuditEvent]) -> set[Key]:
    return {(KIND_OF[e.resource], e.namespace, e.name) for e in events if e.code == 201}


def run_and_kill(plane: ControlPlane, spec: dict[str, Any], component: str, after: int, start: int) -> Run:
    """Apply ``spec``; once the audit log shows ``after`` writes of the run, SIGKILL ``component``. The component
    stays dead until the run has ended; then it is restarted as it was."""
    done: list[Run] = []
    runner = threading.Thread(target=lambda: done.append(converge(plane, spec)))
    runner.start()
    deadline = time.monotonic() + 120
    while len(automation_writes(plane, start)) < after:
        assert runner.is_alive(), f"the run ended before {after} writes: {done[0].last if done else None}"
        assert time.monotonic() < deadline, "the run never reached its writes"
        time.sleep(0.02)
    plane.kill(component)
    runner.join(timeout=180)
    assert not runner.is_alive(), "the run did not end with the component dead"
    plane.restart(component)
    return done[0]


@pytest.mark.parametrize(
    ("component", "after"),
    [
        ("kube-apiserver", 20),  # among the Secrets
        ("kube-apiserver", 100),  # among the backend configs
        ("kube-apiserver", 200),  # among the classes
        ("etcd", 30),
        ("etcd", 110),
        ("etcd", 220),
    ],
)
def test_a_run_killed_mid_apply_reports_what_it_wrote_and_a_rerun_converges(
    plane: ControlPlane, stack: dict[str, Any], component: str, after: int
) -> None:
    start = plane.audit.mark()
    run = run_and_kill(plane, stack, component, after, start)
    result = run.last
    assert run.failed and result.get("failed"), result
    assert result["changed"] is True, result["msg"]
    written, uncertain = keys(result.get("objects", [])), keys(result.get("uncertain", []))
    assert {o["action"] for o in result["objects"]} == {"create"}, result["objects"]
    assert len(written) >= after - WORKERS, f"{len(written)} reported, {after} writes seen: {result['msg']}"
    # Exactly what the cluster holds: all reported writes, and no other object than those named uncertain.
    found = in_cluster(plane, stack)
    assert written <= found, sorted(written - found)
    assert found - written <= uncertain, sorted(found - written - uncertain)
    assert len(uncertain) <= WORKERS, result["uncertain"]
    assert not written & uncertain
    # The audit log agrees: what it logged as created is there. With etcd killed the API server lived on and
    # logged every answered write; a killed API server may have answered a write it had no time to log.
    logged = created_in_log(automation_writes(plane, start))
    assert logged <= found, sorted(logged - found)
    if component == "etcd":
        assert written <= logged, sorted(written - logged)

    rerun = converge(plane, stack).last
    assert not rerun.get("failed"), rerun.get("msg")
    assert [o["action"] for o in rerun["objects"]] == ["create"] * (OBJECTS - len(found)), rerun["objects"]
    assert rerun["unchanged"] == len(found)
    assert len(in_cluster(plane, stack)) == OBJECTS
    again = converge(plane, stack).last
    assert again["changed"] is False and again["objects"] == [], again


def test_two_runs_of_one_spec_at_once_create_each_object_once(plane: ControlPlane, stack: dict[str, Any]) -> None:
    start = plane.audit.mark()
    runs: list[Run] = []
    threads = [
        threading.Thread(name=name, target=lambda: runs.append(converge(plane, stack))) for name in ("one", "two")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    results = [r.last for r in runs]
    created = [keys([o for o in r.get("objects", []) if o["action"] == "create"]) for r in results]
    # A run that found the stack taken by the other may refuse before writing; one that ran reports its creates.
    for result in results:
        assert not result.get("failed") or not result.get("changed"), result
    assert len(in_cluster(plane, stack)) == OBJECTS
    assert not created[0] & created[1], sorted(created[0] & created[1])[:5]
    assert len(created[0]) + len(created[1]) == OBJECTS, [len(c) for c in created]
    # The audit log agrees: one 201 Created per object.
    assert created_in_log(automation_writes(plane, start)) == created[0] | created[1]
