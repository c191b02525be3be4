"""Validate one section entry a module is given (a vault, an application, a namespace, ...) with the spec model.

The whole spec's checks across sections (a schedule's application, a quota's StorageClass) need the rest of
the spec; a module has only its own entry, so those references are checked against the cluster instead.
Messages name the module's own options (``granularity: 'Daly' is not one of Hourly, Daily, ...``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from ansible.module_utils.basic import AnsibleModule

from ..._args import present_params
from ...spec.issues import Issues, SpecError
from ...spec.schema import build

T = TypeVar("T")


def load_section(module: AnsibleModule, cls: type[T], argspec: dict[str, dict[str, Any]]) -> T:
    """The model entry built from the module's parameters; SpecError with every problem at once."""
    issues = Issues()
    built = build(cls, present_params(module.params, argspec), "", issues)
    for issue in issues.warnings:
        module.warn(str(issue))
    if issues.errors or built is None:
        raise SpecError(issues.errors)
    return built
