"""Write a generated file, or with --check only say whether the committed one is stale (the generators' one main)."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(target: Path, text: str, root: Path) -> int:
    """0 when ``target`` now holds ``text``; with --check nothing is written and a stale file gives 1."""
    shown = target.relative_to(root)
    if "--check" in sys.argv:
        if target.exists() and target.read_text() == text:
            return 0
        print(f"stale: {shown} (run make generate)")
        return 1
    target.write_text(text)
    print(f"wrote {shown}")
    return 0
