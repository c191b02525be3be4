"""Validate one section of the spec (a backend, a class, Trident itself) as a fine-grained component's args.

A fine-grained component's args are one entry of the spec plus where it lives (``stack``, and for backends
``trident_namespace``). They become a one-entry spec, so the spec model validates them with every check it
has, and the messages speak of the component's own arg names (``management_lif: is required``), not of
the spec document they were put into.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .spec.issues import Issue
from .spec_inputs import InvalidArgs, PlannedSpec, plan

Section = Literal["trident", "backends", "storage_classes", "snapshot_classes", "autogrow_policies"]
EXTRAS = ("stack", "trident_namespace")


def plan_section(
    section: Section, args: Mapping[str, Any], where: str, renames: Mapping[str, str] | None = None
) -> PlannedSpec:
    """A validated one-entry spec for a component's args; ``renames`` maps entry paths to arg names."""
    entry = {k: v for k, v in args.items() if k not in EXTRAS}
    document: dict[str, Any] = {}
    if "stack" in args:
        document["name"] = args["stack"]
    if section == "trident":
        if "install_method" in entry:
            raise InvalidArgs(where, [Issue("install_method", "TridentOperator always installs with the operator")])
        document["trident"] = {**entry, "install_method": "operator"}
        prefix = "trident"
    else:
        # external: this component declares no part of Trident's installation, only its own entry.
        trident: dict[str, Any] = {"install_method": "external"}
        if "trident_namespace" in args:
            trident["namespace"] = args["trident_namespace"]
        document["trident"] = trident
        document[section] = [entry]
        prefix = f"{section}[0]"
    names = dict(renames or {})

    def remap(path: str) -> str:
        if path == "name":
            return "stack"
        if path == "trident.namespace" and section != "trident":
            return "trident_namespace"
        if path == prefix:
            return ""
        if path.startswith(prefix + "."):
            path = path[len(prefix) + 1 :]
        for old, new in names.items():
            if path == old or path.startswith(old + "."):
                return new + path[len(old) :]
        return path

    return plan(document, where, remap)
