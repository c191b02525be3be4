"""Declare the rendered stages of a spec as child resources, in the order the Ansible side applies them.

The spec package renders three stages (``spec.render``): ``trident``, ``backends``, ``classes``. Pulumi
creates resources in parallel unless told otherwise, so the order becomes explicit dependencies:

- within ``trident`` each object waits for the one before it (namespace, CRD, RBAC, operator,
  TridentOrchestrator): the operator needs its namespace and RBAC, the orchestrator its CRD;
- a TridentBackendConfig waits for the Secret it names, if the stack renders that Secret;
- every later object waits for Trident's readiness gate: the TridentOrchestrator, which reports
  Installed once the operator has registered Trident's CRDs, or, when Trident is installed by the EKS
  add-on or other tooling, whatever the caller passes in ``depends_on``. So no backend races those CRDs,
  and ``pulumi destroy`` removes backends and classes while Trident still runs to release them.

In the ``addons`` stage (team namespaces, Trident protect, monitoring) an object also waits for what this run
declares that it needs: the Namespace it lives in, the CRD that registers its kind, and the objects it names
(a Trident protect Schedule: its Application and AppVault, which carries a readiness wait itself).

Classes do not wait for the backends (the Ansible side applies them after its Bound wait): Trident
matches classes and pools whichever comes first, and the wait would make every class depend on every
backend, a dependency list that grows with the product of the two. The TridentBackendConfigs still carry
their readiness wait (Bound), and the components' outputs depend on them, so a program that uses a
component's outputs, or ``depends_on`` it, creates its PVCs only once the backends are Bound.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi

from .declare import declare, logical_name
from .spec.api import Stage
from .spec.kinds import KINDS
from .spec.render_addons import STAGE as ADDONS
from .spec.render_protect import references

Fill = Callable[[Mapping[str, Any]], Mapping[str, Any]]


@dataclass
class Declared:
    """The resources declared for each object, by stage, in render order."""

    stages: dict[str, list[tuple[Mapping[str, Any], pulumi.CustomResource]]] = field(default_factory=dict)
    gate: list[pulumi.Resource] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[pulumi.CustomResource]:
        return [r for items in self.stages.values() for obj, r in items if obj["kind"] == kind]

    def first(self, kind: str) -> pulumi.CustomResource | None:
        found = self.of_kind(kind)
        return found[0] if found else None


def declare_stages(
    stages: Sequence[Stage],
    *,
    parent: pulumi.Resource,
    prefix: str,
    depends_on: Sequence[pulumi.Resource],
    fill: Fill,
) -> Declared:
    """Declare every object of ``stages`` as a child of ``parent``; ``depends_on`` gates the first stage."""
    declared = Declared(gate=list(depends_on))
    by_key: dict[tuple[str, str, str], pulumi.CustomResource] = {}
    for stage in stages:
        items: list[tuple[Mapping[str, Any], pulumi.CustomResource]] = []
        secrets: dict[str, pulumi.CustomResource] = {}
        previous: list[pulumi.Resource] = []
        for obj in stage.objects:
            after = [*declared.gate, *previous]
            if obj["kind"] == "TridentBackendConfig":
                secret = secrets.get(_credentials_secret(obj))
                after += [secret] if secret is not None else []
            if stage.name == ADDONS:  # the earlier stages are ordered by their chain and the gate
                after += [r for r in _needs(obj, by_key) if r not in after]
            resource = declare(
                logical_name(prefix, obj), fill(obj), pulumi.ResourceOptions(parent=parent, depends_on=after)
            )
            items.append((obj, resource))
            by_key[(str(obj["kind"]), str(obj["metadata"].get("namespace") or ""), str(obj["metadata"]["name"]))] = (
                resource
            )
            if obj["kind"] == "Secret":
                secrets[obj["metadata"]["name"]] = resource
            if stage.name == "trident":
                previous = [resource]
        declared.stages[stage.name] = items
        orchestrator: list[pulumi.Resource] = [r for obj, r in items if obj["kind"] == "TridentOrchestrator"]
        if orchestrator:
            declared.gate = orchestrator  # waited on until Installed (its readiness annotation)
    return declared


def _needs(
    obj: Mapping[str, Any], declared: Mapping[tuple[str, str, str], pulumi.CustomResource]
) -> list[pulumi.CustomResource]:
    """What ``obj`` needs among the resources declared so far: its Namespace, its kind's CRD, what it names."""
    wanted = []
    namespace = obj["metadata"].get("namespace")
    if namespace:
        wanted.append(("Namespace", "", str(namespace)))
    kind = KINDS.get((str(obj["apiVersion"]), str(obj["kind"])))
    if kind is not None and kind.group:
        wanted.append(("CustomResourceDefinition", "", f"{kind.plural}.{kind.group}"))
    found = [declared[key] for key in wanted if key in declared]
    for ref_kind, ref_name in references(obj):
        found += [r for (k, _ns, n), r in declared.items() if (k, n) == (ref_kind, ref_name)]
    return found


def _credentials_secret(tbc: Mapping[str, Any]) -> str:
    credentials = tbc["spec"].get("credentials", {})
    return "" if credentials.get("type") == "awsarn" else str(credentials.get("name", ""))
