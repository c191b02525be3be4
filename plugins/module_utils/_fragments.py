"""Which model-backed options each module has: the one place modules and doc fragments both read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._args import model_argspec, model_docs
from .spec.autogrow import AutogrowPolicySpec
from .spec.backend import Backend
from .spec.classes import SnapshotClassSpec, StorageClassSpec
from .spec.monitoring import MonitoringSpec
from .spec.namespaces import NamespaceSpec
from .spec.protect import Application, ProtectSpec, Schedule, Vault
from .spec.stack import StorageSpec
from .spec.trident import TridentSpec


@dataclass(frozen=True)
class ModelOptions:
    """A group of module options mirroring a spec model class: the modules' argument spec and the doc fragment
    both come from the one class, so options, docs and validation cannot disagree."""

    model: Any
    exclude: tuple[str, ...] = ()  # fields the modules do not take
    optional: tuple[str, ...] = ()  # model-required fields the modules require only for state=present

    def argspec(self) -> dict[str, dict[str, Any]]:
        return model_argspec(self.model, self.exclude, self.optional)

    def docs(self) -> dict[str, Any]:
        return model_docs(self.model, self.exclude, self.optional)


# fragment name -> the model options it documents
MODEL_OPTIONS: dict[str, ModelOptions] = {
    "trident_options": ModelOptions(TridentSpec),
    "backend_options": ModelOptions(Backend, optional=("driver", "credentials")),
    "storage_class_options": ModelOptions(StorageClassSpec),
    "snapshot_class_options": ModelOptions(SnapshotClassSpec),
    "autogrow_policy_options": ModelOptions(AutogrowPolicySpec, optional=("used_threshold",)),
    "protect_install_options": ModelOptions(ProtectSpec, exclude=("vaults", "applications", "schedules")),
    "protect_vault_options": ModelOptions(Vault, optional=("provider", "bucket")),
    "protect_app_options": ModelOptions(Application),
    "protect_schedule_options": ModelOptions(Schedule, optional=("application", "vault", "granularity")),
    "monitoring_options": ModelOptions(MonitoringSpec),
    "namespace_options": ModelOptions(NamespaceSpec),
}


def argspec(fragment: str) -> dict[str, dict[str, Any]]:
    return MODEL_OPTIONS[fragment].argspec()


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
