"""How the trident and stack modules read a TridentOrchestrator's status (no cluster).

Trident's operator requeues every failed reconcile with backoff (operator/controllers/orchestrator/controller.go
processNextWorkItem: only an UnsupportedConfigError is dropped, and the orchestrator controller raises none), so
Failed is waited on until the deadline. Its status.version is its version label, v-prefixed.
"""

from __future__ import annotations

from typing import Any

import pytest

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.wait import (
    orchestrator_judge,
    trident_status,
    trident_version,
)

INSTALLING = "Failed to install Trident; err: '' is not a valid cloud identity for the cloud provider 'AWS'"


def torc(status: dict[str, Any] | None) -> dict[str, Any]:
    return {"metadata": {"name": "trident"}, "status": status}


def test_installed_at_the_wanted_release_is_done_whatever_the_v():
    judge = orchestrator_judge("26.06.0", "trident")
    status = {"status": "Installed", "version": "v26.06.0", "namespace": "trident", "message": "Trident installed"}
    assert judge(torc(status)) == ("done", "Trident installed")
    assert judge(torc({**status, "version": "26.06.0"}))[0] == "done"


def test_installed_at_another_release_is_waited_on():
    verdict = orchestrator_judge("26.06.0")(torc({"status": "Installed", "version": "v26.02.0", "message": "m"}))
    assert verdict == ("wait", "Installed, version 26.02.0 (want 26.06.0): m")


def test_failed_is_waited_on_with_the_operator_s_message():
    status = {"status": "Failed", "version": "", "namespace": "trident", "message": INSTALLING}
    assert orchestrator_judge("26.06.0", "trident")(torc(status)) == (
        "wait",
        f"Failed, the operator retries: {INSTALLING}",
    )


def test_a_refused_namespace_change_is_final():
    message = (
        "Operator cannot proceed with the installation due to namespace change from `trident` to `storage`; "
        "namespace change is not allowed."
    )
    status = {"status": "Failed", "version": "v26.06.0", "namespace": "trident", "message": message}
    assert orchestrator_judge("26.06.0", "storage")(torc(status)) == (
        "fail",
        f"TridentOrchestrator trident is Failed: {message}",
    )


@pytest.mark.parametrize(
    "message", ["Trident is bound to another CR 'other'", "Warning: Trident is running on an unsupported version"]
)
def test_error_is_final(message: str):
    status = {"status": "Error", "version": "", "namespace": "trident", "message": message}
    assert orchestrator_judge("26.06.0", "trident")(torc(status)) == (
        "fail",
        f"TridentOrchestrator trident is Error: {message}",
    )


def test_versions_are_reported_as_the_spec_writes_them():
    status = {"status": "Installed", "version": "v26.06.0", "namespace": "trident", "message": "Trident installed"}
    assert trident_version(status) == "26.06.0"
    assert trident_version({"version": ""}) == "" and trident_version({}) == ""
    assert trident_status({**status, "currentInstallationParams": {}, "acpVersion": "v26.06.0"}) == {
        "status": "Installed",
        "version": "26.06.0",
        "namespace": "trident",
        "message": "Trident installed",
    }
