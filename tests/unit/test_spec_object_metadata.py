"""What keeps a live TridentBackendConfig or TridentOrchestrator from being written as a spec unchanged: the
object's own labels and annotations (team labels, Argo CD's annotations), and spellings Trident accepts that the
spec used to refuse (logLevel, fsGroupPolicy and cloudProvider in any case, managementLIF with a port). Each is
validated, rendered as written, and adopted back with no loss (docs/trident-facts/torc.md, backends.md)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from standin.controller import install_precheck

from tridentops_pulumi.spec import adopt as adoption
from tridentops_pulumi.spec.api import load, render, validate
from tridentops_pulumi.spec.render_aws import resolve
from tridentops_pulumi.spec.render_trident import operator_deployment

ROOT = Path(__file__).resolve().parents[2]
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx/eks-trident/svm_eks/vsadmin-AbCdEf"
ROLE_ARN = "arn:aws:iam::111122223333:role/trident-controller"

NAS = {"name": "nas", "driver": "ontap-nas", "management_lif": "10.0.0.1", "credentials": {"name": "nas-secret"}}
USER_LABELS = {"team": "storage", "app.kubernetes.io/part-of": "platform"}
USER_ANNOTATIONS = {
    "argocd.argoproj.io/sync-wave": "-1",
    "argocd.argoproj.io/tracking-id": "storage:trident.netapp.io/TridentBackendConfig:trident/nas",
    "owner": "Storage team <storage@example.com>",
}


def spec_of(backend: dict[str, Any] | None = None, trident: dict[str, Any] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"trident": {"version": "26.06.0", **(trident or {})}}
    if backend is not None:
        spec["backends"] = [copy.deepcopy(backend)]
    return spec


def errors(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((i.path, i.message) for i in validate(spec)[1] if i.severity == "error")


def error_paths(spec: dict[str, Any]) -> list[str]:
    return [path for path, _message in errors(spec)]


def rendered(spec: dict[str, Any], kind: str) -> dict[str, Any]:
    (found,) = (o for o in render(load(spec)).objects if o["kind"] == kind)
    return found


def live(obj: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    """The object as the API server returns it after a user (or Argo CD, or Helm) applied it."""
    out = copy.deepcopy(obj)
    meta = out["metadata"]
    meta["labels"] = {
        k: v for k, v in meta["labels"].items() if not k.startswith(("app.kubernetes.io/managed-by", "tridentops.io/"))
    }
    meta.update({"uid": "u-1", "resourceVersion": "42", "generation": 1, "creationTimestamp": "2026-01-01T00:00:00Z"})
    for key, value in metadata.items():
        meta[key] = {**meta.get(key, {}), **value}
    return out


# --- labels and annotations of the TridentBackendConfig and the TridentOrchestrator ----------------------------


def test_backend_object_labels_and_annotations_render_merged_with_tridentops_labels() -> None:
    spec = spec_of({**NAS, "object_labels": USER_LABELS, "object_annotations": USER_ANNOTATIONS})
    assert errors(spec) == []
    meta = rendered(spec, "TridentBackendConfig")["metadata"]
    assert meta["labels"] == {
        **USER_LABELS,
        "app.kubernetes.io/managed-by": "tridentops",
        "tridentops.io/stack": "default",
    }
    assert meta["annotations"] == USER_ANNOTATIONS
    # Trident's pool labels stay in the spec, apart from the object's.
    assert "labels" not in rendered(spec, "TridentBackendConfig")["spec"]


def test_a_backend_without_object_labels_renders_only_tridentops_labels_and_no_annotations() -> None:
    meta = rendered(spec_of(NAS), "TridentBackendConfig")["metadata"]
    assert meta == {
        "name": "nas",
        "namespace": "trident",
        "labels": {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "default"},
    }


def test_the_credentials_secret_does_not_get_the_backends_object_labels() -> None:
    inline = {**NAS, "credentials": {"username": "admin", "password": "pw"}}
    spec = spec_of({**inline, "object_labels": USER_LABELS, "object_annotations": USER_ANNOTATIONS})
    meta = rendered(spec, "Secret")["metadata"]
    assert meta["labels"] == {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "default"}
    assert "annotations" not in meta


def test_orchestrator_labels_and_annotations_render_on_the_orchestrator_only() -> None:
    spec = spec_of(trident={"labels": USER_LABELS, "annotations": USER_ANNOTATIONS})
    assert errors(spec) == []
    meta = rendered(spec, "TridentOrchestrator")["metadata"]
    assert meta["labels"] == {
        **USER_LABELS,
        "app.kubernetes.io/managed-by": "tridentops",
        "tridentops.io/stack": "default",
    }
    assert meta["annotations"] == USER_ANNOTATIONS
    assert "annotations" not in rendered(spec_of(), "TridentOrchestrator")["metadata"]
    # The operator bundle keeps its own metadata.
    assert "team" not in rendered(spec, "Deployment")["metadata"]["labels"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"object_labels": {"-team": "x"}}, "'-team' is not a valid label key"),
        ({"object_labels": {"team": "a b"}}, "label team: 'a b' is not a valid label value"),
        ({"object_labels": {"team": "x" * 64}}, "is not a valid label value (at most 63 characters"),
        ({"object_labels": {"app.kubernetes.io/managed-by": "Helm"}}, "app.kubernetes.io/managed-by: tridentops sets"),
        ({"object_labels": {"tridentops.io/stack": "prod"}}, "tridentops.io/stack: tridentops sets this label itself"),
        ({"object_annotations": {"no spaces": "x"}}, "'no spaces' is not a valid annotation key"),
        ({"object_annotations": {"tridentops.io/spec": "x"}}, "tridentops.io/spec: tridentops sets its tridentops.io/"),
        (
            {"object_annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}},
            "kubectl.kubernetes.io/last-applied-configuration: kubectl apply's record",
        ),
        ({"object_annotations": {"meta.helm.sh/release-name": "trident"}}, "meta.helm.sh/release-name: Helm's record"),
    ],
)
def test_backend_object_metadata_is_validated(values: dict[str, Any], message: str) -> None:
    found = errors(spec_of({**NAS, **values}))
    field = next(iter(values))
    assert [path for path, _message in found] == [f"backends[0].{field}"]
    assert message in found[0][1]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"labels": {"tridentops.io/stack": "x"}}, "tridentops.io/stack: tridentops sets this label itself"),
        ({"labels": {"team": "-x"}}, "label team: '-x' is not a valid label value"),
        ({"annotations": {"tridentops.io/spec": "x"}}, "tridentops.io/spec: tridentops sets"),
        ({"annotations": {"meta.helm.sh/release-namespace": "trident"}}, "Helm's record of its release"),
    ],
)
def test_orchestrator_metadata_is_validated(values: dict[str, Any], message: str) -> None:
    found = errors(spec_of(trident=values))
    assert [path for path, _message in found] == [f"trident.{next(iter(values))}"]
    assert message in found[0][1]


def test_a_live_backend_with_user_and_tool_metadata_adopts_with_no_loss() -> None:
    spec = spec_of({**NAS, "labels": {"performance": "gold"}})
    obj = live(
        rendered(spec, "TridentBackendConfig"),
        labels={**USER_LABELS, "app.kubernetes.io/managed-by": "Helm"},
        annotations={
            **USER_ANNOTATIONS,
            "kubectl.kubernetes.io/last-applied-configuration": "{}",
            "meta.helm.sh/release-name": "storage",
            "meta.helm.sh/release-namespace": "trident",
        },
    )
    found = adoption.adopt([obj])
    assert found.losses == []
    backend = found.spec["backends"][0]
    # The user's metadata is the spec's; Helm's and kubectl's records are not (a take over replaces them).
    assert backend["object_labels"] == USER_LABELS
    assert backend["object_annotations"] == USER_ANNOTATIONS
    assert backend["labels"] == {"performance": "gold"}
    # And the adopted spec renders the object back with the user's metadata.
    again = rendered({**found.spec}, "TridentBackendConfig")["metadata"]
    assert again["annotations"] == USER_ANNOTATIONS
    assert {k: again["labels"][k] for k in USER_LABELS} == USER_LABELS


def test_a_live_orchestrator_with_user_metadata_adopts_with_no_loss() -> None:
    obj = live(rendered(spec_of(), "TridentOrchestrator"), labels=USER_LABELS, annotations=USER_ANNOTATIONS)
    obj["status"] = {"version": "26.06.0"}
    found = adoption.adopt([obj])
    assert found.losses == []
    assert found.spec["trident"]["labels"] == USER_LABELS
    assert found.spec["trident"]["annotations"] == USER_ANNOTATIONS


def test_a_tridentops_annotation_on_a_live_object_is_a_loss_not_an_adopted_field() -> None:
    obj = live(
        rendered(spec_of(NAS), "TridentBackendConfig"), annotations={"tridentops.io/other": "x", **USER_ANNOTATIONS}
    )
    found = adoption.adopt([obj])
    # The model refuses the field holding it, so the object's annotations are the loss; the backend is adopted.
    assert ("TridentBackendConfig", "metadata.annotations") in {(x.kind, x.path) for x in found.losses}
    refused = "the spec refuses backends[0].object_annotations: tridentops.io/other: tridentops sets"
    assert any(x.reason.startswith(refused) for x in found.losses)
    assert found.spec["backends"][0]["name"] == "nas"


# --- spellings Trident accepts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["DEBUG", "Info", "WARNING", "Warn", "tRaCe", "ERROR", "Fatal", "PANIC"])
def test_log_level_is_taken_in_any_case_and_written_as_given(level: str) -> None:
    # logrus.ParseLevel lower-cases it (logging/logging.go@v26.06.0:79-84).
    spec = spec_of(trident={"log_level": level})
    assert errors(spec) == []
    assert rendered(spec, "TridentOrchestrator")["spec"]["logLevel"] == level


@pytest.mark.parametrize(("level", "debug"), [("DEBUG", True), ("Trace", True), ("INFO", False), ("Warning", False)])
def test_the_operators_debug_flag_follows_the_lower_cased_log_level(level: str, debug: bool) -> None:
    trident = load(spec_of(trident={"log_level": level})).trident
    assert trident.effective_log_level == level.lower()
    command = operator_deployment(trident, {})["spec"]["template"]["spec"]["containers"][0]["command"]
    assert f"--debug={'true' if debug else 'false'}" in command


def test_an_unknown_log_level_is_still_refused() -> None:
    assert errors(spec_of(trident={"log_level": "verbose"})) == [
        (
            "trident.log_level",
            "'verbose' is not one of trace, debug, info, warn, warning, error, fatal, panic (any case)",
        )
    ]


@pytest.mark.parametrize("policy", ["file", "FILE", "none", "readwriteoncewithfstype", "ReadWriteOnceWithFSType"])
def test_fs_group_policy_is_taken_in_any_case_and_written_as_given(policy: str) -> None:
    # fsGroupPolicyPrechecks and GetCSIDriverYAML lower-case it (installer.go@v26.06.0:365-379).
    spec = spec_of(trident={"fs_group_policy": policy})
    assert errors(spec) == []
    torc = rendered(spec, "TridentOrchestrator")["spec"]
    assert torc["fsGroupPolicy"] == policy
    assert install_precheck(torc, "26.06.0") is None  # the stand-in accepts it as the operator does


def test_an_unknown_fs_group_policy_is_refused_as_the_operator_refuses_it() -> None:
    assert errors(spec_of(trident={"fs_group_policy": "Files"})) == [
        ("trident.fs_group_policy", "'Files' is not one of ReadWriteOnceWithFSType, None, File (any case)")
    ]
    assert install_precheck({"fsGroupPolicy": "Files"}, "26.06.0") == "'Files' is not a valid fsGroupPolicy"


@pytest.mark.parametrize(
    ("provider", "identity"),
    [
        ("aws", "eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/trident"),
        ("Aws", "eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/trident"),
        ("azure", None),
        ("AZURE", "azure.workload.identity/client-id: 00000000-0000-0000-0000-000000000000"),
        ("gcp", "iam.gke.io/gcp-service-account: trident@project.iam.gserviceaccount.com"),
    ],
)
def test_cloud_provider_is_taken_in_any_case_and_written_as_given(provider: str, identity: str | None) -> None:
    # cloudProviderPrechecks and cloudIdentityPrechecks compare with strings.EqualFold (installer.go@v26.06.0:222-257).
    trident = {"cloud_provider": provider, **({"cloud_identity": identity} if identity else {})}
    spec = spec_of(trident=trident)
    assert errors(spec) == []
    torc = rendered(spec, "TridentOrchestrator")["spec"]
    assert torc["cloudProvider"] == provider
    assert install_precheck(torc, "26.06.0") is None


def test_the_cloud_rules_compare_the_provider_without_case() -> None:
    # The identity each provider needs, the release GCP needs, and the EKS add-on's cloud: all on the normalised value.
    assert errors(
        spec_of(trident={"cloud_provider": "aws", "cloud_identity": "azure.workload.identity/client-id: x"})
    ) == [("trident.cloud_identity", "for cloud_provider aws must start with 'eks.amazonaws.com/role-arn:'")]
    assert errors(spec_of(trident={"cloud_provider": "gcp"})) == [
        (
            "trident.cloud_identity",
            "is required with cloud_provider GCP: Trident's operator refuses GCP without a cloudIdentity "
            "('iam.gke.io/gcp-service-account: ...')",
        )
    ]
    old = {"version": "24.06.0", "cloud_provider": "Gcp", "cloud_identity": "iam.gke.io/gcp-service-account: t@p"}
    assert (
        "trident.cloud_provider",
        "Gcp needs Trident 24.10 or later (version is 24.06.0); older operators refuse it as not a valid "
        "cloud provider",
    ) in errors(spec_of(trident=old))
    assert errors(spec_of(trident={"cloud_provider": "aws"})) == [
        (
            "trident.cloud_identity",
            "is required with cloud_provider AWS: Trident's operator refuses AWS without a cloudIdentity "
            "('eks.amazonaws.com/role-arn: ...'); with EKS Pod Identity leave cloud_provider out",
        )
    ]
    addon = {"install_method": "eks_addon", "cloud_provider": "aws", "cloud_identity": "eks.amazonaws.com/role-arn: r"}
    assert errors(spec_of(trident=addon)) == []
    assert error_paths(spec_of(trident={"install_method": "eks_addon", "cloud_provider": "azure"})) == [
        "trident.install_method"
    ]


def test_an_unknown_cloud_provider_and_another_pull_policy_case_are_refused() -> None:
    assert errors(spec_of(trident={"cloud_provider": "amazon"})) == [
        ("trident.cloud_provider", "'amazon' is not one of AWS, Azure, GCP, '' (any case)")
    ]
    # imagePullPolicy stays exact: the operator compares it with Kubernetes' constants (installer.go@v26.06.0:211-219).
    assert error_paths(spec_of(trident={"image_pull_policy": "always"})) == ["trident.image_pull_policy"]
    assert install_precheck({"imagePullPolicy": "always"}, "26.06.0") == (
        "'always' is not a valid trident image pull policy format"
    )


def test_a_live_orchestrator_with_other_spellings_adopts_with_no_loss() -> None:
    trident = {
        "log_level": "DEBUG",
        "fs_group_policy": "file",
        "cloud_provider": "azure",
        "cloud_identity": "azure.workload.identity/client-id: 00000000-0000-0000-0000-000000000000",
    }
    obj = live(rendered(spec_of(trident=trident), "TridentOrchestrator"))
    obj["status"] = {"version": "26.06.0"}
    found = adoption.adopt([obj])
    assert found.losses == []
    assert {k: found.spec["trident"][k] for k in trident} == trident


# --- managementLIF with a port ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lif", ["10.0.0.1:8443", "svm1.example.com:443", "[fd00::1]:443", "[fd00::1]", "cluster.example.com", "10.0.0.1"]
)
def test_a_management_lif_with_a_port_is_taken_and_written_as_given(lif: str) -> None:
    # InitializeOntapDriver looks up the part before ':' (inside [...] for IPv6) and connects to host:port
    # (ontap_common.go@v26.06.0:1634-1648, api/ontap_rest.go@v26.06.0:185).
    spec = spec_of({**NAS, "management_lif": lif})
    assert errors(spec) == []
    assert rendered(spec, "TridentBackendConfig")["spec"]["managementLIF"] == lif


@pytest.mark.parametrize(
    ("lif", "message"),
    [
        ("10.0.0.1:0", "the port '0' is not a number from 1 to 65535"),
        ("10.0.0.1:65536", "the port '65536' is not a number from 1 to 65535"),
        ("10.0.0.1:https", "the port 'https' is not a number from 1 to 65535"),
        ("10.0.0.1:", "the port '' is not a number from 1 to 65535"),
        ("fd00::1", "write an IPv6 address in brackets"),  # Trident splits on '[' and panics without them
        ("[fd00::1]:", "the port '' is not a number from 1 to 65535"),
        ("10.0.0.1:443:1", "is not an IP address or a DNS name"),
        ("bad_host:443", "is not an IP address or a DNS name"),
    ],
)
def test_a_management_lif_with_a_bad_port_or_host_is_refused(lif: str, message: str) -> None:
    found = errors(spec_of({**NAS, "management_lif": lif}))
    assert [p for p, _message in found] == ["backends[0].management_lif"]
    assert message in found[0][1]


def test_the_data_lif_takes_no_port() -> None:
    assert error_paths(spec_of({**NAS, "data_lif": "10.0.0.2:2049"})) == ["backends[0].data_lif"]


def test_a_live_backend_with_a_management_lif_port_adopts_with_no_loss() -> None:
    obj = live(rendered(spec_of({**NAS, "management_lif": "[fd00::10]:8443"}), "TridentBackendConfig"))
    found = adoption.adopt([obj])
    assert found.losses == []
    assert found.spec["backends"][0]["management_lif"] == "[fd00::10]:8443"


def test_irsa_takes_the_aws_provider_in_any_case_and_keeps_its_spelling() -> None:
    # The aws section's rule (cloud_provider must be AWS with an IRSA identity) compares the normalised value, and
    # resolve fills the identity in without respelling the provider.
    data = yaml.safe_load((ROOT / "examples" / "aws-fsx-provision.yaml").read_text())
    data["trident"]["cloud_provider"] = "aws"
    assert errors(data) == []
    outputs = {"file_system_id": "fs-0123456789abcdef0", "credentials_secret_arn": SECRET_ARN, "role_arn": ROLE_ARN}
    torc = next(o for o in render(resolve(load(data), outputs)).objects if o["kind"] == "TridentOrchestrator")
    assert (torc["spec"]["cloudProvider"], torc["spec"]["cloudIdentity"]) == (
        "aws",
        f"eks.amazonaws.com/role-arn: {ROLE_ARN}",
    )
    data["trident"]["cloud_provider"] = "azure"
    assert ("trident.cloud_provider", "must be AWS when aws.trident_identity gives Trident its IAM role") in errors(
        data
    )
