"""Which model-backed options each module has: the one place modules and doc fragments both read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._args import model_argspec, model_docs
from .spec.backend import Backend
from .spec.classes import SnapshotClassSpec, StorageClassSpec
from .spec.monitoring import MonitoringSpec
from .spec.namespaces import NamespaceSpec
from .spec.protect import Application, ProtectSpec, Schedule, Vault
from .spec.stack import StorageSpec
from .spec.trident import TridentSpec

# fragment name -> (model class, fields left out, model-required fields the module requires only for state=present)
MODEL_OPTIONS: dict[str, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {
    "trident_options": (TridentSpec, (), ()),
    "backend_options": (Backend, (), ("driver", "credentials")),
    "storage_class_options": (StorageClassSpec, (), ()),
    "snapshot_class_options": (SnapshotClassSpec, (), ()),
    "protect_install_options": (ProtectSpec, ("vaults", "applications", "schedules"), ()),
    "protect_vault_options": (Vault, (), ("provider", "bucket")),
    "protect_app_options": (Application, (), ()),
    "protect_schedule_options": (Schedule, (), ("application", "vault", "granularity")),
    "monitoring_options": (MonitoringSpec, (), ()),
    "namespace_options": (NamespaceSpec, (), ()),
}


def argspec(fragment: str) -> dict[str, dict[str, Any]]:
    cls, exclude, optional = MODEL_OPTIONS[fragment]
    return model_argspec(cls, exclude, optional)


def _docs(fragment: str) -> Callable[[], dict[str, Any]]:
    cls, exclude, optional = MODEL_OPTIONS[fragment]
    return lambda: model_docs(cls, exclude, optional)


def spec_docs() -> dict[str, Any]:
    """The options that take a whole storage spec (the stack and fsx_ontap_plan modules), every field of the
    model documented as a suboption of ``spec``: where ansible-doc and the docsite show it, with its path."""
    return {
        "spec": {
            "description": [
                "The storage spec, as a dictionary. Mutually exclusive with O(src).",
                "Its fields are documented below as suboptions, each under its path in the spec. For example "
                "O(spec.backends[].credentials.name) is the C(name) of the C(credentials) of an entry of C(backends). "
                "Whole specs are in the collection's C(examples) directory.",
                "The whole spec is validated before anything is written, and every problem is reported at once "
                "with its path (for example C(backends[0].credentials.name)). Fields that hold a secret are "
                "masked in every output.",
            ],
            "type": "dict",
            "suboptions": model_docs(StorageSpec, choices=True),
        },
        "src": {
            "description": [
                "Path of a YAML file holding the storage spec (the fields of O(spec)), on the host that runs "
                "the module."
            ],
            "type": "path",
        },
    }


FRAGMENTS: dict[str, Callable[[], dict[str, Any]]] = {
    **{name: _docs(name) for name in MODEL_OPTIONS},
    "spec": spec_docs,
}
