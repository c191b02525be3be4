"""The info module's autogrow_policies against a scripted API (no cluster): each TridentAutogrowPolicy with its live
values and the state Trident's controller wrote, and none on a cluster whose Trident predates 26.02 (the kind is not
served), which is no failure."""

from __future__ import annotations

from typing import Any

import pytest
from api_double import HOST, FakeConfiguration, ScriptedPool, listing, not_found

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import Connection
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils._ops.info import gather

TRIDENT = "/apis/trident.netapp.io/v1"
TAPS = f"{TRIDENT}/tridentautogrowpolicies"
MANAGED = {"app.kubernetes.io/managed-by": "tridentops"}


def reads(policies: Any) -> list[tuple[str, str, Any]]:
    """What info lists, in order: an empty cluster apart from the TridentAutogrowPolicies answer."""
    return [
        ("GET", f"{TRIDENT}/tridentorchestrators", listing("TridentOrchestrator", [])),
        ("GET", f"{TRIDENT}/namespaces/trident/tridentvolumes", listing("TridentVolume", [])),
        ("GET", f"{TRIDENT}/namespaces/trident/tridentbackendconfigs", listing("TridentBackendConfig", [])),
        ("GET", "/apis/storage.k8s.io/v1/storageclasses", listing("StorageClass", [])),
        ("GET", "/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses", listing("VolumeSnapshotClass", [])),
        ("GET", TAPS, policies),
    ]


def policy(name: str, spec: dict[str, str], status: dict[str, str], labels: dict[str, str]) -> dict[str, Any]:
    return {"metadata": {"name": name, "labels": labels}, "spec": spec, "status": status}


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            listing(
                "TridentAutogrowPolicy",
                [
                    policy(
                        "standard",
                        {"usedThreshold": "80%", "growthAmount": "10%", "maxSize": "0"},
                        {"state": "Success", "message": "Autogrow policy validated and ready to use"},
                        MANAGED,
                    ),
                    policy(
                        "big",
                        {"usedThreshold": "90%", "growthAmount": "5Gi", "maxSize": "2Gi"},
                        {
                            "state": "Failed",
                            "message": "Validation failed: maxSize (2147483648 bytes) must be greater than "
                            "growthAmount (5368709120 bytes) when both are absolute values",
                        },
                        {},
                    ),
                ],
            ),
            [
                {
                    "name": "big",
                    "used_threshold": "90%",
                    "growth_amount": "5Gi",
                    "max_size": "2Gi",
                    "state": "Failed",
                    "message": "Validation failed: maxSize (2147483648 bytes) must be greater than growthAmount "
                    "(5368709120 bytes) when both are absolute values",
                    "managed": False,
                },
                {
                    "name": "standard",
                    "used_threshold": "80%",
                    "growth_amount": "10%",
                    "max_size": "0",
                    "state": "Success",
                    "message": "Autogrow policy validated and ready to use",
                    "managed": True,
                },
            ],
        ),
        (not_found("the server could not find the requested resource"), []),
    ],
    ids=["listed", "trident-before-26.02"],
)
def test_info_lists_autogrow_policies_with_their_state(answer: Any, expected: list[dict[str, Any]]):
    pool = ScriptedPool(reads(answer))
    found = gather(KubeSession(Connection(HOST, pool, FakeConfiguration())))
    pool.assert_done()
    assert found["autogrow_policies"] == expected
