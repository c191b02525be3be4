"""The truth about a run: a failure after the first write reports every object written before it, and a create
that finds the object already there is not a create.

Requests are scripted (api_double) and so sent one at a time (workers=1), except for the batch test, whose
session double answers writes concurrently to show what happens to the writes under way when one fails.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

import pytest
from api_double import HOST, FakeConfiguration, ScriptedPool, created, dropped, failure, failure_of, listing, ok
from test_stack_requests import APPLY, BOUND, SCS, SPEC, TBCS, backend_fails_after_apply, live, nothing_listed, rendered

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import Connection
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.converge import (
    FOUND_EXISTING,
    Change,
    LiveIndex,
    PartialRun,
    execute,
)
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeError, KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils._ops.protect import actions
from ansible_collections.tridentops.storage.plugins.module_utils._ops.protect.waits import BACKUP
from ansible_collections.tridentops.storage.plugins.module_utils._ops.remove import remove
from ansible_collections.tridentops.storage.plugins.module_utils._ops.stack import TBC, Options, StackRunner
from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, render

VSCS = "/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses"
TAPS = "/apis/trident.netapp.io/v1/tridentautogrowpolicies"


def runner(script: list[Any], spec: dict[str, Any] | None = None, **options: Any) -> tuple[StackRunner, ScriptedPool]:
    pool = ScriptedPool(script)
    # No retry budget: each scripted failure is the request's last answer (retries are test_session_retry's).
    session = KubeSession(Connection(HOST, pool, FakeConfiguration()), retry_budget=0)
    loaded = load(spec or SPEC)
    return StackRunner(session, loaded, render(loaded), Options(**{"workers": 1, "wait": False, **options})), pool


def renamed(obj: dict[str, Any], name: str) -> dict[str, Any]:
    """A copy named ``name``; not a default class (the spec's own class is)."""
    out = copy.deepcopy(obj)
    out["metadata"]["name"] = name
    out["metadata"].pop("annotations", None)
    return out


# -- an API error mid-run ------------------------------------------------------------------------


def test_an_api_error_after_a_write_reports_the_written_object_and_the_one_that_may_have_been():
    objects = rendered()
    run, pool = runner(
        [
            *nothing_listed(),
            ("PATCH", f"{TBCS}/nas{APPLY}", created(live(objects["TridentBackendConfig"], "11"))),
            ("PATCH", f"{SCS}/gold{APPLY}", failure(500, "etcdserver: request timed out", "InternalError")),
        ]
    )
    with pytest.raises(PartialRun, match="request timed out") as raised:
        run.run()
    pool.assert_done()
    assert raised.value.result() == {
        "changed": True,
        "objects": [{"kind": "TridentBackendConfig", "namespace": "trident", "name": "nas", "action": "create"}],
        # A 500 is no proof the write did not happen (etcd may have committed it): said so, not counted.
        "uncertain": [{"kind": "StorageClass", "name": "gold", "action": "create"}],
    }


def test_a_refused_write_after_a_write_is_not_reported_as_written():
    objects = rendered()
    run, pool = runner(
        [
            *nothing_listed(),
            ("PATCH", f"{TBCS}/nas{APPLY}", created(live(objects["TridentBackendConfig"], "11"))),
            ("PATCH", f"{SCS}/gold{APPLY}", failure(403, "storageclasses is forbidden", "Forbidden")),
        ]
    )
    with pytest.raises(PartialRun) as raised:
        run.run()
    pool.assert_done()
    assert raised.value.result()["objects"] == [
        {"kind": "TridentBackendConfig", "namespace": "trident", "name": "nas", "action": "create"}
    ]
    assert raised.value.result()["uncertain"] == []


def test_a_failure_before_any_write_is_raised_as_it_is():
    run, pool = runner(
        [
            *nothing_listed(),
            ("PATCH", f"{TBCS}/nas{APPLY}", failure(403, "forbidden", "Forbidden")),
        ]
    )
    with pytest.raises(KubeError, match="forbidden"):
        run.run()
    pool.assert_done()


class ConcurrentSession:
    """Answers applies from several threads: ``fail`` fails at once; the writes already under way then
    complete; the rest must never be sent."""

    def __init__(self, fail: str, in_flight: set[str]) -> None:
        self.fail = fail
        self.in_flight = in_flight
        self.failed = threading.Event()
        self.sent: list[str] = []
        self.lock = threading.Lock()

    def apply_created(self, obj: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
        name = obj["metadata"]["name"]
        with self.lock:
            self.sent.append(name)
        if name == self.fail:
            assert all(n in self.sent for n in self.in_flight), "the failing write came before the others started"
            self.failed.set()
            raise KubeError(0, "cannot reach the Kubernetes API: connection refused")
        assert self.failed.wait(5), f"{name}: the failing write never came"
        return True, {**obj, "metadata": {**obj["metadata"], "resourceVersion": "9"}}


def test_writes_under_way_when_one_fails_are_counted_and_those_not_started_are_never_sent():
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "", "namespace": "trident"}}
    changes = [Change(("v1", "Secret", "trident", n), "create", renamed(secret, n)) for n in "abcdefgh"]
    session = ConcurrentSession(fail="c", in_flight={"a", "b"})
    with pytest.raises(KubeError, match="connection refused"):
        execute(session, changes, workers=3)  # type: ignore[arg-type]
    assert sorted(session.sent) == ["a", "b", "c"]
    assert [c.key[3] for c in changes if c.written] == ["a", "b"]
    assert [c.key[3] for c in changes if c.uncertain] == ["c"]  # no answer: it may have been written


