"""The storage spec's public API: one model of a Trident storage stack, validated once and rendered once.

The spec package is pure Python (standard library; PyYAML only to read and write files) with relative imports,
so it imports both as the Ansible collection's module_utils and as ``tridentops_pulumi.spec``. Its
``__init__`` stays empty (collections' module_utils packages must have empty ``__init__`` files), so the
names a program needs are here:

    from tridentops_pulumi.spec.api import load, render
    spec = load(data)            # validate; SpecError carries every error with its field path
    stack = render(spec)         # Kubernetes objects in apply stages
"""

from __future__ import annotations

from .issues import Issue, SpecError
from .render import RenderedStack, Stage, mask_secrets, render
from .stack import StorageSpec, load, validate

__all__ = [
    "Issue",
    "RenderedStack",
    "SpecError",
    "Stage",
    "StorageSpec",
    "load",
    "mask_secrets",
    "render",
    "validate",
]
