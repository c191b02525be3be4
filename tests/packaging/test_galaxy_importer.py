"""Galaxy's importer (as the Galaxy and Automation Hub imports run it, without containers) accepts the tarball:
no error, no warning, and docs for every module, even though amazon.aws is not where the importer runs."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_importer_accepts_the_tarball_with_no_error_or_warning(tarball: Path, tools: Path, tmp_path: Path):
    # ansible-test runs as `make sanity` does; the importer would run it in a container.
    config = tmp_path / "importer.cfg"
    settings = ("RUN_ANSIBLE_TEST = False", "RUN_ANSIBLE_LINT = True", "RUN_FLAKE8 = True", "LOG_LEVEL_MAIN = INFO")
    config.write_text("\n".join(("[galaxy-importer]", *settings)) + "\n")
    env = {
        **os.environ,
        "GALAXY_IMPORTER_CONFIG": str(config),
        # The importer's ansible-doc, ansible-lint and flake8 come from its own venv, which holds ansible-core
        # only: no amazon.aws, as on Galaxy.
        "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
    }
    run = subprocess.run(
        [tools / "python", "-m", "galaxy_importer.main", str(tarball)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "Importer processing completed successfully" in output
    problems = [line for line in output.splitlines() if line.startswith(("ERROR", "WARNING"))]
    assert problems == []
    result = json.loads((tmp_path / "importer_result.json").read_text())
    modules = sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py"))
    documented = sorted(
        c["content_name"]
        for c in result["docs_blob"]["contents"]
        if c["content_type"] == "module" and (c.get("doc_strings") or {}).get("doc")
    )
    assert documented == modules
    roles = {c["content_name"]: c for c in result["docs_blob"]["contents"] if c["content_type"] == "role"}
    assert sorted(roles) == ["fsx_ontap", "stack"]
