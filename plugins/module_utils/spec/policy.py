"""Trident-aware policy rules: what a production storage stack should do beyond being valid.

Validation (``stack.load``) answers "will Trident accept this?"; these rules answer "should a production
cluster run it?". They are plain functions, shared by both front ends:

- ``check_spec(spec, config)`` judges a validated ``StorageSpec`` and reports spec field paths
  (``storage_classes[1].reclaim_policy``), for the Ansible side and the ``tridentops`` CLI;
- ``check_object(obj, config)`` judges one rendered (or hand-written) Kubernetes object and reports paths
  inside it (``spec.autoExportCIDRs[0]``), for Pulumi's CrossGuard wrapper (``tridentops_pulumi.policy``),
  which only sees resources.

Rules (ids are stable; CrossGuard policy names are the same ids):

``class-retain``
    A production StorageClass has ``reclaimPolicy: Retain``: deleting a PVC must not destroy its volume.
``class-encryption``
    A production StorageClass requests encryption (Trident attribute ``encryption: true``), so Trident only
    places its volumes in pools that encrypt (NVE/NAE).
``backend-encryption``
    No backend or virtual pool switches encryption off by default (``defaults.encryption: "false"``).
``export-cidrs-open``
    An automatic export policy does not admit every address: no ``0.0.0.0/0`` or ``::/0`` in
    ``autoExportCIDRs``, and ``autoExportPolicy: true`` names its CIDRs (Trident's default is both of those).
``credentials-by-reference``
    A backend's credentials are a reference (an existing Secret, or a Secrets Manager ARN with
    ``type: awsarn``), never values in the spec or the TridentBackendConfig (static AWS keys included).
``autosupport-insecure``
    AutoSupport uploads keep TLS verification on.

Which classes are production: ``PolicyConfig.production_classes`` holds shell-style patterns (``fnmatch``,
case-sensitive) of StorageClass names. The default ``("*",)`` treats every class as production; ``()``
treats none as production (the class rules then never fire). Kubernetes objects carry no reliable
"environment" marker, and a name list is the one thing the spec, the cluster and CrossGuard's config
all share, so the choice is by name.

Standard library only, relative imports only (the module is the Ansible collection's and the Pulumi
package's at once).
"""

from __future__ import annotations

import fnmatch
import ipaddress
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import facts
from .backend import INLINE_CREDENTIALS, Backend, default_string
from .classes import StorageClassSpec
from .issues import join
from .stack import StorageSpec


@dataclass(frozen=True)
class Violation:
    rule: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(spec)'}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class PolicyConfig:
    production_classes: tuple[str, ...] = ("*",)
    """Patterns (fnmatch) of StorageClass names that count as production."""
    disabled: frozenset[str] = frozenset()
    """Rule ids not to check."""

    def is_production(self, class_name: str) -> bool:
        return any(fnmatch.fnmatchcase(class_name, pattern) for pattern in self.production_classes)


RULES: Mapping[str, str] = {
    "class-retain": "Production StorageClasses use reclaimPolicy Retain, so deleting a PVC keeps its volume.",
    "class-encryption": "Production StorageClasses request encryption (Trident attribute encryption: true).",
    "backend-encryption": "No backend or virtual pool turns volume encryption off by default.",
    "export-cidrs-open": "Automatic export policies never admit every address (0.0.0.0/0 or ::/0).",
    "credentials-by-reference": "Backends reference their credentials (a Secret or a Secrets Manager ARN); "
    "no credential values in the spec or the TridentBackendConfig.",
    "autosupport-insecure": "AutoSupport uploads verify TLS.",
}

# Keys of a TridentBackendConfig spec that would hold credentials inline (Trident refuses them; a
# hand-written TBC may still carry them, and they would sit in plain text in etcd and in state).
_INLINE_CREDENTIAL_KEYS = tuple(INLINE_CREDENTIALS.values())
_INLINE_SPEC_FIELDS = tuple(INLINE_CREDENTIALS)
_ALL_ADDRESSES = "admits every address"


