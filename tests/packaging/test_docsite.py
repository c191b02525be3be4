"""The collection's docsite builds from the tarball with antsibull-docs and Sphinx, as a docs publisher would.

The only warnings allowed are those of the intersphinx inventories this machine cannot fetch (docs.python.org,
docs.ansible.com) and the labels only those inventories define; everything else (bad markup, broken references
between our own pages, option docs antsibull-docs cannot parse) fails the test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]

BIN = Path(sys.executable).parent
# Labels of the Ansible docsite, reached through its intersphinx inventory.
ANSIBLE_DOCSITE_LABELS = {"common_return_values", "ansible_configuration_settings"}


def allowed(warning: str) -> bool:
    if "failed to reach any of the inventories" in warning:
        return True
    label = re.search(r"undefined label: '([^']+)'", warning)
    return bool(label and label.group(1) in ANSIBLE_DOCSITE_LABELS)


def test_the_docsite_builds_with_no_warning_but_unreachable_intersphinx(tarball: Path, tools: Path, tmp_path: Path):
    collections = tmp_path / "collections"
    subprocess.run(
        [BIN / "ansible-galaxy", "collection", "install", "--no-deps", "-p", str(collections), str(tarball)],
        check=True,
        capture_output=True,
    )
    site = tmp_path / "site"
    site.mkdir(mode=0o700)  # antsibull-docs wants its directories private
    env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(collections),
        "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
    }

    def run(*argv: str | Path) -> str:
        done = subprocess.run([str(a) for a in argv], cwd=site, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    run(tools / "antsibull-docs", "sphinx-init", "--use-current", "--dest-dir", site, "tridentops.storage")
    (site / "rst").mkdir(mode=0o700, exist_ok=True)
    run(
        *(tools / "antsibull-docs", "--config-file", "antsibull-docs.cfg", "collection"),
        *("--cleanup", "everything", "--use-current", "--dest-dir", "rst", "tridentops.storage"),
    )
    output = run(tools / "sphinx-build", "-M", "html", "rst", "build", "-c", ".", "--keep-going")
    warnings = [line for line in output.splitlines() if "WARNING" in line and not allowed(line)]
    assert warnings == []
    html = site / "build" / "html" / "collections" / "tridentops" / "storage"
    pages = {p.name for p in html.glob("*.html")}
    assert {"stack_module.html", "backend_module.html", "eks_addon_module.html", "stack_role.html"} <= pages
    # Every field of the storage spec has its own entry, under its path, on the pages of the modules that take one.
    fragment = (ROOT / "plugins" / "doc_fragments" / "spec.py").read_text()
    spec = yaml.safe_load(fragment.split('DOCUMENTATION = r"""', 1)[1].split('"""', 1)[0])["options"]["spec"]
    paths = list(option_paths(spec["suboptions"], "spec"))
    assert len(paths) > 100
    for page in ("stack_module.html", "fsx_ontap_plan_module.html"):
        text = (html / page).read_text()
        missing = [path for path in paths if f'id="parameter-{path}"' not in text]
        assert missing == [], page


def option_paths(options: dict[str, Any], prefix: str) -> Iterator[str]:
    """antsibull-docs' anchor of each option and suboption: its path with / between names."""
    for name, option in options.items():
        path = f"{prefix}/{name}"
        yield path
        yield from option_paths(option.get("suboptions") or {}, path)
