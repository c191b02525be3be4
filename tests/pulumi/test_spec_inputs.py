"""Outputs inside a spec: validated and rendered as structure now, values filled in (and checked) later."""

from __future__ import annotations

import base64

import pulumi
import pytest
from example_specs import load_example
from harness import UNKNOWN, is_secret, one, reveal, unknown_output

from tridentops_pulumi import InvalidArgs, OntapBackend, TridentOperator, TridentStack
from tridentops_pulumi.spec_inputs import plan

TBC = "kubernetes:trident.netapp.io/v1:TridentBackendConfig"
SECRET = "kubernetes:core/v1:Secret"
ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx-vsadmin-AbCdEf"


def from_elsewhere(value: str, secret: bool = False) -> pulumi.Output[str]:
    """An Output carrying a value, as another resource's output or a config secret would."""
    output = pulumi.Output.from_input(value)
    return pulumi.Output.secret(output) if secret else output


def aws_spec() -> dict:
    document = load_example("aws-fsx")
    backend = document["backends"][0]
    backend["aws"]["fsx_filesystem_id"] = from_elsewhere("fs-0fedcba9876543210")
    backend["svm"] = from_elsewhere("svm_from_fsx")
    backend["credentials"]["name"] = from_elsewhere(ARN)
    document["trident"]["cloud_identity"] = from_elsewhere("eks.amazonaws.com/role-arn: arn:aws:iam::1:role/t")
    document["trident"]["image_registry"] = from_elsewhere("registry.example.com/mirror")
    return document


def test_outputs_land_where_the_spec_puts_them(mocks):
    registrations = mocks.run(lambda: TridentStack("aws", aws_spec()))
    spec = one(registrations, TBC, "aws-fsx-nas").inputs["spec"]
    assert spec["aws"]["fsxFilesystemID"] == "fs-0fedcba9876543210"
    assert spec["svm"] == "svm_from_fsx"
    assert spec["credentials"] == {"name": ARN, "type": "awsarn"}
    orchestrator = one(registrations, "kubernetes:trident.netapp.io/v1:TridentOrchestrator").inputs["spec"]
    assert orchestrator["cloudIdentity"] == "eks.amazonaws.com/role-arn: arn:aws:iam::1:role/t"
    assert orchestrator["imageRegistry"] == "registry.example.com/mirror"
    # Rendering built the operator image from the registry: the Output is inside a longer text.
    deployment = one(registrations, "kubernetes:apps/v1:Deployment").inputs
    image = deployment["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image == "registry.example.com/mirror/trident-operator:26.06.0"
    # No stand-in text reaches the engine.
    assert "tridentops-input" not in str([r.inputs for r in registrations])
    assert "fs-7e1d" not in str([r.inputs for r in registrations])


def test_in_a_preview_unknown_values_stay_unknown_and_the_structure_is_complete(preview_mocks):
    def program():
        document = load_example("aws-fsx")
        document["backends"][0]["svm"] = unknown_output()
        document["backends"][0]["aws"]["api_region"] = from_elsewhere("eu-west-1")
        document["backends"][1]["svm"] = from_elsewhere("svm_known")
        TridentStack("aws", document)

    registrations = preview_mocks.run(program)
    assert len([r for r in registrations if r.type == TBC]) == 2
    nas, san = one(registrations, TBC, "aws-fsx-nas"), one(registrations, TBC, "aws-fsx-san")
    assert nas.inputs["spec"]["svm"] == UNKNOWN
    # A value is gated on the check of its own entry: unknown next to an unknown, known elsewhere.
    assert nas.inputs["spec"]["aws"]["apiRegion"] == UNKNOWN
    assert san.inputs["spec"]["svm"] == "svm_known"


def test_a_secret_output_stays_secret_and_only_there(mocks):
    args = {
        "name": "nas",
        "driver": "ontap-nas",
        "management_lif": from_elsewhere("10.0.0.10"),
        "svm": "svm1",
        "credentials": {"username": "vsadmin", "password": from_elsewhere("from-config", secret=True)},
    }
    registrations = mocks.run(lambda: OntapBackend("nas", args))
    secret = one(registrations, SECRET)
    assert is_secret(secret.inputs["data"])
    assert reveal(secret.inputs["data"])["password"] == base64.b64encode(b"from-config").decode()
    tbc = one(registrations, TBC)
    assert tbc.inputs["spec"]["managementLIF"] == "10.0.0.10"
    assert not is_secret(tbc.inputs["spec"]["managementLIF"]), "a plain Output is not made secret"
    assert "from-config" not in str(tbc.inputs)


def test_an_invalid_value_that_arrives_as_an_output_fails_with_its_path(mocks):
    args = {
        "name": "nas",
        "driver": "ontap-nas",
        "management_lif": from_elsewhere("not a host!"),
        "credentials": {"name": "creds"},
    }
    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: OntapBackend("nas", args))
    assert [(i.path, i.message) for i in error.value.issues] == [
        ("management_lif", "'not a host!' is not an IP address or a DNS name")
    ]


