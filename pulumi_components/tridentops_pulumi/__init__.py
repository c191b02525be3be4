"""tridentops_pulumi: Pulumi components for a NetApp Trident storage stack, built from the tridentops
storage spec (``tridentops_pulumi.spec``; its public names are in ``tridentops_pulumi.spec.api``).

    from tridentops_pulumi import TridentStack
    TridentStack("storage", yaml.safe_load(open("spec.yaml")))

Components: TridentStack (a whole spec), TridentOperator, OntapBackend, FsxTridentBackend,
TridentStorageClass, TridentSnapshotClass, FsxOntapStorage, TridentProtect, NamespaceOnboarding,
TridentMonitoring. Their args are TypedDicts
(``tridentops_pulumi.spec_args``, ``tridentops_pulumi.fsx_args``).
"""

from __future__ import annotations

import importlib
from importlib import metadata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .components import (
        FsxOntapStorage,
        FsxTridentBackend,
        NamespaceOnboarding,
        OntapBackend,
        TridentMonitoring,
        TridentOperator,
        TridentProtect,
        TridentSnapshotClass,
        TridentStack,
        TridentStorageClass,
    )
    from .spec_inputs import InvalidArgs

try:
    __version__ = metadata.version("tridentops")
except metadata.PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"

# Imported on first use: the tridentops command (tridentops_pulumi.cli) and the spec package must not pay
# for loading the Pulumi SDKs (pulumi_aws alone takes seconds).
_LAZY = {
    "FsxOntapStorage": ".components",
    "FsxTridentBackend": ".components",
    "NamespaceOnboarding": ".components",
    "OntapBackend": ".components",
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
    "TridentMonitoring",
    "TridentOperator",
    "TridentProtect",
    "TridentSnapshotClass",
    "TridentStack",
    "TridentStorageClass",
    "__version__",
]
