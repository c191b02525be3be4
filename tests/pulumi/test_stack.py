"""TridentStack under the mock engine: what it registers, under which parent, in which order, how secret."""

from __future__ import annotations

import copy
import itertools

import pulumi
import pulumi_kubernetes as k8s
import pytest
from example_specs import load_example
from harness import by_type, children_of, is_secret, one, secret_paths

from tridentops_pulumi import InvalidArgs, TridentStack

STACK = "tridentops:index:TridentStack"
TORC = "kubernetes:trident.netapp.io/v1:TridentOrchestrator"
TBC = "kubernetes:trident.netapp.io/v1:TridentBackendConfig"
SECRET = "kubernetes:core/v1:Secret"
# Bound with the last operation a Success: a config Trident failed to update stays Bound (spec/readiness.py).
BACKEND_WAIT = '["jsonpath={.status.phase}=Bound", "jsonpath={.status.lastOperationStatus}=Success"]'
STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"
SNAPSHOT_CLASS = "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass"
INSTALL_ORDER = [
    "kubernetes:core/v1:Namespace",
    "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
    "kubernetes:core/v1:ServiceAccount",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    "kubernetes:apps/v1:Deployment",
    TORC,
]


def test_every_object_is_a_child_of_the_component_named_after_it(any_mocks):
    registrations = any_mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    stack = one(registrations, STACK)
    assert stack.parent.endswith("::project-stack") and not stack.custom
    children = list(children_of(registrations, stack))
    assert len(children) == len(registrations) - 1, "nothing outside the component, nothing nested deeper"
    assert all(c.name == f"prod-{c.inputs['metadata']['name']}" for c in children)
    assert all(c.version == k8s._utilities.get_version() for c in children), "kubernetes plugin pinned"


def test_the_installation_is_a_chain_and_everything_else_waits_for_the_orchestrator(any_mocks):
    registrations = any_mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    install = [r for r in registrations if r.type in INSTALL_ORDER]
    install.sort(key=lambda r: INSTALL_ORDER.index(r.type))
    for previous, current in itertools.pairwise(install):
        assert current.dependencies == {previous.urn}, f"{current.type} waits for {previous.type} only"
    orchestrator = one(registrations, TORC)
    rest = [r for r in registrations if r.custom and r.type not in INSTALL_ORDER]
    assert rest and all(orchestrator.urn in r.dependencies for r in rest)


def test_a_backend_waits_for_the_secret_it_names_and_classes_do_not_wait_for_backends(any_mocks):
    registrations = any_mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    orchestrator = one(registrations, TORC)
    secrets = {r.inputs["metadata"]["name"]: r for r in by_type(registrations, SECRET)}
    for tbc in by_type(registrations, TBC):
        secret = secrets[tbc.inputs["spec"]["credentials"]["name"]]
        assert tbc.dependencies == {orchestrator.urn, secret.urn}
    # nas-economy names the Secret rendered for nas-tiers
    assert one(registrations, TBC, "prod-nas-economy").dependencies >= {secrets["nas-tiers-credentials"].urn}
    for cls in [*by_type(registrations, STORAGE_CLASS), *by_type(registrations, SNAPSHOT_CLASS)]:
        assert cls.dependencies == {orchestrator.urn}


def test_readiness_waits_sit_on_the_orchestrator_and_every_backend_only(any_mocks):
    registrations = any_mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    waits = {
        (r.kind, r.inputs["metadata"]["annotations"]["pulumi.com/waitFor"])
        for r in registrations
        if "pulumi.com/waitFor" in r.inputs.get("metadata", {}).get("annotations", {})
    }
    assert waits == {
        ("TridentOrchestrator", "jsonpath={.status.status}=Installed"),
        ("TridentBackendConfig", BACKEND_WAIT),
    }
    assert len(by_type(registrations, TBC)) == 3
    assert all("pulumi.com/waitFor" in r.inputs["metadata"]["annotations"] for r in by_type(registrations, TBC))


def test_credentials_are_secret_in_what_the_engine_receives(any_mocks):
    registrations = any_mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    secrets = by_type(registrations, SECRET)
    assert len(secrets) == 2
    for secret in secrets:
        assert is_secret(secret.inputs["data"]), "the whole data map travels as a secret"
        assert set(secret.additional_secret_outputs) >= {"data", "stringData"}
    san = one(registrations, SECRET, "prod-san-db-credentials")
    assert set(san.object["data"]) == {
        "username",
        "password",
        "chapUsername",
        "chapInitiatorSecret",
        "chapTargetUsername",
        "chapTargetInitiatorSecret",
    }
    # Nothing else carries a secret, and no password appears in any other resource's inputs.
    others = [r for r in registrations if r.type != SECRET]
    assert [p for r in others for p in secret_paths(r.inputs)] == []
    assert not any("change-me" in str(r.inputs) for r in others)


def test_outputs_are_registered_last_with_the_names_of_what_was_declared(mocks):
    registrations = mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    outputs = mocks.outputs_of(one(registrations, STACK))
    assert outputs == {
        "namespace": "trident",
        "backend_names": ["nas-tiers", "nas-economy", "san-db"],
        "storage_class_names": ["gold", "silver", "bronze", "economy", "database"],
        "snapshot_class_names": ["trident-snapshots"],
    }


def test_a_kubernetes_provider_given_to_the_stack_reaches_every_object(mocks):
    def program():
        cluster = k8s.Provider("cluster", kubeconfig="{}")
        TridentStack("prod", load_example("minimal"), opts=pulumi.ResourceOptions(providers=[cluster]))

    registrations = mocks.run(program)
    provider = one(registrations, "pulumi:providers:kubernetes")
    objects = [r for r in registrations if r.custom and r.type.startswith("kubernetes:")]
    assert objects and all(r.provider.startswith(provider.urn + "::") for r in objects)


@pytest.mark.parametrize("method", ["external", "eks_addon"])
def test_trident_installed_elsewhere_renders_no_install_and_waits_for_what_the_caller_names(mocks, method):
    document = load_example("aws-fsx")
    document["trident"]["install_method"] = method

    def program():
        addon = pulumi.CustomResource("test:index:TridentInstall", "installer", {})
        TridentStack("aws", document, opts=pulumi.ResourceOptions(depends_on=[addon]))

    registrations = mocks.run(program)
    installer = one(registrations, "test:index:TridentInstall")
    assert not [r for r in registrations if r.type in INSTALL_ORDER]
    objects = [r for r in registrations if r.custom and r.type.startswith("kubernetes:")]
    assert {r.kind for r in objects} == {"TridentBackendConfig", "StorageClass", "VolumeSnapshotClass"}
    assert all(installer.urn in r.dependencies for r in objects), "children honour the stack's depends_on"


def test_every_error_of_the_spec_is_reported_at_once_before_anything_is_declared(mocks):
    document = copy.deepcopy(load_example("onprem"))
    document["backends"][0]["driver"] = "ontap-nass"
    document["storage_classes"][1]["reclaim_policy"] = "Keep"
    document["trident"]["log_level"] = "loud"

    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: TridentStack("bad", document))
    assert [i.path for i in error.value.issues] == [
        "trident.log_level",
        "backends[0].driver",
        "storage_classes[1].reclaim_policy",
    ]
    assert str(error.value).startswith("TridentStack 'bad': 3 invalid value(s):")
    assert "'ontap-nass' is not one of ontap-nas" in str(error.value)
    assert mocks.monitor.registrations == [], "nothing is registered for an invalid spec"
