"""CrossGuard wrapper: the spec package's Trident policy rules as Pulumi resource validation policies.

The rules are ``tridentops_pulumi.spec.policy``'s object rules, shared with the Ansible side; this module
only maps each rule onto a ``ResourceValidationPolicy`` that judges the Kubernetes resources a stack
declares (StorageClasses, TridentBackendConfigs, TridentOrchestrators), whoever declares them.

Run the pack with ``pulumi preview --policy-pack <this directory>`` (``__main__.py`` builds it). Policy
config ``productionClasses`` (a list of fnmatch patterns of StorageClass names; default ``["*"]``) says
which classes the class rules apply to.

Needs ``pulumi-policy`` (the ``tridentops[policy]`` extra).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from ..spec.policy import RULES, PolicyConfig, check_object

PACK_NAME = "tridentops"
CONFIG_KEY = "productionClasses"
# Resource types whose inputs are Kubernetes objects the rules judge; everything else is skipped.
JUDGED_TYPES = (
    "kubernetes:storage.k8s.io/v1:StorageClass",
    "kubernetes:trident.netapp.io/v1:TridentBackendConfig",
    "kubernetes:trident.netapp.io/v1:TridentOrchestrator",
)
CONFIG_SCHEMA = PolicyConfigSchema(
    properties={
        CONFIG_KEY: {
            "type": "array",
            "items": {"type": "string"},
            "default": ["*"],
            "description": "fnmatch patterns of the StorageClass names that count as production.",
        }
    }
)


def kubernetes_object(resource_type: str, props: Mapping[str, Any]) -> dict[str, Any]:
    """The Kubernetes object a resource declares: its inputs, with apiVersion and kind from its type token."""
    _, api_version, kind = resource_type.split(":", 2)
    return {"apiVersion": api_version, "kind": kind, **props}


def config_of(args: ResourceValidationArgs) -> PolicyConfig:
    patterns = args.get_config().get(CONFIG_KEY, ["*"])
    return PolicyConfig(production_classes=tuple(str(p) for p in patterns))


def validator(rule: str) -> ResourceValidation:
    """The CrossGuard validation of one rule."""

    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if args.resource_type not in JUDGED_TYPES:
            return
        obj = kubernetes_object(args.resource_type, args.props)
        for violation in check_object(obj, config_of(args), rules=[rule]):
            report_violation(f"{violation.path}: {violation.message}", None)

    return validate


def policies(enforcement_level: EnforcementLevel = EnforcementLevel.MANDATORY) -> list[Policy]:
    """One policy per rule, named by the rule id."""
    return [
        ResourceValidationPolicy(
            name=rule,
            description=description,
            validate=validator(rule),
            enforcement_level=enforcement_level,
            config_schema=CONFIG_SCHEMA,
        )
        for rule, description in RULES.items()
    ]