# -- failures after writes: waits, prune, replace ------------------------------------------------


def test_a_wait_failure_after_writes_reports_what_was_written():
    stopped = backend_fails_after_apply(created(live(rendered()["TridentBackendConfig"], "11")))
    assert "401 Unauthorized" in str(stopped)
    assert stopped.result() == {
        "changed": True,
        "objects": [{"kind": "TridentBackendConfig", "namespace": "trident", "name": "nas", "action": "create"}],
        "uncertain": [],
    }


def test_a_prune_deletion_that_fails_reports_the_deletions_done_before_it():
    objects = rendered()
    stale = [live(renamed(objects["StorageClass"], n), v) for n, v in (("old-a", "7"), ("old-b", "8"))]
    run, pool = runner(
        [
            ("GET", TBCS, listing("TridentBackendConfig", [live(objects["TridentBackendConfig"], "5", BOUND)])),
            ("GET", SCS, listing("StorageClass", [live(objects["StorageClass"], "6"), *stale])),
            ("GET", VSCS, listing("VolumeSnapshotClass", [])),
            ("GET", "/api/v1/namespaces/trident/secrets", listing("Secret", [])),
            ("GET", TAPS, listing("TridentAutogrowPolicy", [])),
            ("DELETE", f"{SCS}/old-a", ok({"kind": "Status", "status": "Success"})),
            ("DELETE", f"{SCS}/old-b", failure(403, "storageclasses is forbidden", "Forbidden")),
        ],
        prune=True,
    )
    with pytest.raises(PartialRun, match="forbidden") as raised:
        run.run()
    pool.assert_done()
    assert raised.value.result()["objects"] == [{"kind": "StorageClass", "name": "old-a", "action": "delete"}]


def test_a_prune_deletion_that_finds_the_object_gone_deleted_nothing():
    objects = rendered()
    run, pool = runner(
        [
            ("GET", TBCS, listing("TridentBackendConfig", [live(objects["TridentBackendConfig"], "5", BOUND)])),
            (
                "GET",
                SCS,
                listing(
                    "StorageClass",
                    [live(objects["StorageClass"], "6"), live(renamed(objects["StorageClass"], "old"), "7")],
                ),
            ),
            ("GET", VSCS, listing("VolumeSnapshotClass", [])),
            ("GET", "/api/v1/namespaces/trident/secrets", listing("Secret", [])),
            ("GET", TAPS, listing("TridentAutogrowPolicy", [])),
            ("DELETE", f"{SCS}/old", failure(404, "not found", "NotFound")),
        ],
        prune=True,
    )
    outcome = run.run()
    pool.assert_done()
    assert not outcome.changed
    assert outcome.result(diff=False)["objects"] == []


