"""What every tridentops component does the same way: type tokens, dependencies, warnings, outputs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import pulumi

from ..spec_inputs import Filler, PlannedSpec
from ..stages import Declared, declare_stages

PACKAGE = "tridentops"
T = TypeVar("T")


def token(component: str) -> str:
    # Source-based component packages only allow the module "index" (ComponentProvider checks it).
    return f"{PACKAGE}:index:{component}"


def component_depends_on(opts: pulumi.ResourceOptions | None) -> list[pulumi.Resource]:
    """The component's own ``depends_on``, which its children must carry themselves.

    A component's ``depends_on`` only delays the component itself, which creates nothing; its children
    are created as soon as their own dependencies are, so a backend inside a component that
    ``depends_on`` the operator would still race it unless the backend waits too.
    """
    deps: Any = opts.depends_on if opts is not None else None
    if deps is None:
        return []
    if isinstance(deps, pulumi.Resource):
        return [deps]
    if isinstance(deps, Sequence) and all(isinstance(d, pulumi.Resource) for d in deps):
        return list(deps)
    raise TypeError("tridentops components take depends_on as a resource or a list of resources, not an Output")


def report_warnings(planned: PlannedSpec, resource: pulumi.Resource) -> None:
    for issue in planned.warnings:
        pulumi.log.warn(f"{planned.where}: {issue}", resource=resource)


def known_after(resource: pulumi.Resource, value: T) -> pulumi.Output[T]:
    """``value`` as an Output that depends on ``resource``, so whoever uses it waits for the resource."""
    return pulumi.Output.all(resource.urn, value).apply(lambda pair: pair[1])


def all_known_after(resources: Sequence[pulumi.Resource], values: list[T]) -> pulumi.Output[list[T]]:
    """``values`` as one Output that depends on every resource (one Output, not one per resource)."""
    return pulumi.Output.all(*[r.urn for r in resources]).apply(lambda _: values)


def declare_planned(
    component: pulumi.ComponentResource,
    name: str,
    planned: PlannedSpec,
    opts: pulumi.ResourceOptions | None,
    after: Sequence[pulumi.Resource] = (),
) -> tuple[Declared, Filler]:
    """Declare everything ``planned`` renders as children of ``component``, in stage order; the first stage waits
    for the component's ``depends_on`` and for ``after`` (what the component itself declared first)."""
    report_warnings(planned, component)
    filler = Filler(planned)
    declared = declare_stages(
        planned.render().stages,
        parent=component,
        prefix=name,
        depends_on=[*component_depends_on(opts), *after],
        fill=filler.fill,
    )
    return declared, filler
