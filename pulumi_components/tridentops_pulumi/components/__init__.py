"""The tridentops Pulumi components."""

import pulumi

from .autogrow import TridentAutogrowPolicy
from .backend import FsxTridentBackend, OntapBackend
from .classes import TridentSnapshotClass, TridentStorageClass
from .fsx import FsxOntapStorage
from .monitoring import TridentMonitoring
from .onboarding import NamespaceOnboarding
from .operator import TridentOperator
from .protect import TridentProtect
from .stack import TridentStack

# The components a multi-language package hosts, in schema order.
COMPONENTS = (
    "TridentStack",
    "TridentOperator",
    "OntapBackend",
    "FsxTridentBackend",
    "TridentStorageClass",
    "TridentSnapshotClass",
    "TridentAutogrowPolicy",
    "FsxOntapStorage",
    "TridentProtect",
    "NamespaceOnboarding",
    "TridentMonitoring",
)


def hosted_components() -> list[type[pulumi.ComponentResource]]:
    """The component classes a multi-language package hosts (the provider host and the schema generator)."""
    found = globals()
    return [found[name] for name in COMPONENTS]


__all__ = [
    "COMPONENTS",
    "FsxOntapStorage",
    "FsxTridentBackend",
    "NamespaceOnboarding",
    "OntapBackend",
    "TridentAutogrowPolicy",
    "TridentMonitoring",
    "TridentOperator",
    "TridentProtect",
    "TridentSnapshotClass",
    "TridentStack",
    "TridentStorageClass",
    "hosted_components",
]
