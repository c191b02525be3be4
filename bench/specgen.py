"""Storage specs of any size for the benchmark: N backends (with inline credentials) and 3N classes.

Each backend renders a TridentBackendConfig and its credentials Secret; each class selects one
virtual pool of one backend, so the spec validates. Object count: 5N (N = 50 -> 250 objects).
"""

from __future__ import annotations

from typing import Any

DRIVERS = ("ontap-nas", "ontap-nas-economy", "ontap-nas-flexgroup", "ontap-san", "ontap-san-economy")
TIERS = ("gold", "silver", "bronze")
OBJECTS_PER_BACKEND = 5  # Secret + TridentBackendConfig + 3 StorageClasses


def backends_for(objects: int) -> int:
    """Backends a spec needs to render ``objects`` objects (a multiple of five)."""
    if objects <= 0 or objects % OBJECTS_PER_BACKEND:
        raise ValueError(f"object count must be a positive multiple of {OBJECTS_PER_BACKEND}, not {objects}")
    return objects // OBJECTS_PER_BACKEND


def _backend(index: int) -> dict[str, Any]:
    driver = DRIVERS[index % len(DRIVERS)]
    name = f"be-{index:04d}"
    backend: dict[str, Any] = {
        "name": name,
        "driver": driver,
        "management_lif": f"192.0.2.{index % 250 + 1}",
        "svm": f"svm{index % 7}",
        "credentials": {"username": "vsadmin", "password": f"bench-secret-{index:04d}"},
        "labels": {"bench-backend": name},
        "virtual_pools": [{"labels": {"tier": tier}} for tier in TIERS],
    }
    if driver.startswith("ontap-nas"):
        backend["data_lif"] = f"198.51.100.{index % 250 + 1}"
    return backend


def _classes(index: int) -> list[dict[str, Any]]:
    driver = DRIVERS[index % len(DRIVERS)]
    return [
        {
            "name": f"sc-{index:04d}-{tier}",
            "attributes": {"backendType": driver},
            "selector": f"bench-backend=be-{index:04d}; tier={tier}",
        }
        for tier in TIERS
    ]


def make_spec(objects: int, name: str = "bench") -> dict[str, Any]:
    """A spec rendering exactly ``objects`` objects (Trident installed externally: nothing else renders)."""
    count = backends_for(objects)
    return {
        "name": name,
        "trident": {"install_method": "external", "namespace": "trident"},
        "backends": [_backend(i) for i in range(count)],
        "storage_classes": [sc for i in range(count) for sc in _classes(i)],
    }
