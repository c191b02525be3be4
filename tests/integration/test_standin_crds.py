"""The stand-in's CRDs are Trident's own (tests/standin/crds): kube-apiserver refuses what Trident's API server
refuses, and prunes what Trident's schemas do not declare, so a render the real cluster would not take fails here.

Rules under test (cli/k8s_client/yaml_factory.go at v26.06.0, docs/trident-facts/crds.md):
TridentMirrorRelationship ``spec.state`` is one of "", promoted, established, reestablished; ``spec.volumeMappings``
is required and holds exactly one mapping, whose ``localPVCName`` is required; TridentVolumeReference needs
``spec.pvcName`` and ``spec.pvcNamespace``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from standin.crds import SNAPSHOT_CRDS, TRIDENT_CRDS, apply_crds

pytestmark = pytest.mark.cluster

GROUP, VERSION = "trident.netapp.io", "v1"
JSON = dict[str, Any]


@pytest.fixture(scope="module")
def objects(kube_admin: client.ApiClient) -> client.CustomObjectsApi:
    apply_crds(kube_admin, TRIDENT_CRDS)
    apply_crds(kube_admin, SNAPSHOT_CRDS)
    return client.CustomObjectsApi(kube_admin)


def trident_object(kind: str, name: str, spec: JSON) -> JSON:
    return {"apiVersion": f"{GROUP}/{VERSION}", "kind": kind, "metadata": {"name": name}, "spec": spec}


def tmr(spec: JSON) -> JSON:
    return trident_object("TridentMirrorRelationship", "mirror", spec)


def tvr(spec: JSON) -> JSON:
    return trident_object("TridentVolumeReference", "reference", spec)


def refusal(objects: client.CustomObjectsApi, namespace: str, plural: str, body: JSON) -> list[tuple[str, str]]:
    """Create ``body``; the API server's reasons for refusing it as (field, message) pairs (a test failure if it
    is accepted)."""
    with pytest.raises(ApiException) as refused:
        objects.create_namespaced_custom_object(GROUP, VERSION, namespace, plural, body)
    assert refused.value.status == 422, refused.value.body
    causes = json.loads(refused.value.body)["details"]["causes"]
    return [(cause["field"], cause["message"]) for cause in causes]


MAPPING = {"localPVCName": "db", "remoteVolumeHandle": "svm1:trident_db"}


@pytest.mark.parametrize(
    ("spec", "cause"),
    [
        pytest.param(
            {"state": "mirrored", "volumeMappings": [MAPPING]},
            (
                "spec.state",
                'Unsupported value: "mirrored": supported values: "", "promoted", "established", "reestablished"',
            ),
            id="state-not-in-enum",
        ),
        pytest.param(
            {"state": "established", "volumeMappings": [MAPPING, {"localPVCName": "logs"}]},
            ("spec.volumeMappings", "Invalid value: 2: spec.volumeMappings in body should have at most 1 items"),
            id="two-volume-mappings",
        ),
        pytest.param(
            {"state": "established", "volumeMappings": []},
            ("spec.volumeMappings", "Invalid value: 0: spec.volumeMappings in body should have at least 1 items"),
            id="no-volume-mapping",
        ),
        pytest.param(
            {"state": "established"},
            ("spec.volumeMappings", "Required value"),
            id="volume-mappings-missing",
        ),
        pytest.param(
            {"state": "established", "volumeMappings": [{"remoteVolumeHandle": "svm1:trident_db"}]},
            # kube-apiserver 1.20 names an array item's field without its index.
            ("spec.volumeMappings.localPVCName", "Required value"),
            id="local-pvc-name-missing",
        ),
    ],
)
def test_mirror_relationship_outside_the_schema_is_refused(
    objects: client.CustomObjectsApi, namespace: str, spec: JSON, cause: tuple[str, str]
) -> None:
    assert refusal(objects, namespace, "tridentmirrorrelationships", tmr(spec)) == [cause]


def test_volume_reference_without_pvc_name_or_namespace_is_refused(
    objects: client.CustomObjectsApi, namespace: str
) -> None:
    missing_name = refusal(objects, namespace, "tridentvolumereferences", tvr({"pvcNamespace": "prod"}))
    assert missing_name == [("spec.pvcName", "Required value")]
    missing_namespace = refusal(objects, namespace, "tridentvolumereferences", tvr({"pvcName": "db"}))
    assert missing_namespace == [("spec.pvcNamespace", "Required value")]


def test_valid_objects_are_accepted_and_undeclared_fields_pruned(
    objects: client.CustomObjectsApi, namespace: str
) -> None:
    spec = {
        "state": "established",
        "replicationPolicy": "MirrorAllSnapshots",
        "replicationSchedule": "5min",
        # Not in Trident's schema (a misspelling of volumeMappings): the API server drops it.
        "volumeMapping": [MAPPING],
        "volumeMappings": [MAPPING],
    }
    created = objects.create_namespaced_custom_object(
        GROUP, VERSION, namespace, "tridentmirrorrelationships", tmr(spec)
    )
    assert created["spec"] == {key: value for key, value in spec.items() if key != "volumeMapping"}

    reference = tvr({"pvcName": "db", "pvcNamespace": "prod"})
    created = objects.create_namespaced_custom_object(GROUP, VERSION, namespace, "tridentvolumereferences", reference)
    assert created["spec"] == reference["spec"]


def test_mirror_status_takes_tridents_empty_strings(objects: client.CustomObjectsApi, namespace: str) -> None:
    """Trident writes every condition field, "" included (none is omitempty); the stand-in does the same, so
    the status subresource must take them. Fields the schema does not declare are pruned."""
    objects.create_namespaced_custom_object(
        GROUP, VERSION, namespace, "tridentmirrorrelationships", tmr({"state": "promoted", "volumeMappings": [MAPPING]})
    )
    condition = {
        "state": "promoted",
        "message": "",
        "localPVCName": "db",
        "localVolumeHandle": "svm1:trident_pvc_db",
        "remoteVolumeHandle": "",
        "replicationPolicy": "",
        "replicationSchedule": "",
        "observedGeneration": 1,
        "lastTransitionTime": "2026-06-01T00:00:00Z",
    }
    written = objects.patch_namespaced_custom_object_status(
        GROUP,
        VERSION,
        namespace,
        "tridentmirrorrelationships",
        "mirror",
        {"status": {"conditions": [{**condition, "reason": "not in Trident's schema"}]}},
    )
    assert written["status"] == {"conditions": [condition]}
