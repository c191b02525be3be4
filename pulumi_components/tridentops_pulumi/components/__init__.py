"""The tridentops Pulumi components."""

from .backend import FsxTridentBackend, OntapBackend
from .classes import TridentSnapshotClass, TridentStorageClass
from .fsx import FsxOntapStorage
from .operator import TridentOperator
from .stack import TridentStack

# The components a multi-language package hosts, in schema order.
COMPONENTS = (
    "TridentStack",
    "TridentOperator",
    "OntapBackend",
    "FsxTridentBackend",
    "TridentStorageClass",
    "TridentSnapshotClass",
    "FsxOntapStorage",
)

__all__ = [
    "COMPONENTS",
    "FsxOntapStorage",
    "FsxTridentBackend",
    "OntapBackend",
    "TridentOperator",
    "TridentSnapshotClass",
    "TridentStack",
    "TridentStorageClass",
]
