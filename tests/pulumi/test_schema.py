"""Multi-language packaging: the generated args, the schema snapshot, and the provider host entry point."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import gen_pulumi_args
import gen_pulumi_schema
import grpc
import pytest
import yaml
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

import tridentops_pulumi
from tridentops_pulumi import spec_args
from tridentops_pulumi.components import COMPONENTS
from tridentops_pulumi.spec.aws import AwsSpec
from tridentops_pulumi.spec.backend import Backend
from tridentops_pulumi.spec.stack import StorageSpec
from tridentops_pulumi.spec.trident import TridentSpec

PACKAGE_DIR = Path(tridentops_pulumi.__file__).resolve().parent


def test_the_committed_schema_is_what_the_components_generate():
    committed = (PACKAGE_DIR / "schema.json").read_text()
    assert committed == gen_pulumi_schema.schema_text(), "run: make generate"


def test_the_generated_args_are_current():
    assert (PACKAGE_DIR / "spec_args.py").read_text() == gen_pulumi_args.generate(), "run: make generate"


@pytest.mark.parametrize(
    ("typed_dict", "model", "extras"),
    [
        (spec_args.TridentStackArgs, StorageSpec, {"vsadmin_password"}),
        (spec_args.FsxOntapStorageArgs, AwsSpec, {"vsadmin_password", "trident_namespace"}),
        (spec_args.BackendArgs, Backend, set()),
        (spec_args.OntapBackendArgs, Backend, {"trident_namespace", "stack"}),
        (spec_args.TridentOperatorArgs, TridentSpec, {"stack"}),
    ],
)
def test_args_have_exactly_the_fields_of_the_spec_section_they_mirror(typed_dict, model, extras):
    fields = {f.name for f in dataclasses.fields(model)}
    if typed_dict is spec_args.TridentOperatorArgs:
        fields.discard("install_method")
    assert set(typed_dict.__annotations__) == fields | extras
    required = {
        f.name
        for f in dataclasses.fields(model)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    if typed_dict is spec_args.FsxOntapStorageArgs:
        required.add("vsadmin_password")  # Trident logs in to the SVM as vsadmin: the component sets its password
    assert typed_dict.__required_keys__ == required


def test_every_hosted_component_has_an_index_token_inputs_and_outputs():
    schema = gen_pulumi_schema.schema()
    assert schema["name"] == "tridentops"
    assert sorted(schema["resources"]) == sorted(f"tridentops:index:{name}" for name in COMPONENTS)
    for token, resource in schema["resources"].items():
        assert resource["isComponent"] is True
        assert resource["description"], f"{token} has a description"
        assert resource["properties"], f"{token} declares outputs"
    backend = schema["resources"]["tridentops:index:OntapBackend"]
    assert sorted(backend["requiredInputs"]) == ["credentials", "driver", "name"]
    assert backend["inputProperties"]["managementLif"]["type"] == "string"
    assert "plain" not in backend["inputProperties"]["managementLif"], "a LIF may be another resource's output"
    assert backend["inputProperties"]["name"]["plain"] is True, "a name decides what is created"
    fsx = schema["resources"]["tridentops:index:FsxOntapStorage"]
    assert set(fsx["requiredInputs"]) == {"region", "fileSystem", "svm", "vsadminPassword"}
    file_system = schema["types"]["tridentops:index:FsxFileSystemArgs"]
    assert {"name", "deploymentType", "storageCapacityGib", "subnetIds"} <= set(file_system["required"])
    assert fsx["properties"]["iscsiIpAddresses"]["type"] == "array"


def test_the_plugin_manifest_names_the_python_runtime_and_the_host_is_beside_it():
    manifest = yaml.safe_load((PACKAGE_DIR / "PulumiPlugin.yaml").read_text())
    assert manifest["runtime"] == "python"
    assert (PACKAGE_DIR / "__main__.py").is_file()


@pytest.mark.parametrize("how", ["plugin-directory", "module"])
def test_the_provider_host_serves_the_committed_schema(how):
    # What `pulumi package add` does first: start the plugin, ask for its schema. The engine address is
    # not contacted for GetSchema.
    command = (
        [sys.executable, str(PACKAGE_DIR)] if how == "plugin-directory" else [sys.executable, "-m", "tridentops_pulumi"]
    )
    host = subprocess.Popen([*command, "127.0.0.1:1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd="/")
    try:
        assert host.stdout is not None
        port = int(host.stdout.readline().decode().strip() or 0)
        assert port, host.stderr.read().decode() if host.stderr else "no port"
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            response = stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=30)
        assert json.loads(response.schema) == json.loads((PACKAGE_DIR / "schema.json").read_text())
    finally:
        host.kill()
        host.wait(timeout=10)


@pytest.mark.parametrize("generator", [gen_pulumi_args, gen_pulumi_schema], ids=["args", "schema"])
def test_a_generators_check_fails_while_its_file_is_stale(generator, tmp_path, monkeypatch, capsys):
    target_name = "TARGET" if generator is gen_pulumi_args else "SCHEMA_FILE"
    committed = getattr(generator, target_name)
    monkeypatch.setattr(sys, "argv", [generator.__file__, "--check"])
    assert generator.main() == 0, "the committed file is current"
    stale = tmp_path / committed.name
    stale.write_text(committed.read_text().replace("Trident", "Tridnet", 1))
    monkeypatch.setattr(generator, "ROOT", tmp_path)
    monkeypatch.setattr(generator, target_name, stale)
    assert generator.main() == 1
    assert "stale" in capsys.readouterr().out
    assert stale.read_text() != committed.read_text(), "--check writes nothing"


def test_the_runtime_package_holds_no_generator():
    # Generators (hack/gen_pulumi_*.py, run by make generate) are not shipped: nothing in the package writes a
    # source file or runs the schema analyzer, which only the component provider host needs, through the SDK.
    modules = sorted(PACKAGE_DIR.rglob("*.py"))
    assert modules
    for module in modules:
        source = module.read_text()
        where = module.relative_to(PACKAGE_DIR)
        assert "write_text(" not in source, f"{where} writes files"
        assert "experimental.analyzer" not in source and "generate_schema" not in source, f"{where} generates"
