"""Waiting for a deleted object to be gone, apart from ``common`` so that ``judges`` (which reads ``common``'s
quantities) is imported by neither side of a circle."""

from __future__ import annotations

from ..._k8s.session import KubeSession
from ..._k8s.wait import Target, wait_for
from ...spec.kinds import Kind
from .judges import gone


def wait_gone(session: KubeSession, kind: Kind, namespace: str | None, name: str, timeout: float) -> None:
    """Watch until the object is deleted (its finalizers released). Absence needs no fresh status, so no
    quiet window applies."""
    wait_for(session, kind, namespace, [Target(name, None)], gone, timeout, quiet=0.0)
