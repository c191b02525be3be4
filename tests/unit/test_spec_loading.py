"""Spec files from the real world: whatever a file holds, loading ends in one short, clear error or a document.

Each case runs through the ``tridentops validate`` command as a user would (exit 2, a few lines on stderr, no
traceback) and, where the detail matters, through ``yamlio`` directly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_cli import tridentops

from tridentops_pulumi.spec import yamlio
from tridentops_pulumi.spec.yamlio import MAX_BYTES, MAX_DEPTH, SpecFileError, load_file, loads

VALID = "name: demo\ntrident:\n  version: 26.06.0\n"


def refused(tmp_path: Path, content: bytes) -> str:
    """Run validate on a file with ``content``; assert a clean refusal and return stderr."""
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(content)
    result = tridentops("validate", str(spec))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 6, lines
    assert all(len(line) <= 500 for line in lines)
    return result.stderr


def test_a_binary_file_is_refused_without_a_traceback(tmp_path: Path):
    stderr = refused(tmp_path, bytes(range(256)) * 40)
    assert "a binary file, not YAML" in stderr


def test_text_that_is_not_utf8_names_the_byte(tmp_path: Path):
    stderr = refused(tmp_path, b"name: caf\xe9\n")
    assert "not UTF-8 text (byte 9 is 0xe9)" in stderr


@pytest.mark.parametrize("content", [b"", b"  \n\n# only a comment\n"], ids=["empty", "comment-only"])
def test_an_empty_file_says_so(tmp_path: Path, content: bytes):
    stderr = refused(tmp_path, content)
    assert "empty" in stderr or "no YAML document" in stderr


def test_a_byte_order_mark_is_fine(tmp_path: Path):
    assert loads(b"\xef\xbb\xbf" + VALID.encode()) == {"name": "demo", "trident": {"version": "26.06.0"}}


def test_duplicate_keys_name_the_key_and_both_lines(tmp_path: Path):
    content = "name: demo\ntrident:\n  version: 26.06.0\n  namespace: a\n  namespace: b\nname: other\n"
    stderr = refused(tmp_path, content.encode())
    assert "spec.yaml:5: duplicate key 'namespace' (first on line 4)" in stderr
    assert "spec.yaml:6: duplicate key 'name' (first on line 1)" in stderr


def test_many_duplicate_keys_are_summarised():
    content = "".join(f"k{i}: 1\nk{i}: 2\n" for i in range(40))
    with pytest.raises(SpecFileError) as caught:
        loads(content.encode())
    lines = str(caught.value).splitlines()
    assert len(lines) == 6
    assert lines[-1] == "<spec>: and 35 more duplicate keys"


def test_merge_keys_may_override_without_being_duplicates():
    content = "base: &base {a: 1, b: 2}\nmerged:\n  <<: *base\n  b: 3\n"
    assert loads(content.encode()) == {"base": {"a": 1, "b": 2}, "merged": {"a": 1, "b": 3}}


def test_a_huge_file_is_refused_by_size_before_it_is_read_whole(tmp_path: Path):
    spec = tmp_path / "spec.yaml"
    with spec.open("wb") as handle:
        handle.write(b"name: demo\n")
        handle.write(b"#" * MAX_BYTES)
    with pytest.raises(SpecFileError, match="larger than 8 MiB"):
        load_file(spec)


def test_a_large_non_yaml_file_is_not_echoed(tmp_path: Path):
    spec = tmp_path / "log.txt"
    spec.write_text("x" * 5_000_000 + "\n")
    result = tridentops("validate", str(spec))
    assert result.returncode == 1
    assert "must be a mapping, got 'xxxxxxxx" in result.stdout
    assert "(5,000,000 characters)" in result.stdout
    assert len(result.stdout) < 1500


def test_a_huge_value_in_a_field_is_not_echoed_whole(tmp_path: Path):
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: " + "a" * 300_000 + "\n")
    result = tridentops("validate", str(spec))
    assert result.returncode == 1
    assert "characters left out" in result.stdout
    assert "is not a valid" in result.stdout
    assert len(result.stdout) < 1500


@pytest.mark.parametrize(
    "content",
    [
        "[" * 5000 + "]" * 5000,
        "".join("  " * i + "a:\n" for i in range(2000)) + "  " * 2000 + "b",
        "v: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5),
    ],
    ids=["flow-5000", "block-2000", "just-over-the-limit"],
)
def test_deep_nesting_is_refused(tmp_path: Path, content: str):
    stderr = refused(tmp_path, content.encode())
    assert "nest" in stderr  # libyaml's "maximum nesting depth" or ours


def test_nesting_through_an_alias_counts_too():
    inner = "[" * 40 + "]" * 40
    content = f"a: &deep {inner}\nb: " + "[" * 40 + "*deep" + "]" * 40 + "\n"
    with pytest.raises(SpecFileError, match=f"nested deeper than {MAX_DEPTH} levels"):
        loads(content.encode())


def test_the_pure_python_parser_ends_deep_nesting_with_the_same_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(yamlio, "_LOADER", type("PureSpecLoader", (yaml.SafeLoader,), {}))
    with pytest.raises(SpecFileError, match="nest"):
        loads(("[" * 5000 + "]" * 5000).encode())


def test_an_alias_bomb_is_refused(tmp_path: Path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    stderr = refused(tmp_path, "\n".join(lines).encode())
    assert "anchors and aliases expand to more than 1,000,000 values" in stderr


def test_a_recursive_alias_is_refused(tmp_path: Path):
    stderr = refused(tmp_path, b"a: &a\n  b: *a\n")
    assert "an alias refers to a node that contains it" in stderr


def test_several_documents_are_refused(tmp_path: Path):
    stderr = refused(tmp_path, (VALID + "---\n" + VALID).encode())
    assert "not valid YAML" in stderr and "single document" in stderr


def test_ordinary_anchors_still_load():
    content = "defaults: &d {spaceReserve: none}\nbackends:\n  - defaults: *d\n  - defaults: *d\n"
    assert loads(content.encode())["backends"][1]["defaults"] == {"spaceReserve": "none"}  # type: ignore[index]
