"""pytest collects tests/ as one tree of rootless modules: two test files with one basename stop the whole run at
collection. Caught here too, so a run of one directory sees it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_every_test_file_has_its_own_basename():
    names = Counter(path.name for path in TESTS.rglob("test_*.py") if "output" not in path.parts)
    assert [name for name, count in names.items() if count > 1] == []
