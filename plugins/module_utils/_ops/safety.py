"""What stands in the way of a destructive change: volumes, PersistentVolumes, PVCs. Read-only."""

from __future__ import annotations

from typing import Any

from .._k8s.converge import LiveIndex
from ..spec import facts
from ..spec.kinds import PV, PVC
from ..spec.kinds import TRIDENT_VOLUME as TVOL


class Refusal(Exception):
    """tridentops will not do this without an explicit force; the message says what stands in the way."""


def _claims(index: LiveIndex) -> dict[str, str]:
    """PersistentVolume name -> the namespace/name of the PVC bound to it."""
    out = {}
    for name, pv in index.objects(PV).items():
        ref = (pv.get("spec") or {}).get("claimRef") or {}
        if ref.get("name"):
            out[name] = f"{ref.get('namespace')}/{ref['name']}"
    return out


def _named(volumes: list[str], claims: dict[str, str]) -> list[str]:
    return sorted(f"{v} ({claims[v]})" if v in claims else v for v in volumes)


def backend_volumes(index: LiveIndex, tbc: dict[str, Any]) -> list[str]:
    """Trident volumes on the backend a TridentBackendConfig manages, each with its PVC when bound."""
    uuid = ((tbc.get("status") or {}).get("backendInfo") or {}).get("backendUUID")
    if not uuid:
        return []  # never bound: Trident created no backend, so no volume can live on it
    namespace = tbc["metadata"]["namespace"]
    volumes = [name for name, v in index.objects(TVOL, namespace).items() if v.get("backendUUID") == uuid]
    return _named(volumes, _claims(index)) if volumes else []


def check_backend_deletion(index: LiveIndex, tbc: dict[str, Any], force: bool) -> str:
    """Refuse to delete a TridentBackendConfig whose backend still serves volumes, unless forced.

    Returns a note for the result. With deletionPolicy retain the backend and its volumes stay in
    Trident, so deleting only the TridentBackendConfig loses nothing.
    """
    name = tbc["metadata"]["name"]
    policy = (tbc.get("spec") or {}).get("deletionPolicy", "delete").lower()
    volumes = backend_volumes(index, tbc)
    if not volumes:
        return ""
    if policy == "retain":
        return f"deletionPolicy retain: the Trident backend and its {len(volumes)} volume(s) stay"
    if not force:
        raise Refusal(
            f"TridentBackendConfig {name} still has {len(volumes)} volume(s): {', '.join(volumes)}. "
            "Delete those PVCs first, set deletion_policy: retain to keep the backend, or use force: true "
            "(Trident then keeps the backend in phase Deleting until its last volume is gone)"
        )
    return f"forced: Trident keeps the backend Deleting until its {len(volumes)} volume(s) are gone"


def trident_volumes(index: LiveIndex) -> list[str]:
    """PersistentVolumes provisioned by Trident, each with its PVC."""
    claims = _claims(index)
    volumes = [
        name
        for name, pv in index.objects(PV).items()
        if ((pv.get("spec") or {}).get("csi") or {}).get("driver") == facts.CSI_DRIVER
    ]
    return _named(volumes, claims)


def claims_using_class(index: LiveIndex, name: str) -> list[str]:
    return sorted(
        f"{pvc['metadata']['namespace']}/{pvc['metadata']['name']}"
        for pvc in index.objects(PVC).values()
        if (pvc.get("spec") or {}).get("storageClassName") == name
    )
