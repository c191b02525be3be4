"""Validate the args of TridentProtect, NamespaceOnboarding and TridentMonitoring as a spec of their own.

Each component's args are one section (or one ``namespaces[]`` entry) of the storage spec plus where it lives;
they become a spec whose Trident is installed by other means (nothing of Trident's installation is
declared), so the spec model validates them with every check it has, and messages name the component's own
args (``vaults[0].bucket: ...``, ``trident_namespace: ...``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .spec_inputs import PlannedSpec, plan


def _remap(prefix: str, renames: Mapping[str, str]) -> Callable[[str], str]:
    def remap(path: str) -> str:
        if path == "name":
            return "stack"
        for old, new in renames.items():
            if path == old or path.startswith(old + "."):
                return new + path[len(old) :]
        if path == prefix:
            return ""
        if path.startswith((prefix + ".", prefix + "[")):
            return path[len(prefix) :].lstrip(".")
        return path

    return remap


def _document(args: Mapping[str, Any], extras: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    entry = {k: v for k, v in args.items() if k not in ("stack", *extras)}
    document: dict[str, Any] = {"trident": {"install_method": "external"}}
    if "stack" in args:
        document["name"] = args["stack"]
    return document, entry


def plan_protect(args: Mapping[str, Any], where: str) -> PlannedSpec:
    document, entry = _document(args, ())
    document["protect"] = entry
    return plan(document, where, _remap("protect", {}))


def plan_namespace(args: Mapping[str, Any], where: str) -> PlannedSpec:
    document, entry = _document(args, ())
    document["namespaces"] = [entry]
    return plan(document, where, _remap("namespaces[0]", {}))


def plan_monitoring(args: Mapping[str, Any], where: str) -> PlannedSpec:
    document, entry = _document(args, ("trident_namespace", "https"))
    if "trident_namespace" in args:
        document["trident"]["namespace"] = args["trident_namespace"]
    if "https" in args:
        document["trident"]["metrics"] = {"https": args["https"]}
    document["monitoring"] = entry
    renames = {"trident.namespace": "trident_namespace", "trident.metrics.https": "https"}
    return plan(document, where, _remap("monitoring", renames))