def test_the_failing_entry_is_named_by_its_place_in_the_whole_spec(mocks):
    document = load_example("onprem")
    document["backends"][2]["management_lif"] = from_elsewhere("::1")
    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: TridentStack("prod", document))
    assert [i.path for i in error.value.issues] == ["backends[2].management_lif"]
    assert "write an IPv6 address in brackets" in str(error.value)


def test_a_wrong_arn_that_arrives_as_an_output_is_caught_by_the_cross_field_check(mocks):
    document = load_example("aws-fsx")
    document["backends"][1]["credentials"]["name"] = from_elsewhere("my-secret-name")
    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: TridentStack("aws", document))
    assert [i.path for i in error.value.issues] == ["backends[1].credentials.name"]
    assert "Secrets Manager ARN" in str(error.value)


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("backends", 0, "driver"), "ontap-nas"),  # a choice
        (("backends", 0, "name"), "fsx-nas"),  # names a Kubernetes object
        (("backends", 0, "use_rest"), True),  # not a text
        (("trident", "version"), "26.06.0"),  # decides which checks apply
    ],
)
def test_fields_that_shape_what_is_created_refuse_outputs(mocks, where, value):
    document = load_example("aws-fsx")
    target = document
    for part in where[:-1]:
        target = target[part]

    def program():
        target[where[-1]] = from_elsewhere(value)  # type: ignore[index]
        TridentStack("aws", document)

    with pytest.raises(InvalidArgs) as error:
        mocks.run(program)
    path = ".".join(str(p) for p in where).replace(".0.", "[0].")
    assert [i.path for i in error.value.issues] == [path]
    assert "must be a plain value" in str(error.value) or "Kubernetes object's name" in str(error.value)


def test_a_secret_name_given_as_an_output_cannot_name_the_rendered_secret(mocks):
    args = {
        "name": "nas",
        "driver": "ontap-nas",
        "management_lif": "10.0.0.10",
        "credentials": {"name": from_elsewhere("creds"), "username": "u", "password": "p"},
    }
    with pytest.raises(InvalidArgs, match=r"credentials\.name: becomes a Kubernetes object's name"):
        mocks.run(lambda: OntapBackend("nas", args))


def test_plain_documents_have_no_holes_and_keep_their_warnings(mocks):
    def program():
        planned = plan({"trident": {"version": "27.02.0"}}, "TridentStack 'x'")
        assert planned.holes == ()
        assert [i.path for i in planned.warnings] == ["trident.version"]

    mocks.run(program)


def test_operator_cloud_identity_from_a_role_output(mocks):
    role_arn = "arn:aws:iam::111122223333:role/trident"

    def program():
        identity = from_elsewhere(role_arn).apply(lambda arn: f"eks.amazonaws.com/role-arn: {arn}")
        TridentOperator("trident", {"cloud_provider": "AWS", "cloud_identity": identity})

    registrations = mocks.run(program)
    spec = one(registrations, "kubernetes:trident.netapp.io/v1:TridentOrchestrator").inputs["spec"]
    assert spec["cloudIdentity"] == f"eks.amazonaws.com/role-arn: {role_arn}"
    assert spec["cloudProvider"] == "AWS"
