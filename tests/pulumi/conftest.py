"""Fixtures of the Pulumi mock tests: a fresh mock runtime per test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The generators (hack/gen_pulumi_*.py) are scripts outside the package; tests import them by name.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hack"))
from harness import MockRuntime


@pytest.fixture
def mocks() -> Iterator[MockRuntime]:
    """A mock engine running a real deployment (outputs known)."""
    runtime = MockRuntime(preview=False)
    runtime.start()
    yield runtime
    runtime.stop()


@pytest.fixture(params=[False, True], ids=["up", "preview"])
def any_mocks(request: pytest.FixtureRequest) -> Iterator[MockRuntime]:
    """The same test as a deployment and as a preview (where outputs may be unknown)."""
    runtime = MockRuntime(preview=request.param)
    runtime.start()
    yield runtime
    runtime.stop()


@pytest.fixture
def preview_mocks() -> Iterator[MockRuntime]:
    """A mock engine running a preview."""
    runtime = MockRuntime(preview=True)
    runtime.start()
    yield runtime
    runtime.stop()
