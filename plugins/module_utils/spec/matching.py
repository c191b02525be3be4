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
from .selector import PoolPattern, Requirement, parse_pool_list, parse_selector, pool_list_matches, selector_matches


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
    protocol = (
        ("sanType", backend.san_protocol or "iscsi") if backend.is_san else ("nasType", backend.nas_type or "nfs")
    )
    base_offers = dict(facts.BOOL_OFFERS[backend.driver])
    if "encryption" in backend.defaults:
        base_offers["encryption"] = default_string(backend.defaults["encryption"]) in facts.GO_TRUE
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
            offers["encryption"] = default_string(vpool.defaults["encryption"]) in facts.GO_TRUE
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


@dataclass(frozen=True)
class Wanted:
    """A class's request, parsed once: matching is run for every class against every pool."""

    attributes: Mapping[str, str]
    selector: str | None
    requirements: tuple[Requirement, ...]
    only: tuple[PoolPattern, ...]
    additional: tuple[PoolPattern, ...]
    exclude: tuple[PoolPattern, ...]

    @classmethod
    def of(cls, sc: StorageClassSpec) -> Wanted:
        # Trident's annotations replace the selector and additionalStoragePools parameters (plugin.go
        # processStorageClass@v26.06.0).
        selector = sc.effective_selector()
        return cls(
            attributes=sc.storage_attributes(),
            selector=selector,
            requirements=tuple(parse_selector(selector)[0]) if selector is not None else (),
            only=tuple(_pools(sc.storage_pools)),
            additional=tuple(_pools(sc.effective_additional_storage_pools())),
            exclude=tuple(_pools(sc.exclude_storage_pools)),
        )

    @property
    def driver(self) -> str | None:
        """The one driver whose pools can match, when the class names it (and no pool list overrides)."""
        return None if self.additional else self.attributes.get("backendType")


def mismatch(sc: StorageClassSpec | Wanted, pool: Pool, explain: bool = True) -> str | None:
    """Why the pool does not satisfy the class, or None when it matches (Trident's order of checks).

    With ``explain`` false the reason is not spelt out (matching runs for every class and pool).
    """
    wanted = sc if isinstance(sc, Wanted) else Wanted.of(sc)
    if wanted.exclude and pool_list_matches(list(wanted.exclude), pool.backend, pool.name):
        return "excluded by exclude_storage_pools"
    if wanted.additional and pool_list_matches(list(wanted.additional), pool.backend, pool.name):
        return None
    if wanted.additional and not wanted.attributes and wanted.selector is None and not wanted.only:
        return "not in additional_storage_pools"
    for name, value in wanted.attributes.items():
        reason = _attribute_mismatch(name, value, pool)
        if reason:
            return reason
    if wanted.selector is not None and not selector_matches(list(wanted.requirements), pool.labels):
        if not explain:
            return "selector"
        shown = ", ".join(f"{k}={v}" for k, v in sorted(pool.labels.items())) or "none"
        return f"selector '{wanted.selector}' does not match its labels ({shown})"
    if wanted.only and not pool_list_matches(list(wanted.only), pool.backend, pool.name):
        return "not in storage_pools"
    return None


class PoolIndex:
    """The spec's pools, indexed by driver and by label, so a class is only compared with pools that can
    satisfy its backendType and the equality requirements of its selector."""

    def __init__(self, backends: tuple[Backend, ...]) -> None:
        self.pools = [pool for backend in backends for pool in pools_of(backend)]
        self.by_driver: dict[str, set[int]] = {}
        self.by_label: dict[tuple[str, str], set[int]] = {}
        for index, pool in enumerate(self.pools):
            self.by_driver.setdefault(pool.driver, set()).add(index)
            for label in pool.labels.items():
                self.by_label.setdefault(label, set()).add(index)

    def candidates(self, wanted: Wanted) -> list[Pool]:
        if wanted.additional:  # listed pools match whatever the attributes and selector say
            return self.pools
        chosen: set[int] | None = None
        if wanted.driver is not None:
            chosen = set(self.by_driver.get(wanted.driver, ()))
        for requirement in wanted.requirements:
            if requirement.operator == "in" and len(requirement.values) == 1:
                (value,) = requirement.values
                having = self.by_label.get((requirement.key, value), set())
                chosen = set(having) if chosen is None else chosen & having
        indexes = range(len(self.pools)) if chosen is None else sorted(chosen)
        return [self.pools[i] for i in indexes]

    def any_match(self, sc: StorageClassSpec) -> bool:
        wanted = Wanted.of(sc)
        return any(mismatch(wanted, pool, explain=False) is None for pool in self.candidates(wanted))


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
    if name in facts.SC_LABEL_ATTRIBUTES:
        # Matched against the pool's labels like the selector (storage_class.go@v26.06.0:144-221).
        if selector_matches(parse_selector(wanted)[0], pool.labels):
            return None
        return f"{name} '{wanted}' does not match its labels"
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
        wanted = Wanted.of(sc)
        why = [mismatch(wanted, pool) for pool in pools]
        matched.extend(p for p, reason in zip(pools, why, strict=True) if reason is None)
        if all(why):
            reasons.append(
                f"{backend.name}: {why[0]}"
                if len(set(why)) == 1
                else f"{backend.name}: " + "; ".join(f"{p.display} {r}" for p, r in zip(pools, why, strict=True))
            )
    return matched, reasons
