"""A malformed kubeconfig given as a mapping is a clear error naming no value (it may hold a credential)."""

from __future__ import annotations

from typing import Any

import pytest

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import AuthError, configuration

TOKEN = "malformed-kubeconfig-token-4b1d"


def kubeconfig(user: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "c", "cluster": {"server": "https://127.0.0.1:6443"}}],
        "users": [{"name": "u", "user": user}],
        "contexts": [{"name": "ctx", "context": {"cluster": "c", "user": "u"}}],
        "current-context": "ctx",
    }


@pytest.mark.parametrize(
    "user",
    [
        pytest.param(TOKEN, id="user entry is a string"),
        pytest.param({"client-certificate-data": "YWJj1", "client-key-data": "YWJj1", "token": TOKEN}, id="not base64"),
    ],
)
def test_a_malformed_kubeconfig_is_an_auth_error_without_its_values(user: Any):
    with pytest.raises(AuthError) as raised:
        configuration({"kubeconfig": kubeconfig(user)})
    assert "malformed" in str(raised.value) or "cannot load" in str(raised.value)
    assert TOKEN not in str(raised.value)
