"""Pulumi's readiness and the Ansible waits judge Trident's status alike (spec/readiness.py is their one table).

The ``pulumi.com/waitFor`` annotations come from resources a TridentStack declares under the mock engine; they
are evaluated as the Kubernetes provider evaluates them (waitfor.py) against every status Trident (or protect)
can write, and compared with the verdicts of the judges the Ansible modules wait with. pulumi-kubernetes can
only wait for a state, never fail early on one (provider/pkg/await/internal/awaiter.go), so "the same" means:
the provider takes as ready exactly what the Ansible wait calls done, and never what it calls failed.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from example_specs import load_example
from harness import by_type
from test_addon_components import spec as protect_spec
from waitfor import holds

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.wait import backend_judge, orchestrator_judge
from ansible_collections.tridentops.storage.plugins.module_utils._ops.protect.waits import vault_judge
from tridentops_pulumi import TridentStack

WAIT_FOR = "pulumi.com/waitFor"
TORC = "kubernetes:trident.netapp.io/v1:TridentOrchestrator"
TBC = "kubernetes:trident.netapp.io/v1:TridentBackendConfig"
APPVAULT = "kubernetes:protect.trident.netapp.io/v1:AppVault"

# Every value Trident writes (persistent_store/crd/apis/netapp/v1/backendconfig.go, frontend/crd/controller/
# crd_controller.go, operator/crd/apis/netapp/v1/tridentorchestrator.go at v26.06.0), and nothing yet.
PHASES = ("", "Bound", "Deleting", "Unknown", "Lost", None)
LAST_OPERATIONS = ("", "Success", "Failed", None)
ORCHESTRATOR_STATES = ("", "Installing", "Installed", "Uninstalling", "Uninstalled", "Failed", "Updating", "Error")
VAULT_STATES = ("", "Available", "Running", "Completed", "Failed", "Error", "Removed")


def annotation(registrations: list[Any], kind: str) -> str:
    """The one annotation every resource of ``kind`` carries."""
    (found,) = {str(r.inputs["metadata"]["annotations"][WAIT_FOR]) for r in by_type(registrations, kind)}
    return found


def obj(kind: str, status: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "metadata": {"name": "x", "namespace": "trident"}, "status": status}


@pytest.fixture
def onprem(mocks) -> list[Any]:
    registrations: list[Any] = mocks.run(lambda: TridentStack("ready", load_example("onprem")))
    return registrations


def backend(phase: str | None, last: str | None) -> dict[str, Any]:
    status = {key: value for key, value in (("phase", phase), ("lastOperationStatus", last)) if value is not None}
    return obj("TridentBackendConfig", {**status, "message": "Trident's words"})


def test_a_backend_whose_last_operation_failed_is_never_ready_for_pulumi_and_fails_the_ansible_wait(onprem):
    wait = annotation(onprem, TBC)
    for failed in (backend("Bound", "Failed"), backend("", "Failed")):
        assert backend_judge(failed) == ("fail", "TridentBackendConfig x: Trident's words")
        assert not holds(wait, failed), f"{wait} takes {failed['status']} as ready"
    assert holds(wait, backend("Bound", "Success")) and backend_judge(backend("Bound", "Success"))[0] == "done"


def test_pulumi_takes_a_backend_as_ready_exactly_when_the_ansible_wait_is_done(onprem):
    wait = annotation(onprem, TBC)
    for phase, last in itertools.product(PHASES, LAST_OPERATIONS):
        live = backend(phase, last)
        assert holds(wait, live) == (backend_judge(live)[0] == "done"), live["status"]


def test_pulumi_takes_the_orchestrator_as_installed_exactly_when_the_ansible_wait_is_done(onprem):
    wait = annotation(onprem, TORC)
    judge = orchestrator_judge("26.06.0")
    for state in ORCHESTRATOR_STATES:
        live = obj("TridentOrchestrator", {"status": state, "message": "m", "version": "v26.06.0"})
        assert holds(wait, live) == (judge(live)[0] == "done"), state


def test_pulumi_takes_an_appvault_as_available_exactly_when_the_ansible_wait_is_done(mocks):
    wait = annotation(mocks.run(lambda: TridentStack("vaults", protect_spec())), APPVAULT)
    for state in VAULT_STATES:
        live = obj("AppVault", {"state": state, "error": "no bucket"})
        assert holds(wait, live) == (vault_judge(live)[0] == "done"), state
