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
from pathlib import Path

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
    pages = {p.name for p in (site / "build" / "html" / "collections" / "tridentops" / "storage").glob("*.html")}
    assert {"stack_module.html", "backend_module.html", "eks_addon_module.html", "stack_role.html"} <= pages
