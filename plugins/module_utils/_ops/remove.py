"""Remove one object a per-resource module manages, with the same safety as prune."""

from __future__ import annotations

from functools import partial
from typing import Any

from .._k8s.converge import Change, LiveIndex, reporting_writes
from .._k8s.session import KubeSession
from ..spec import facts
from ..spec.kinds import KINDS, SECRET, TBC, Kind, object_ref
from ..spec.kinds import STORAGE_CLASS as SC
from ..spec.render import stack_labels
from .claim import ClaimRefused, ours, owners
from .safety import check_backend_deletion, claims_using_class


def _key(obj: dict[str, Any]) -> tuple[str, str, str, str]:
    meta = obj["metadata"]
    return (obj["apiVersion"], obj["kind"], meta.get("namespace") or "", meta["name"])


def remove(
    session: KubeSession,
    kind: Kind,
    name: str,
    namespace: str | None,
    *,
    force: bool,
    check_mode: bool,
    stack: str | None = None,
    adopt: tuple[str, ...] = (),
) -> list[Change]:
    """Delete the object (and, for a backend, the credentials Secret tridentops rendered for it alone).

    With ``stack``, an object that is not ours for that stack (claim.ours) is refused unless ``adopt`` names it.
    """
    index = LiveIndex(session)
    live = index.objects(kind, namespace).get(name)
    if live is None:
        return []
    ref = object_ref(kind.kind, namespace or "", name)
    if stack is not None and ref not in adopt and not ours(live, stack_labels(stack)):
        raise ClaimRefused(
            f"{ref} is not ours for stack '{stack}' ({owners(live)}): pass adopt: ['{ref}'] to delete it anyway; "
            "nothing was changed"
        )
    change = Change(_key(live), "delete", None, live)
    changes = [change]
    if kind is TBC:
        change.note = check_backend_deletion(index, live, force)
        changes.extend(_own_secret(index, live))
    elif kind is SC:
        users = claims_using_class(index, name)
        change.note = f"PVCs using it keep their volumes: {', '.join(users)}" if users else ""
    if not check_mode:
        with reporting_writes(changes):  # the backend went but not its Secret: say so
            for item in changes:
                if not item.attempt(partial(session.delete, KINDS[item.key[:2]], item.key[3], item.key[2] or None)):
                    item.action = "unchanged"  # another writer deleted it first
    return changes


def _own_secret(index: LiveIndex, tbc: dict[str, Any]) -> list[Change]:
    """The Secret goes too when tridentops rendered it and no other backend uses it."""
    credentials = (tbc.get("spec") or {}).get("credentials") or {}
    if credentials.get("type", "secret") != "secret" or not credentials.get("name"):
        return []
    namespace = tbc["metadata"]["namespace"]
    secret = index.objects(SECRET, namespace).get(credentials["name"])
    if secret is None or (secret["metadata"].get("labels") or {}).get(facts.MANAGED_BY_LABEL) != facts.MANAGED_BY_VALUE:
        return []

    def uses_secret(other: dict[str, Any]) -> bool:
        return bool(((other.get("spec") or {}).get("credentials") or {}).get("name") == credentials["name"])

    name = tbc["metadata"]["name"]
    others = [n for n, t in index.objects(TBC, namespace).items() if n != name and uses_secret(t)]
    return [] if others else [Change(_key(secret), "delete", None, secret, note="credentials rendered by tridentops")]
