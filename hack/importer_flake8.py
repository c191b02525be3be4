"""Lint plugins/ with flake8 exactly as galaxy-importer does (its selection, ignores and line length), so what the
importer would warn about fails `make lint` before a tarball is ever built. Run with .venv-tools' Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from galaxy_importer import constants

ROOT = Path(__file__).resolve().parents[1]
FLAKE8 = Path(sys.executable).with_name("flake8")

command = [
    str(FLAKE8),
    "--isolated",
    "--extend-ignore",
    constants.FLAKE8_IGNORE_ERRORS,
    "--select",
    constants.FLAKE8_SELECT_ERRORS,
    "--max-line-length",
    str(constants.FLAKE8_MAX_LINE_LENGTH),
    "plugins",
]
sys.exit(subprocess.run(command, cwd=ROOT, check=False).returncode)
