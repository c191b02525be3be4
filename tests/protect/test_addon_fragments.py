"""The protect, monitoring and namespace modules' model-backed options (their doc fragments are checked with
every other fragment by tests/unit/test_doc_fragments.py)."""

from __future__ import annotations

import pytest

from ansible_collections.tridentops.storage.plugins.module_utils import _fragments

ADDON_FRAGMENTS = (
    "protect_install_options",
    "protect_vault_options",
    "protect_app_options",
    "protect_schedule_options",
    "monitoring_options",
    "namespace_options",
)


@pytest.mark.parametrize("name", ADDON_FRAGMENTS)
def test_no_option_of_these_modules_carries_a_secret(name):
    # Credentials are referenced by Secret name only; nothing these sections hold needs no_log.
    assert "'no_log': True" not in str(_fragments.argspec(name)), name