# --- shared predicates -------------------------------------------------------------------------


def _is_true(value: object) -> bool:
    return default_string(value) == "true" if isinstance(value, str | bool | int) else False


def _encryption_off(defaults: Mapping[str, Any]) -> bool:
    value = defaults.get("encryption")
    # Trident reads the value with strconv.ParseBool: 0, f, F, false, False and FALSE all turn encryption off.
    return isinstance(value, str | bool | int) and default_string(value) in facts.GO_FALSE


def _open_cidrs(cidrs: Sequence[object]) -> list[int]:
    """Indexes of CIDRs that admit every address of their family (prefix length 0)."""
    found = []
    for index, cidr in enumerate(cidrs):
        try:
            network = ipaddress.ip_network(str(cidr), strict=False)
        except ValueError:
            continue  # not a CIDR: validation's and Trident's business, not this rule's
        if network.prefixlen == 0:
            found.append(index)
    return found


def _export_findings(
    auto_export_policy: object, cidrs: Sequence[object], policy_path: str, cidrs_path: str
) -> list[tuple[str, str]]:
    if not _is_true(auto_export_policy):
        return []
    if not cidrs:
        return [
            (
                policy_path,
                "autoExportPolicy without autoExportCIDRs admits every client: Trident's default CIDRs are "
                "0.0.0.0/0 and ::/0; list the node networks",
            )
        ]
    return [(join(cidrs_path, i), f"{cidrs[i]} {_ALL_ADDRESSES}; list the node networks") for i in _open_cidrs(cidrs)]


# --- rules on the spec model ---------------------------------------------------------------------

SpecRule = Callable[[StorageSpec, PolicyConfig], list[Violation]]


def class_retain(spec: StorageSpec, config: PolicyConfig) -> list[Violation]:
    return [
        Violation(
            "class-retain",
            join(join("storage_classes", i), "reclaim_policy"),
            f"production class '{sc.name}' deletes volumes with their PVCs; set reclaim_policy: Retain",
        )
        for i, sc in enumerate(spec.storage_classes)
        if config.is_production(sc.name) and sc.effective_reclaim_policy() != "Retain"
    ]


def class_encryption(spec: StorageSpec, config: PolicyConfig) -> list[Violation]:
    return [
        Violation(
            "class-encryption",
            join(join("storage_classes", i), "attributes"),
            f"production class '{sc.name}' does not request encryption; add attributes.encryption: true",
        )
        for i, sc in enumerate(spec.storage_classes)
        if config.is_production(sc.name) and not _class_requests_encryption(sc)
    ]


def _class_requests_encryption(sc: StorageClassSpec) -> bool:
    return sc.trident_attributes().get("encryption") == "true"


def backend_encryption(spec: StorageSpec, config: PolicyConfig) -> list[Violation]:
    found = []
    for i, backend in enumerate(spec.backends):
        here = join("backends", i)
        if _encryption_off(backend.defaults):
            found.append(
                Violation(
                    "backend-encryption",
                    join(join(here, "defaults"), "encryption"),
                    f"backend '{backend.name}' creates unencrypted volumes by default",
                )
            )
        for j, pool in enumerate(backend.virtual_pools):
            if _encryption_off(pool.defaults):
                found.append(
                    Violation(
                        "backend-encryption",
                        join(join(join(join(here, "virtual_pools"), j), "defaults"), "encryption"),
                        f"a virtual pool of backend '{backend.name}' creates unencrypted volumes",
                    )
                )
    return found


def export_cidrs_open(spec: StorageSpec, config: PolicyConfig) -> list[Violation]:
    found = []
    for i, backend in enumerate(spec.backends):
        here = join("backends", i)
        for path, message in _export_findings(
            backend.auto_export_policy,
            list(backend.auto_export_cidrs),
            join(here, "auto_export_policy"),
            join(here, "auto_export_cidrs"),
        ):
            found.append(Violation("export-cidrs-open", path, f"backend '{backend.name}': {message}"))
    return found


