"""Which of the spec's pools each StorageClass selects, following Trident's matching rules.

A class that matches no pool provisions nothing and fails every PVC at run time, so the spec
rejects it up front. Only what is knowable from the spec is judged: aggregate media and the
names of physical pools (aggregates) are learnt by Trident from the array, so a request for
``media`` or a pool-name regex against a backend without virtual pools counts as satisfiable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import facts
from .backend import Backend, default_string
from .classes import StorageClassSpec
from .selector import PoolPattern, parse_pool_list, parse_selector, pool_list_matches, selector_matches


@dataclass(frozen=True)
class Pool:
    backend: str  # Trident backend name
    name: str | None  # virtual pool name; None for the backend's physical pools (aggregates)
    driver: str
    labels: Mapping[str, str]
    region: str | None
    zone: str | None
    bool_offers: Mapping[str, bool]
    protocol: tuple[str, str]  # ("nasType", "nfs") or ("sanType", "iscsi")

    @property
    def display(self) -> str:
        return self.name or f"{self.backend} (physical pools)"


def pools_of(backend: Backend) -> list[Pool]:
    """Trident names virtual pools <backendName>_pool_<index>; without any, the aggregates are the pools."""
    protocol = ("sanType", backend.san_type or "iscsi") if backend.is_san else ("nasType", backend.nas_type or "nfs")
    base_offers = dict(facts.BOOL_OFFERS[backend.driver])
    if "encryption" in backend.defaults:
        base_offers["encryption"] = default_string(backend.defaults["encryption"]) == "true"
    if not backend.virtual_pools:
        return [
            Pool(
                backend.trident_name,
                None,
                backend.driver,
                dict(backend.labels),
                backend.region,
                backend.zone,
                base_offers,
                protocol,
            )
        ]
    pools = []
    for index, vpool in enumerate(backend.virtual_pools):
        offers = dict(base_offers)
        if "encryption" in vpool.defaults:
            offers["encryption"] = default_string(vpool.defaults["encryption"]) == "true"
        pools.append(
            Pool(
                backend=backend.trident_name,
                name=f"{backend.trident_name}_pool_{index}",
                driver=backend.driver,
                labels={**backend.labels, **vpool.labels},
                region=vpool.region or backend.region,
                zone=vpool.zone or backend.zone,
                bool_offers=offers,
                protocol=protocol,
            )
        )
    return pools


def mismatch(sc: StorageClassSpec, pool: Pool) -> str | None:
    """Why the pool does not satisfy the class, or None when it matches (Trident's order of checks)."""
    exclude = _pools(sc.exclude_storage_pools)
    if exclude and pool_list_matches(exclude, pool.backend, pool.name):
        return "excluded by exclude_storage_pools"
    additional = _pools(sc.additional_storage_pools)
    if additional and pool_list_matches(additional, pool.backend, pool.name):
        return None
    attributes = sc.trident_attributes()
    if additional and not attributes and sc.selector is None and sc.storage_pools is None:
        return "not in additional_storage_pools"
    for name, wanted in attributes.items():
        reason = _attribute_mismatch(name, wanted, pool)
        if reason:
            return reason
    if sc.selector is not None:
        requirements = parse_selector(sc.selector)[0]
        if not selector_matches(requirements, pool.labels):
            shown = ", ".join(f"{k}={v}" for k, v in sorted(pool.labels.items())) or "none"
            return f"selector '{sc.selector}' does not match its labels ({shown})"
    only = _pools(sc.storage_pools)
    if only and not pool_list_matches(only, pool.backend, pool.name):
        return "not in storage_pools"
    return None


def _attribute_mismatch(name: str, wanted: str, pool: Pool) -> str | None:
    if name == "backendType":
        return None if wanted == pool.driver else f"backendType is {pool.driver}"
    if name in facts.SC_BOOL_ATTRIBUTES:
        if name not in pool.bool_offers:
            return None  # offered, value known only to the array (e.g. SVM-DR capability)
        offer = pool.bool_offers[name]
        return None if offer or wanted == "false" else f"{pool.driver} offers {name}=false"
    if name in ("nasType", "sanType"):
        key, value = pool.protocol
        if name != key:
            return f"a {pool.driver} pool offers no {name}"
        return None if wanted.lower() == value else f"{name} is {value}"
    if name in ("region", "zone"):
        have = getattr(pool, name)
        return None if have == wanted else f"{name} is {have or 'not set'}"
    if name == "IOPS":
        return "ONTAP pools offer no IOPS attribute (solidfire-san only)"
    return None  # provisioningType (ONTAP offers thick and thin) and media (known to the array only)


def _pools(text: str | None) -> list[PoolPattern]:
    if text is None:
        return []
    return parse_pool_list(text)[0]


def matching_pools(sc: StorageClassSpec, backends: tuple[Backend, ...]) -> tuple[list[Pool], list[str]]:
    """The pools the class selects, and for a class that selects none, one reason per backend."""
    matched: list[Pool] = []
    reasons: list[str] = []
    for backend in backends:
        pools = pools_of(backend)
        why = [mismatch(sc, pool) for pool in pools]
        matched.extend(p for p, reason in zip(pools, why, strict=True) if reason is None)
        if all(why):
            reasons.append(
                f"{backend.name}: {why[0]}"
                if len(set(why)) == 1
                else f"{backend.name}: " + "; ".join(f"{p.display} {r}" for p, r in zip(pools, why, strict=True))
            )
    return matched, reasons
