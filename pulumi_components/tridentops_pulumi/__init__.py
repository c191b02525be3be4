"""tridentops_pulumi: Pulumi components for a NetApp Trident storage stack, built from the tridentops
storage spec (``tridentops_pulumi.spec``; its public names are in ``tridentops_pulumi.spec.api``).

    from tridentops_pulumi import TridentStack
    TridentStack("storage", yaml.safe_load(open("spec.yaml")))

Components: TridentStack (a whole spec), TridentOperator, OntapBackend, FsxTridentBackend,
TridentStorageClass, TridentSnapshotClass, TridentAutogrowPolicy, FsxOntapStorage, TridentProtect,
NamespaceOnboarding, TridentMonitoring. Their args are TypedDicts generated from the spec model
(``tridentops_pulumi.spec_args``); FsxOntapStorage takes the spec's ``aws`` section.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .components import (
        FsxOntapStorage,
        FsxTridentBackend,
        NamespaceOnboarding,
        OntapBackend,
        TridentAutogrowPolicy,
        TridentMonitoring,
        TridentOperator,
        TridentProtect,
        TridentSnapshotClass,
        TridentStack,
        TridentStorageClass,
    )
    from .spec_inputs import InvalidArgs

# The one place the Python package's version is written: pyproject.toml reads it from here (setuptools' dynamic
# version), so an installed distribution, a source tree and an editable install that predates a release all agree.
# Released together with the collection of the same version (galaxy.yml; tests/unit/test_release.py holds them equal).
__version__ = "1.1.0"

# Imported on first use: the tridentops command (tridentops_pulumi.cli) and the spec package must not pay
# for loading the Pulumi SDKs (pulumi_aws alone takes seconds).
_LAZY = {
    "FsxOntapStorage": ".components",
    "FsxTridentBackend": ".components",
    "NamespaceOnboarding": ".components",
    "OntapBackend": ".components",
    "TridentAutogrowPolicy": ".components",
    "TridentMonitoring": ".components",
    "TridentOperator": ".components",
    "TridentProtect": ".components",
    "TridentSnapshotClass": ".components",
    "TridentStack": ".components",
    "TridentStorageClass": ".components",
    "InvalidArgs": ".spec_inputs",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FsxOntapStorage",
    "FsxTridentBackend",
    "InvalidArgs",
    "NamespaceOnboarding",
    "OntapBackend",
    "TridentAutogrowPolicy",
    "TridentMonitoring",
    "TridentOperator",
    "TridentProtect",
    "TridentSnapshotClass",
    "TridentStack",
    "TridentStorageClass",
    "__version__",
]