def credentials_by_reference(spec: StorageSpec, config: PolicyConfig) -> list[Violation]:
    return [
        Violation(
            "credentials-by-reference",
            join(join("backends", i), "credentials"),
            f"backend '{backend.name}' carries {', '.join(_inline_fields(backend))} in the spec; "
            "reference an existing Secret (credentials.name) or a Secrets Manager ARN (type: awsarn)",
        )
        for i, backend in enumerate(spec.backends)
        if backend.credentials.inline
    ] + [
        Violation(
            "credentials-by-reference",
            join(join("backends", i), "aws"),
            f"backend '{backend.name}' carries static AWS keys (api_key, secret_key), which Trident reads from the "
            "TridentBackendConfig itself; let Trident use its IAM role",
        )
        for i, backend in enumerate(spec.backends)
        if backend.aws is not None and (backend.aws.api_key is not None or backend.aws.secret_key is not None)
    ]


def _inline_fields(backend: Backend) -> list[str]:
    return [f for f in _INLINE_SPEC_FIELDS if getattr(backend.credentials, f) is not None]


def autosupport_insecure(spec: StorageSpec, config: PolicyConfig) -> list[Violation]:
    if not spec.trident.autosupport.insecure:
        return []
    return [
        Violation(
            "autosupport-insecure",
            "trident.autosupport.insecure",
            "AutoSupport uploads skip TLS verification; trust the proxy's CA instead",
        )
    ]


SPEC_RULES: Mapping[str, SpecRule] = {
    "class-retain": class_retain,
    "class-encryption": class_encryption,
    "backend-encryption": backend_encryption,
    "export-cidrs-open": export_cidrs_open,
    "credentials-by-reference": credentials_by_reference,
    "autosupport-insecure": autosupport_insecure,
}


def check_spec(spec: StorageSpec, config: PolicyConfig | None = None) -> list[Violation]:
    """Every violation of every enabled rule, in rule order then spec order."""
    config = config or PolicyConfig()
    return [v for rule, check in SPEC_RULES.items() if rule not in config.disabled for v in check(spec, config)]


# --- rules on Kubernetes objects -----------------------------------------------------------------

ObjectRule = Callable[[Mapping[str, Any], PolicyConfig], list[Violation]]


def _is_trident_class(obj: Mapping[str, Any]) -> bool:
    return obj.get("kind") == "StorageClass" and obj.get("provisioner") == facts.CSI_DRIVER


def _is_kind(obj: Mapping[str, Any], kind: str) -> bool:
    return obj.get("kind") == kind and str(obj.get("apiVersion", "")).startswith(f"{facts.TRIDENT_GROUP}/")


