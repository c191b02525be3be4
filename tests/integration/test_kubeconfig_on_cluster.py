"""Connection options against the real API server: a merged KUBECONFIG list, impersonation as the API server
records it, and a missing kubeconfig that fails before any request.

Each run is a real ansible-playbook without the suite's module_defaults, so the connection comes only from
what the test gives: the environment (KUBECONFIG, K8S_AUTH_*) or the task's own options."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import wait_until
from kubernetes import client
from playbook import BIN, SCAN, Run, ansible_env, execute, json_results

pytestmark = pytest.mark.cluster

USERS = {"admin", "automation", "viewer", "standin"}


def play(tasks: list[dict[str, Any]], env: Mapping[str, str], kubeconfigs: list[Path]) -> Run:
    """The tasks on localhost with the connection of ``env`` only (no K8S_AUTH_* or KUBECONFIG of the suite's)."""
    base = {k: v for k, v in ansible_env().items() if not k.startswith("K8S_AUTH_") and k != "KUBECONFIG"}
    playbook = [{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}]
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        yaml.safe_dump(playbook, handle)
    try:
        for kubeconfig in kubeconfigs[1:]:
            SCAN.learn_kubeconfig(kubeconfig)
        done = execute(
            [str(BIN / "ansible-playbook"), "-i", "localhost,", handle.name],
            {**base, **env},
            playbook=handle.name,
            kubeconfig=kubeconfigs[0] if kubeconfigs else None,
        )
    finally:
        os.unlink(handle.name)
    return Run(done.returncode, done.stdout, done.stderr, json_results(done.stdout))


def storage_class(name: str, **connection: Any) -> dict[str, Any]:
    task = {"name": name, "attributes": {"backendType": "ontap-nas"}, **connection}
    return {"name": "a StorageClass", "tridentops.storage.storage_class": task}


@pytest.fixture
def class_name(kube_admin: client.ApiClient) -> Iterator[str]:
    name = f"conn-{uuid.uuid4().hex[:8]}"
    yield name
    storage = client.StorageV1Api(kube_admin)
    if storage.list_storage_class(field_selector=f"metadata.name={name}").items:
        storage.delete_storage_class(name)


def audit_since(control_plane: Any, start: int) -> list[dict[str, Any]]:
    """The raw audit events after ``start`` (after the log caught up): impersonatedUser is only there."""
    control_plane.audit.sync(start)
    with Path(control_plane.audit_log_path).open("rb") as log:
        log.seek(start)
        events = [json.loads(line) for line in log if line.strip()]
    return [e for e in events if "tridentops-audit-mark" not in e.get("requestURI", "")]


def writes_by(events: list[dict[str, Any]], user: str) -> list[str]:
    verbs = {"create", "update", "patch", "delete"}
    return [e["requestURI"] for e in events if e["verb"] in verbs and e["user"]["username"] == user]


# -- KUBECONFIG=a:b -----------------------------------------------------------------------------------------------


@pytest.fixture
def merged_pair(control_plane: Any, tmp_path: Path) -> tuple[Path, Path]:
    """First file: the viewer's, its current-context naming the admin's context, defined only in the second file.
    Second file: the admin's, its current-context naming the viewer's. kubectl (first current-context wins)
    connects as the admin; a reader keeping the last current-context, or only the first file, does not."""
    first = json.loads(Path(control_plane.kubeconfigs["viewer"]).read_text())
    second = json.loads(Path(control_plane.kubeconfigs["admin"]).read_text())
    first["current-context"], second["current-context"] = "tridentops-admin", "tridentops-viewer"
    paths = (tmp_path / "viewer-first", tmp_path / "admin-second")
    for path, data in zip(paths, (first, second), strict=True):
        path.write_text(json.dumps(data))
        path.chmod(0o600)
    return paths


@pytest.mark.parametrize("given_by", ["KUBECONFIG", "kubeconfig option"])
def test_a_merged_kubeconfig_list_reaches_the_cluster_with_a_context_of_its_second_file(
    control_plane: Any, merged_pair: tuple[Path, Path], class_name: str, given_by: str
):
    joined = os.pathsep.join(map(str, merged_pair))
    env = {"KUBECONFIG": joined} if given_by == "KUBECONFIG" else {}
    connection = {"kubeconfig": joined} if given_by != "KUBECONFIG" else {}
    start = control_plane.audit.mark()
    result = play([storage_class(class_name, **connection)], env, list(merged_pair)).last
    events = audit_since(control_plane, start)
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is True
    assert writes_by(events, "admin") and not [e for e in events if e["user"]["username"] == "viewer"]


# -- impersonation ------------------------------------------------------------------------------------------------


def test_impersonation_is_what_the_api_server_authorizes_and_records(
    control_plane: Any, kube_admin: client.ApiClient, class_name: str
):
    """The automation user, allowed only to impersonate, creates a StorageClass as someone in system:masters."""
    rbac = client.RbacAuthorizationV1Api(kube_admin)
    impersonated = f"conn-impersonated-{uuid.uuid4().hex[:6]}"
    env = {
        "K8S_AUTH_KUBECONFIG": str(control_plane.kubeconfigs["automation"]),
        "K8S_AUTH_IMPERSONATE_USER": impersonated,
    }
    task = storage_class(class_name, impersonate_groups=["system:masters"])

    refused = play([task], env, [control_plane.kubeconfigs["automation"]]).last
    assert refused["failed"] and "cannot impersonate resource" in refused["msg"]

    role = f"{impersonated}-impersonator"
    rbac.create_cluster_role(
        {
            "metadata": {"name": role},
            "rules": [
                {"apiGroups": [""], "resources": ["users"], "verbs": ["impersonate"], "resourceNames": [impersonated]},
                {
                    "apiGroups": [""],
                    "resources": ["groups"],
                    "verbs": ["impersonate"],
                    "resourceNames": ["system:masters"],
                },
            ],
        }
    )
    rbac.create_cluster_role_binding(
        {
            "metadata": {"name": role},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "automation"}],
        }
    )
    try:
        wait_until(lambda: can_impersonate(kube_admin, impersonated), what="the impersonate grant")
        start = control_plane.audit.mark()
        result = play([task], env, [control_plane.kubeconfigs["automation"]]).last
        events = [e for e in audit_since(control_plane, start) if e["user"]["username"] == "automation"]
    finally:
        rbac.delete_cluster_role_binding(role)
        rbac.delete_cluster_role(role)
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is True
    # Every request of the run was made as the impersonated user and group, the write included (the API server
    # adds system:authenticated to impersonated groups itself).
    assert events and {
        (e["impersonatedUser"]["username"], tuple(e["impersonatedUser"].get("groups") or ())) for e in events
    } == {(impersonated, ("system:masters", "system:authenticated"))}
    assert any(e["verb"] == "patch" and class_name in e["requestURI"] for e in events)


