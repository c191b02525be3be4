"""Fixtures for module tests (helpers live in helpers.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import Ansible
from kubernetes import client


@pytest.fixture(scope="session")
def ansible(control_plane) -> Ansible:
    return Ansible(control_plane)


@pytest.fixture
def kube(kube_admin) -> Iterator[dict[str, Any]]:
    yield {
        "core": client.CoreV1Api(kube_admin),
        "objects": client.CustomObjectsApi(kube_admin),
        "storage": client.StorageV1Api(kube_admin),
        "apps": client.AppsV1Api(kube_admin),
        "extensions": client.ApiextensionsV1Api(kube_admin),
        "rbac": client.RbacAuthorizationV1Api(kube_admin),
    }


@pytest.fixture
def namespace(kube_admin: client.ApiClient) -> Iterator[str]:
    """A fresh namespace for one test, deleted afterwards."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    core = client.CoreV1Api(kube_admin)
    core.create_namespace({"metadata": {"name": name}})
    yield name
    core.delete_namespace(name)
