"""Session fixtures shared by all test suites: the embedded control plane and an admin API client."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from kubernetes import client, config

ROOT = Path(__file__).resolve().parent.parent
# hack/controlplane.py is a script, not a package; tests import it as `controlplane`.
sys.path.insert(0, str(ROOT / "hack"))
from collection_path import link_collection  # noqa: E402
from controlplane import ControlPlane, ControlPlaneError, default_state_dir  # noqa: E402

# The collection imports itself as ansible_collections.tridentops.storage; expose the checkout there.
sys.path.insert(0, str(link_collection()))
# Every suite runs ansible-playbook through tests/integration/playbook.py, and its secret scan fails any test
# whose ansible output shows a known secret (an autouse fixture).
sys.path.insert(0, str(ROOT / "tests" / "integration"))
from playbook import secret_scan  # noqa: E402

__all__ = ["secret_scan"]  # a fixture: pytest finds it here, in every suite's conftest


@pytest.fixture(scope="session")
def control_plane(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ControlPlane]:
    """A running control plane: the developer's (`hack/controlplane.py up`) if healthy, else a private one."""
    running = ControlPlane.from_state(default_state_dir())
    if running is not None and running.is_healthy():
        yield running  # not ours: leave it running
        return
    plane = ControlPlane(tmp_path_factory.mktemp("controlplane"))
    try:
        plane.start()
    except ControlPlaneError as error:
        # Fail, never skip: a missing control plane must not turn the integration suite green.
        raise pytest.fail.Exception(f"cannot start the embedded control plane: {error}", pytrace=False) from None
    yield plane
    plane.stop()


@pytest.fixture(scope="session")
def kube_admin(control_plane: ControlPlane) -> Iterator[client.ApiClient]:
    """API client authenticated as `admin` (system:masters), TLS verified against the control plane's CA."""
    api = config.new_client_from_config(config_file=str(control_plane.kubeconfigs["admin"]))
    yield api
    api.close()


# ----- the TEST STAND-IN for Trident's operator and CRD controller (tests/standin/controller.py) -----
from standin.controller import Scenario, StandIn  # noqa: E402


@pytest.fixture(scope="session")
def standin(control_plane: ControlPlane) -> Iterator[StandIn]:
    """Simulated Trident (no real Trident can run here), acting as user `standin`; stopped at session end."""
    stand_in = StandIn(control_plane.kubeconfigs["standin"]).start()
    yield stand_in
    stand_in.stop()


@pytest.fixture
def standin_scenario(kube_admin: client.ApiClient) -> Iterator[Scenario]:
    """Failure injection for the stand-in: `standin_scenario.orchestrator(Scenario.HOLD)`,
    `standin_scenario.backend("tbc-name", Scenario.failed("message"))`. Cleared after the test."""
    with Scenario(kube_admin) as scenario:
        yield scenario
