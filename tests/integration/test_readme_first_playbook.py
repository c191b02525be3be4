"""The README's first playbook, as a new user copies it: its storage.yaml and site.yml, run with ansible-playbook.

The connection comes only from the playbook's module_defaults for group/tridentops.storage.trident (the
environment's K8S_AUTH_KUBECONFIG points nowhere), so the action group is what reaches the stack module.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import reset_trident, uninstall_trident
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from playbook import ROOT, run_playbook

pytestmark = pytest.mark.cluster


def readme_file(name: str) -> str:
    """The README's YAML block that starts with the comment ``# <name>``."""
    blocks = re.findall(r"```yaml\n(# (\S+)\n.*?)```", (ROOT / "README.md").read_text(), flags=re.S)
    (text,) = [body for body, title in blocks if title == name]
    return text


@pytest.fixture
def credentials(control_plane, standin, kube_admin):
    reset_trident(kube_admin)
    core = client.CoreV1Api(kube_admin)
    try:
        core.create_namespace({"metadata": {"name": "trident"}})
    except ApiException as error:
        if error.status != 409:
            raise
    secret = {
        "metadata": {"name": "ontap-nas-credentials", "namespace": "trident"},
        "stringData": {"username": "vsadmin", "password": "readme-example-password-7f3"},
    }
    core.create_namespaced_secret("trident", secret)
    yield
    core.delete_namespaced_secret("ontap-nas-credentials", "trident")
    try:
        client.StorageV1Api(kube_admin).delete_storage_class("ontap-nas")
    except ApiException as error:
        if error.status != 404:
            raise
    uninstall_trident(control_plane, kube_admin)  # reset_trident removes the backend configs too


def test_the_readme_first_playbook_converges_and_then_changes_nothing(control_plane, credentials, tmp_path: Path):
    (tmp_path / "storage.yaml").write_text(readme_file("storage.yaml"))
    site = readme_file("site.yml").replace("~/.kube/prod", str(control_plane.kubeconfigs["admin"]))
    assert str(control_plane.kubeconfigs["admin"]) in site  # the example still sets the kubeconfig this way
    (tmp_path / "site.yml").write_text(site.replace("src: storage.yaml", f"src: {tmp_path / 'storage.yaml'}"))
    nowhere = tmp_path / "no-such-kubeconfig"

    first = run_playbook(str(tmp_path / "site.yml"), nowhere)
    assert not first.failed, first.stdout[-3000:]
    assert first.last["changed"] is True
    assert {(o["kind"], o["name"]) for o in first.last["objects"]} >= {
        ("TridentOrchestrator", "trident"),
        ("TridentBackendConfig", "ontap-nas"),
        ("StorageClass", "ontap-nas"),
    }
    assert first.last["backends"]["ontap-nas"]["phase"] == "Bound"

    second = run_playbook(str(tmp_path / "site.yml"), nowhere)
    assert not second.failed, second.stdout[-3000:]
    assert second.last["changed"] is False
