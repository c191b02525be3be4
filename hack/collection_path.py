"""Expose this checkout as the collection tridentops.storage without installing it.

Ansible (and Python imports of ``ansible_collections.tridentops.storage``) need the collection under
``<path>/ansible_collections/tridentops/storage``. This links the checkout there, inside ``.run/``.
Run as a script it prints the path to use as ANSIBLE_COLLECTIONS_PATH.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def link_collection(base: Path | None = None) -> Path:
    """Create (once) ``base/ansible_collections/tridentops/storage -> checkout`` and return ``base``."""
    base = base or REPO_ROOT / ".run" / "collections"
    link = base / "ansible_collections" / "tridentops" / "storage"
    if not link.is_symlink():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(REPO_ROOT, target_is_directory=True)
    return base


if __name__ == "__main__":
    print(link_collection())