def _name(obj: Mapping[str, Any]) -> str:
    metadata = obj.get("metadata") or {}
    return str(metadata.get("name", "")) if isinstance(metadata, Mapping) else ""


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _sequence(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else []


def object_class_retain(obj: Mapping[str, Any], config: PolicyConfig) -> list[Violation]:
    if not _is_trident_class(obj) or not config.is_production(_name(obj)):
        return []
    if obj.get("reclaimPolicy", "Delete") == "Retain":
        return []
    return [
        Violation(
            "class-retain",
            "reclaimPolicy",
            f"production class '{_name(obj)}' deletes volumes with their PVCs; set reclaimPolicy: Retain",
        )
    ]


def object_class_encryption(obj: Mapping[str, Any], config: PolicyConfig) -> list[Violation]:
    if not _is_trident_class(obj) or not config.is_production(_name(obj)):
        return []
    parameters = _mapping(obj.get("parameters"))
    value = parameters.get("encryption", parameters.get(f"{facts.TRIDENT_PARAMETER_PREFIX}encryption"))
    if _is_true(value):
        return []
    return [
        Violation(
            "class-encryption",
            "parameters.encryption",
            f"production class '{_name(obj)}' does not request encryption; set parameters.encryption: \"true\"",
        )
    ]


def object_backend_encryption(obj: Mapping[str, Any], config: PolicyConfig) -> list[Violation]:
    if not _is_kind(obj, "TridentBackendConfig"):
        return []
    spec = _mapping(obj.get("spec"))
    found = []
    if _encryption_off(_mapping(spec.get("defaults"))):
        found.append(
            Violation(
                "backend-encryption",
                "spec.defaults.encryption",
                f"backend '{_name(obj)}' creates unencrypted volumes by default",
            )
        )
    for j, pool in enumerate(_sequence(spec.get("storage"))):
        if _encryption_off(_mapping(_mapping(pool).get("defaults"))):
            found.append(
                Violation(
                    "backend-encryption",
                    f"spec.storage[{j}].defaults.encryption",
                    f"a virtual pool of backend '{_name(obj)}' creates unencrypted volumes",
                )
            )
    return found


def object_export_cidrs_open(obj: Mapping[str, Any], config: PolicyConfig) -> list[Violation]:
    if not _is_kind(obj, "TridentBackendConfig"):
        return []
    spec = _mapping(obj.get("spec"))
    findings = _export_findings(
        spec.get("autoExportPolicy"),
        list(_sequence(spec.get("autoExportCIDRs"))),
        "spec.autoExportPolicy",
        "spec.autoExportCIDRs",
    )
    return [Violation("export-cidrs-open", path, f"backend '{_name(obj)}': {message}") for path, message in findings]


def object_credentials_by_reference(obj: Mapping[str, Any], config: PolicyConfig) -> list[Violation]:
    if not _is_kind(obj, "TridentBackendConfig"):
        return []
    spec = _mapping(obj.get("spec"))
    aws = _mapping(spec.get("aws"))
    inline = [key for key in _INLINE_CREDENTIAL_KEYS if key in spec] + [
        f"aws.{key}" for key in ("apiKey", "secretKey") if aws.get(key)
    ]
    if inline:
        return [
            Violation(
                "credentials-by-reference",
                "spec",
                f"backend '{_name(obj)}' carries {', '.join(inline)} in plain text; "
                "put them in a Secret and set spec.credentials.name",
            )
        ]
    if not _mapping(spec.get("credentials")).get("name"):
        return [
            Violation(
                "credentials-by-reference",
                "spec.credentials.name",
                f"backend '{_name(obj)}' names no credentials (a Secret, or a Secrets Manager ARN with type awsarn)",
            )
        ]
    return []


def object_autosupport_insecure(obj: Mapping[str, Any], config: PolicyConfig) -> list[Violation]:
    if not _is_kind(obj, "TridentOrchestrator") or not _is_true(_mapping(obj.get("spec")).get("autosupportInsecure")):
        return []
    return [
        Violation(
            "autosupport-insecure",
            "spec.autosupportInsecure",
            "AutoSupport uploads skip TLS verification; trust the proxy's CA instead",
        )
    ]


OBJECT_RULES: Mapping[str, ObjectRule] = {
    "class-retain": object_class_retain,
    "class-encryption": object_class_encryption,
    "backend-encryption": object_backend_encryption,
    "export-cidrs-open": object_export_cidrs_open,
    "credentials-by-reference": object_credentials_by_reference,
    "autosupport-insecure": object_autosupport_insecure,
}


def check_object(
    obj: Mapping[str, Any], config: PolicyConfig | None = None, rules: Iterable[str] | None = None
) -> list[Violation]:
    """Violations of one Kubernetes object; ``rules`` limits the check to those rule ids."""
    config = config or PolicyConfig()
    selected = OBJECT_RULES if rules is None else {r: OBJECT_RULES[r] for r in rules}
    return [v for rule, check in selected.items() if rule not in config.disabled for v in check(obj, config)]