def test_a_replace_whose_re_create_fails_reports_the_deletion():
    objects = rendered()
    before = live(objects["StorageClass"], "6")
    before["provisioner"] = "example.com/other"  # immutable: only a replace changes it
    run, pool = runner(
        [
            ("GET", TBCS, listing("TridentBackendConfig", [live(objects["TridentBackendConfig"], "5", BOUND)])),
            ("GET", SCS, listing("StorageClass", [before])),
            ("GET", "/api/v1/persistentvolumeclaims", listing("PersistentVolumeClaim", [])),
            ("DELETE", f"{SCS}/gold", ok({"kind": "Status", "status": "Success"})),
            ("PATCH", f"{SCS}/gold{APPLY}", dropped()),
        ],
        replace=True,
    )
    with pytest.raises(PartialRun) as raised:
        run.run()
    pool.assert_done()
    (gold,) = [c for c in raised.value.changes if c.key[3] == "gold"]
    assert raised.value.result()["objects"] == [
        {"kind": "StorageClass", "name": "gold", "action": "delete", "note": gold.note}
    ]
    assert gold.uncertain  # the re-create got no answer


def test_a_replace_that_completes_is_one_replace():
    objects = rendered()
    before = live(objects["StorageClass"], "6")
    before["provisioner"] = "example.com/other"
    run, pool = runner(
        [
            ("GET", TBCS, listing("TridentBackendConfig", [live(objects["TridentBackendConfig"], "5", BOUND)])),
            ("GET", SCS, listing("StorageClass", [before])),
            ("GET", "/api/v1/persistentvolumeclaims", listing("PersistentVolumeClaim", [])),
            ("DELETE", f"{SCS}/gold", ok({"kind": "Status", "status": "Success"})),
            ("PATCH", f"{SCS}/gold{APPLY}", created(live(objects["StorageClass"], "9"))),
        ],
        replace=True,
    )
    outcome = run.run()
    pool.assert_done()
    assert [o["action"] for o in outcome.result(diff=False)["objects"]] == ["replace"]


# -- exact counts under concurrency ---------------------------------------------------------------


def test_a_create_that_finds_the_object_already_there_is_not_a_create():
    objects = rendered()
    run, pool = runner(
        [
            *nothing_listed(),
            # Another run created the backend between our list and our apply: 200, not 201 Created.
            ("PATCH", f"{TBCS}/nas{APPLY}", ok(live(objects["TridentBackendConfig"], "11"))),
            ("PATCH", f"{SCS}/gold{APPLY}", created(live(objects["StorageClass"], "12"))),
        ]
    )
    outcome = run.run()
    pool.assert_done()
    assert outcome.result(diff=False)["objects"] == [
        {
            "kind": "TridentBackendConfig",
            "namespace": "trident",
            "name": "nas",
            "action": "update",
            "note": FOUND_EXISTING,
        },
        {"kind": "StorageClass", "name": "gold", "action": "create"},
    ]


def test_a_planned_update_answered_201_was_a_create():
    objects = rendered()
    stale = copy.deepcopy(objects["TridentBackendConfig"])
    stale["spec"]["managementLIF"] = "10.0.0.9"
    run, pool = runner(
        [
            ("GET", TBCS, listing("TridentBackendConfig", [live(stale, "5", BOUND)])),
            ("GET", SCS, listing("StorageClass", [live(objects["StorageClass"], "6")])),
            # Deleted by someone else after our list: the apply created it again.
            ("PATCH", f"{TBCS}/nas{APPLY}", created(live(objects["TridentBackendConfig"], "11"))),
        ]
    )
    outcome = run.run()
    pool.assert_done()
    assert [(o["name"], o["action"]) for o in outcome.result(diff=False)["objects"]] == [("nas", "create")]


