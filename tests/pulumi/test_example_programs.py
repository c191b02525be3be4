"""The Pulumi projects in pulumi_components/examples run under the mock engine and declare what they say."""

from __future__ import annotations

import base64
import runpy
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from example_specs import load_example
from harness import MockRuntime, by_type, contains, is_secret, one, public

from tridentops_pulumi.spec.api import load, render

PROJECTS = Path(__file__).resolve().parents[2] / "pulumi_components" / "examples"


def project_name(directory: Path) -> str:
    return str(yaml.safe_load((directory / "Pulumi.yaml").read_text())["name"])


@pytest.fixture
def onprem() -> Iterator[MockRuntime]:
    project = project_name(PROJECTS / "onprem")
    secrets = {
        "nas-tiers-password": "nas-from-config",
        "san-db-password": "san-from-config",
        "san-db-chap-initiator-secret": "chap-one-from-config",
        "san-db-chap-target-initiator-secret": "chap-two-from-config",
    }
    runtime = MockRuntime(
        project=project,
        config={f"{project}:{k}": v for k, v in secrets.items()},
        secret_config=tuple(f"{project}:{k}" for k in secrets),
    )
    runtime.start()
    yield runtime
    runtime.stop()


@pytest.fixture
def aws() -> Iterator[MockRuntime]:
    project = project_name(PROJECTS / "aws")
    config = {
        "aws:region": "eu-west-1",
        f"{project}:subnetIds": '["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]',
        f"{project}:routeTableIds": '["rtb-0123456789abcdef0"]',
        f"{project}:securityGroupIds": '["sg-0123456789abcdef0"]',
        f"{project}:oidcProviderArn": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/AB",
        f"{project}:vsadminPassword": "Vsadmin-from-config",
    }
    runtime = MockRuntime(project=project, config=config, secret_config=(f"{project}:vsadminPassword",))
    runtime.start()
    yield runtime
    runtime.stop()


def run_project(runtime: MockRuntime, name: str):
    return runtime.run(lambda: runpy.run_path(str(PROJECTS / name / "__main__.py"), run_name="__main__"))


def test_onprem_project_deploys_the_spec_with_passwords_from_secret_config(onprem):
    registrations = run_project(onprem, "onprem")
    provider = one(registrations, "pulumi:providers:kubernetes")
    stack = one(registrations, "tridentops:index:TridentStack")
    objects = [r for r in registrations if r.type.startswith("kubernetes:") and r.custom]
    assert len(objects) == len(render(load(load_example("onprem"))).objects)
    assert all(r.parent == stack.urn for r in objects)
    assert all(r.provider.startswith(provider.urn) for r in objects)
    for secret in by_type(registrations, "kubernetes:core/v1:Secret"):
        assert is_secret(secret.inputs["data"])
    for value in ("nas-from-config", "san-from-config", "change-me"):
        assert not any(contains(public(r.inputs), value) for r in registrations)
    san = one(registrations, "kubernetes:core/v1:Secret", "storage-san-db-credentials").object["data"]
    assert base64.b64decode(san["password"]).decode() == "san-from-config"
    assert base64.b64decode(san["chapInitiatorSecret"]).decode() == "chap-one-from-config"
    assert onprem.outputs_of(stack)["backend_names"] == ["nas-tiers", "nas-economy", "san-db"]


def test_aws_project_wires_fsx_outputs_into_trident(aws):
    registrations = run_project(aws, "aws")
    storage = one(registrations, "tridentops:index:FsxOntapStorage")
    assert len([r for r in registrations if r.parent == storage.urn]) == 7
    orchestrator = one(registrations, "kubernetes:trident.netapp.io/v1:TridentOrchestrator").inputs["spec"]
    assert orchestrator["cloudProvider"] == "AWS"
    assert orchestrator["cloudIdentity"] == "eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/fsx-trident"
    backends = by_type(registrations, "kubernetes:trident.netapp.io/v1:TridentBackendConfig")
    assert sorted(r.inputs["spec"]["storageDriverName"] for r in backends) == ["ontap-nas", "ontap-san"]
    operator = one(registrations, "tridentops:index:TridentOperator")
    operator_objects = {r.urn for r in registrations if r.parent == operator.urn}
    for backend in backends:
        spec = backend.inputs["spec"]
        assert spec["aws"] == {"fsxFilesystemID": "fs-0123456789abcdef0", "apiRegion": "eu-west-1"}
        assert spec["svm"] == "svm_eks"
        assert spec["credentials"] == {
            "name": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx-vsadmin-AbCdEf",
            "type": "awsarn",
        }
        assert operator_objects <= backend.dependencies, "backends wait for the whole operator install"
    assert {
        r.inputs["metadata"]["name"] for r in by_type(registrations, "kubernetes:storage.k8s.io/v1:StorageClass")
    } == {
        "fsx-nfs",
        "fsx-block",
    }
    assert not [r for r in registrations if r.type == "kubernetes:core/v1:Secret"], "no password in Kubernetes"
    assert not any(contains(public(r.inputs), "Vsadmin-from-config") for r in registrations)
