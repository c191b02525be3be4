"""Render the ``autogrow_policies`` section: one TridentAutogrowPolicy (cluster-scoped) per entry.

Each spec field becomes Trident's key with the string the user wrote (Trident parses it itself, so adoption
is exact); a field left out of the spec is left out of the object, and the API server fills in the CRD's
default (growthAmount 10%, maxSize 0).
"""

from __future__ import annotations

from typing import Any

from . import facts
from .autogrow import KIND, AutogrowPolicySpec

K8sObject = dict[str, Any]


def autogrow_policy(policy: AutogrowPolicySpec, labels: dict[str, str]) -> K8sObject:
    spec = {
        "usedThreshold": policy.used_threshold,
        "growthAmount": policy.growth_amount,
        "maxSize": policy.max_size,
    }
    return {
        "apiVersion": f"{facts.TRIDENT_GROUP}/v1",
        "kind": KIND,
        "metadata": {"name": policy.name, "labels": labels},
        "spec": {k: v for k, v in sorted(spec.items()) if v is not None},
    }


def autogrow_objects(policies: tuple[AutogrowPolicySpec, ...], labels: dict[str, str]) -> list[K8sObject]:
    return [autogrow_policy(p, labels) for p in policies]
