"""Fixtures of the Pulumi mock tests: a fresh mock runtime per test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
# Facts both front ends must render alike are written once, with the spec's own tests (tests/unit).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
# The generators (hack/gen_pulumi_*.py) are scripts outside the package; tests import them by name.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hack"))
from harness import MockRuntime


def running(preview: bool) -> Iterator[MockRuntime]:
    """A started mock engine, stopped when the test is done."""
    runtime = MockRuntime(preview=preview)
    runtime.start()
    yield runtime
    runtime.stop()


@pytest.fixture
def mocks() -> Iterator[MockRuntime]:
    """A mock engine running a real deployment (outputs known)."""
    yield from running(preview=False)


@pytest.fixture(params=[False, True], ids=["up", "preview"])
def any_mocks(request: pytest.FixtureRequest) -> Iterator[MockRuntime]:
    """The same test as a deployment and as a preview (where outputs may be unknown)."""
    yield from running(preview=request.param)


@pytest.fixture
def preview_mocks() -> Iterator[MockRuntime]:
    """A mock engine running a preview."""
    yield from running(preview=True)
