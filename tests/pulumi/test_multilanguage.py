"""Other languages' path: args as the component provider host receives them, mapped by the real schema.

A TypeScript, Go or YAML program sends camelCase property names and numbers as floats; the host
(``ComponentProvider``, what ``__main__.py`` serves) maps them back with the generated schema and calls the
component. Here the host's ``construct`` runs in-process under the mock engine, with inputs converted to
wire form from the schema, and the objects declared must again be exactly what the spec renders.
"""

from __future__ import annotations

from typing import Any

import pytest
from example_specs import EXAMPLE_IDS, load_example
from gen_pulumi_schema import schema
from harness import keyed, kubernetes_objects, one, without_pulumi_annotations
from pulumi.errors import InputPropertyError
from pulumi.provider.experimental.component import ComponentProvider

from tridentops_pulumi import __version__
from tridentops_pulumi.components import hosted_components
from tridentops_pulumi.components._common import PACKAGE
from tridentops_pulumi.spec.api import load, render

SCHEMA = schema()


def wire(value: Any, prop: dict[str, Any]) -> Any:
    """``value`` as another language's SDK sends it for the schema property ``prop``."""
    ref = prop.get("$ref", "")
    if ref.startswith("#/types/"):
        properties = SCHEMA["types"][ref.removeprefix("#/types/")]["properties"]
        return wire_object(value, properties)
    if prop.get("type") == "array":
        return [wire(item, prop["items"]) for item in value]
    if prop.get("type") == "object" and "additionalProperties" in prop:
        return {k: wire(v, prop["additionalProperties"]) for k, v in value.items()}
    return numbers_as_floats(value)


def wire_object(value: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    by_python_name = {_snake(name): name for name in properties}
    return {by_python_name[k]: wire(v, properties[by_python_name[k]]) for k, v in value.items()}


def numbers_as_floats(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dict):
        return {k: numbers_as_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [numbers_as_floats(v) for v in value]
    return value


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def construct(component: str, args: dict[str, Any]) -> None:
    token = f"{PACKAGE}:index:{component}"
    inputs = wire_object(args, SCHEMA["resources"][token]["inputProperties"])
    provider = ComponentProvider(hosted_components(), PACKAGE, None, __version__)
    provider.construct("ml", token, inputs, None)


def test_wire_form_is_camel_case_with_float_numbers():
    document = load_example("onprem")
    inputs = wire_object(document, SCHEMA["resources"]["tridentops:index:TridentStack"]["inputProperties"])
    backend = inputs["backends"][0]
    assert backend["managementLif"] == "192.168.10.20" and "management_lif" not in backend
    assert backend["limits"] == {"volumeSize": "2Ti"}
    assert inputs["backends"][1]["limits"]["qtreesPerFlexvol"] == 200.0
    assert backend["defaults"]["snapshotReserve"] == "10", "free-form maps keep their keys"
    assert inputs["storageClasses"][0]["reclaimPolicy"] == "Retain"


@pytest.mark.parametrize("stem", EXAMPLE_IDS)
def test_a_spec_sent_by_another_language_declares_what_the_spec_renders(mocks, stem):
    document = load_example(stem)
    registrations = mocks.run(lambda: construct("TridentStack", document))
    declared = keyed([without_pulumi_annotations(o) for o in kubernetes_objects(registrations)])
    assert declared == keyed(render(load(document)).objects)


def test_numbers_nested_in_free_form_maps_arrive_as_floats_and_still_validate(mocks):
    document = load_example("minimal")
    document["trident"] = {"k8s_api_qps": 50}
    document["backends"][0]["defaults"] = {"snapshotReserve": 10}
    registrations = mocks.run(lambda: construct("TridentStack", document))
    tbc = one(registrations, "kubernetes:trident.netapp.io/v1:TridentBackendConfig")
    assert tbc.inputs["spec"]["defaults"] == {"snapshotReserve": "10"}
    assert one(registrations, "kubernetes:trident.netapp.io/v1:TridentOrchestrator").inputs["spec"]["k8sAPIQPS"] == 50


def test_a_fine_grained_component_through_the_host(mocks):
    args = {
        "name": "fsx-nas",
        "driver": "ontap-nas",
        "fsx_filesystem_id": "fs-0123456789abcdef0",
        "svm": "svm_eks",
        "credentials_secret_arn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x-AbCdEf",
    }
    registrations = mocks.run(lambda: construct("FsxTridentBackend", args))
    spec = one(registrations, "kubernetes:trident.netapp.io/v1:TridentBackendConfig").inputs["spec"]
    assert spec["aws"] == {"fsxFilesystemID": "fs-0123456789abcdef0"}


def test_the_host_refuses_missing_required_args_by_their_schema_name(mocks):
    with pytest.raises(InputPropertyError, match="Missing required input 'driver' on 'OntapBackend'"):
        mocks.run(lambda: construct("OntapBackend", {"name": "b", "credentials": {"name": "c"}}))


@pytest.mark.parametrize("component", ["TridentStack", "FsxOntapStorage"])
def test_an_aws_section_sent_by_another_language_provisions_what_the_spec_says(mocks, component):
    # Numbers arrive as floats (storage_capacity_gib 1024.0): the spec model still gets whole numbers.
    document = {**load_example("aws-fsx-provision"), "vsadmin_password": "Vsadmin-Pa55word"}
    args = document if component == "TridentStack" else {**document["aws"], "vsadmin_password": "Vsadmin-Pa55word"}
    registrations = mocks.run(lambda: construct(component, args))
    file_system = one(registrations, "aws:fsx/ontapFileSystem:OntapFileSystem").inputs
    assert file_system["storageCapacity"] == 1024 and file_system["throughputCapacity"] == 512
    assert file_system["automaticBackupRetentionDays"] == 7