# -- the module's failure result ------------------------------------------------------------------


def test_the_module_fails_with_changed_true_and_the_written_objects():
    written = Change(("v1", "Secret", "trident", "a"), "create", written=True)
    maybe = Change(("v1", "Secret", "trident", "b"), "create", uncertain=True)
    never = Change(("v1", "Secret", "trident", "c"), "create")
    cause = KubeError(0, "cannot reach the Kubernetes API at https://api.test:6443: connection refused")
    assert failure_of(PartialRun(cause, [written, maybe, never])) == {
        "msg": "Kubernetes API error 0: cannot reach the Kubernetes API at https://api.test:6443: connection refused",
        "changed": True,
        "objects": [{"kind": "Secret", "namespace": "trident", "name": "a", "action": "create"}],
        "uncertain": [{"kind": "Secret", "namespace": "trident", "name": "b", "action": "create"}],
        "status": 0,
        "reason": "",
    }


def test_a_backend_removed_without_its_secret_says_so():
    backend = {
        "apiVersion": "trident.netapp.io/v1",
        "kind": "TridentBackendConfig",
        "metadata": {"name": "nas", "namespace": "trident", "resourceVersion": "5"},
        "spec": {"credentials": {"name": "nas-credentials"}},
    }
    secret = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": "nas-credentials",
            "namespace": "trident",
            "labels": {"app.kubernetes.io/managed-by": "tridentops"},
        },
    }
    pool = ScriptedPool(
        [
            ("GET", TBCS, listing("TridentBackendConfig", [backend])),
            ("GET", "/api/v1/namespaces/trident/secrets", listing("Secret", [secret])),
            ("DELETE", f"{TBCS}/nas", ok({"kind": "Status", "status": "Success"})),
            ("DELETE", "/api/v1/namespaces/trident/secrets/nas-credentials", dropped()),
        ]
    )
    session = KubeSession(Connection(HOST, pool, FakeConfiguration()))
    with pytest.raises(PartialRun) as raised:
        remove(session, TBC, "nas", "trident", force=False, check_mode=False)
    pool.assert_done()
    assert raised.value.result() == {
        "changed": True,
        "objects": [{"kind": "TridentBackendConfig", "namespace": "trident", "name": "nas", "action": "delete"}],
        "uncertain": [
            {
                "kind": "Secret",
                "namespace": "trident",
                "name": "nas-credentials",
                "action": "delete",
                "note": "credentials rendered by tridentops",
            }
        ],
    }


def test_a_protect_action_whose_wait_fails_reports_the_resource_it_created():
    backups = "/apis/protect.trident.netapp.io/v1/namespaces/shop/backups"
    spec = {"applicationRef": "shop", "appVaultRef": "backups", "dataMover": "Kopia", "reclaimPolicy": "Retain"}
    action = actions.Action(BACKUP, "shop", "nightly", spec)
    applied = {**action.object(), "metadata": {**action.object()["metadata"], "resourceVersion": "10"}}
    failed = {**applied, "metadata": {**applied["metadata"], "resourceVersion": "11"}}
    failed["status"] = {"state": "Failed", "error": "bucket gone"}
    pool = ScriptedPool(
        [
            ("GET", backups, listing("Backup", [])),
            ("PATCH", f"{backups}/nightly{APPLY}", created(applied)),
            ("GET", backups, listing("Backup", [failed], "11")),
        ]
    )
    session = KubeSession(Connection(HOST, pool, FakeConfiguration()))
    with pytest.raises(PartialRun, match="bucket gone") as raised:
        actions.run(session, LiveIndex(session), action, check_mode=False, wait=True, timeout=5)
    pool.assert_done()
    assert raised.value.result()["objects"] == [
        {"kind": "Backup", "namespace": "shop", "name": "nightly", "action": "create"}
    ]