def can_impersonate(kube_admin: client.ApiClient, name: str) -> bool:
    review = client.AuthorizationV1Api(kube_admin).create_subject_access_review(
        {
            "spec": {
                "user": "automation",
                "resourceAttributes": {"verb": "impersonate", "resource": "users", "name": name},
            }
        }
    )
    return bool(review.status.allowed)


# -- a missing kubeconfig -----------------------------------------------------------------------------------------


def test_a_missing_kubeconfig_fails_naming_it_and_writes_nothing(control_plane: Any, tmp_path: Path, class_name: str):
    """With a usable ~/.kube/config and KUBECONFIG there: a typo must not mean "use another one"."""
    home = tmp_path / "home"
    (home / ".kube").mkdir(parents=True)
    (home / ".kube" / "config").write_text(Path(control_plane.kubeconfigs["admin"]).read_text())
    missing = tmp_path / "kubeconfig-typo"
    env = {"HOME": str(home), "KUBECONFIG": str(control_plane.kubeconfigs["admin"])}
    start = control_plane.audit.mark()
    result = play([storage_class(class_name, kubeconfig=str(missing))], env, [control_plane.kubeconfigs["admin"]]).last
    events = audit_since(control_plane, start)
    assert result["failed"]
    assert result["msg"] == (
        f"Could not create API client: Invalid kube-config file. No configuration found: {missing} does not exist "
        "(named by the kubeconfig option or K8S_AUTH_KUBECONFIG)"
    )
    assert [e["requestURI"] for e in events if e["user"]["username"] in USERS] == []
