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


FRAGMENTS: dict[str, Callable[[], dict[str, Any]]] = {name: _docs(name) for name in MODEL_OPTIONS}
