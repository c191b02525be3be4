"""Connection options as kubernetes.core resolves them: kubeconfig lists merged as kubectl merges them, no silent
fall-back to in-cluster configuration, explicit options over K8S_AUTH_* variables and over the kubeconfig,
impersonation and basic-auth headers on every request, proxy options. No cluster: configurations only."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import urllib3

from ansible_collections.tridentops.storage.plugins.module_utils import _args
from ansible_collections.tridentops.storage.plugins.module_utils._k8s import client as kclient
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import (
    AUTH_ENV,
    AuthError,
    bypasses_proxy,
    configuration,
    connect,
)
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession

SERVER_A = "https://a.example.test:6443"
SERVER_B = "https://b.example.test:6443"


def kubeconfig(path: Path, current: str | None, *entries: tuple[str, str, str, str]) -> Path:
    """A kubeconfig of (context, cluster, server, token) entries: the user is named after the context."""
    data: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": cl, "cluster": {"server": server}} for _ctx, cl, server, _token in entries],
        "users": [{"name": f"user-{ctx}", "user": {"token": token}} for ctx, _cl, _server, token in entries],
        "contexts": [
            {"name": ctx, "context": {"cluster": cl, "user": f"user-{ctx}"}} for ctx, cl, _server, _token in entries
        ],
    }
    if current is not None:
        data["current-context"] = current
    path.write_text(json.dumps(data))
    return path


def token_of(cfg: Any) -> str:
    return str(cfg.auth_settings()["BearerToken"]["value"])


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No K8S_AUTH_*, KUBECONFIG, proxy or in-cluster variables from the machine; HOME without ~/.kube/config."""
    for name in list(os.environ):
        if name.startswith(("K8S_AUTH_", "KUBERNETES_SERVICE_")) or name.upper() in (
            "KUBECONFIG",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "NO_PROXY",
            "ALL_PROXY",
        ):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    yield home


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[Path, Path]:
    """First file: cluster "shared" at A, context "first"; its current-context names "second", defined only in
    the second file. Second file: "shared" again (at B: ignored, the first file defined it), context "second",
    and a current-context of its own (ignored: the first file set one)."""
    first = kubeconfig(tmp_path / "first", "second", ("first", "shared", SERVER_A, "token-first"))
    second = kubeconfig(tmp_path / "second", "first", ("second", "shared", SERVER_B, "token-second"))
    return first, second


# -- KUBECONFIG lists --------------------------------------------------------------------------------------------


def test_a_kubeconfig_option_list_is_merged_as_kubectl_merges_it(two_files: tuple[Path, Path]):
    cfg = configuration({"kubeconfig": os.pathsep.join(map(str, two_files))})
    # current-context from the first file that sets one, the context and user from the second file,
    # the cluster from the first file that defines it.
    assert (cfg.host, token_of(cfg)) == (SERVER_A, "Bearer token-second")


def test_the_kubeconfig_variable_is_merged_too(two_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KUBECONFIG", os.pathsep.join(map(str, two_files)))
    cfg = configuration({})
    assert (cfg.host, token_of(cfg)) == (SERVER_A, "Bearer token-second")


def test_k8s_auth_kubeconfig_takes_a_list_and_the_context_picks_from_any_file(
    two_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("K8S_AUTH_KUBECONFIG", os.pathsep.join(map(str, two_files)))
    monkeypatch.setenv("K8S_AUTH_CONTEXT", "first")
    cfg = configuration({})
    assert (cfg.host, token_of(cfg)) == (SERVER_A, "Bearer token-first")


# -- a kubeconfig named but missing is an error, never another cluster -------------------------------------------


def test_a_missing_kubeconfig_option_is_an_error_naming_the_path(tmp_path: Path):
    missing = tmp_path / "kubeconfig-typo"
    with pytest.raises(AuthError) as raised:
        configuration({"kubeconfig": str(missing)})
    assert str(raised.value) == (
        f"Could not create API client: Invalid kube-config file. No configuration found: {missing} does not exist "
        "(named by the kubeconfig option or K8S_AUTH_KUBECONFIG)"
    )


def test_one_missing_file_of_a_list_is_an_error_naming_it(two_files: tuple[Path, Path], tmp_path: Path):
    missing = tmp_path / "gone"
    with pytest.raises(AuthError, match=f"No configuration found: {missing} does not exist"):
        configuration({"kubeconfig": os.pathsep.join([str(two_files[0]), str(missing)])})


def test_kubeconfig_text_is_an_error_that_does_not_quote_it(two_files: tuple[Path, Path]):
    text = two_files[0].read_text().replace(",", ",\n")
    with pytest.raises(AuthError) as raised:
        configuration({"kubeconfig": text})
    assert "token-first" not in str(raised.value)
    assert str(raised.value).endswith("kubeconfig holds kubeconfig text, not a path: give it as a mapping (from_yaml)")


def test_a_missing_kubeconfig_variable_is_an_error_even_in_a_pod(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_cluster: Path
):
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "nowhere"))
    with pytest.raises(AuthError, match=f"{tmp_path / 'nowhere'} does not exist \\(named by KUBECONFIG\\)"):
        configuration({})


@pytest.fixture
def in_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pod's service account: the environment and the token and CA files (at test paths)."""
    from kubernetes.config import incluster_config

    account = tmp_path / "serviceaccount"
    account.mkdir()
    (account / "token").write_text("pod-token")
    (account / "ca.crt").write_text("-----BEGIN CERTIFICATE-----\n")
    monkeypatch.setattr(incluster_config, "SERVICE_TOKEN_FILENAME", str(account / "token"))
    monkeypatch.setattr(incluster_config, "SERVICE_CERT_FILENAME", str(account / "ca.crt"))
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1")
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", "443")
    return account


def test_in_cluster_only_without_any_kubeconfig(in_cluster: Path):
    cfg = configuration({})
    # the library writes the in-cluster scheme in lower case; the API server takes either
    assert (cfg.host, token_of(cfg).lower()) == ("https://10.96.0.1:443", "bearer pod-token")


def test_the_default_kubeconfig_comes_before_the_pods_account(in_cluster: Path, clean_environment: Path):
    (clean_environment / ".kube").mkdir()
    kubeconfig(clean_environment / ".kube" / "config", "home", ("home", "c", SERVER_A, "home-token"))
    cfg = configuration({})
    assert (cfg.host, token_of(cfg)) == (SERVER_A, "Bearer home-token")


def test_no_configuration_at_all_says_what_was_looked_for():
    with pytest.raises(AuthError) as raised:
        configuration({})
    message = str(raised.value)
    assert message.startswith("Could not create API client: Invalid kube-config file. No configuration found: ")
    assert "KUBECONFIG" in message and "~/.kube/config does not exist" in message
    assert "not in a pod (KUBERNETES_SERVICE_HOST is not set)" in message


def test_a_context_without_a_kubeconfig_is_an_error_not_the_pods_account(in_cluster: Path):
    with pytest.raises(AuthError, match="context 'prod' is set, but there is no kubeconfig"):
        configuration({"context": "prod"})


# -- precedence ---------------------------------------------------------------------------------------------------


def test_explicit_options_win_over_their_variables(two_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("K8S_AUTH_HOST", "https://from-env.test")
    monkeypatch.setenv("K8S_AUTH_API_KEY", "env-token")
    monkeypatch.setenv("K8S_AUTH_VERIFY_SSL", "no")
    cfg = configuration({"kubeconfig": str(two_files[0]), "host": "https://from-option.test", "api_key": "opt"})
    assert (cfg.host, token_of(cfg), cfg.verify_ssl) == ("https://from-option.test", "Bearer opt", False)


def test_validate_certs_reads_both_of_kubernetes_cores_variables(
    two_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("K8S_AUTH_VALIDATE_CERTS", "false")
    monkeypatch.setenv("K8S_AUTH_VERIFY_SSL", "true")  # K8S_AUTH_<option> is looked up first
    assert configuration({"kubeconfig": str(two_files[0]), "context": "first"}).verify_ssl is False


def test_host_with_its_own_credentials_reads_no_kubeconfig(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "not-read"))
    cfg = configuration({"host": "https://api.test/", "api_key": "t"})
    assert (cfg.host, token_of(cfg)) == ("https://api.test", "Bearer t")


def test_host_alone_overrides_the_kubeconfigs_server_and_keeps_its_credentials(two_files: tuple[Path, Path]):
    cfg = configuration({"kubeconfig": str(two_files[1]), "context": "second", "host": "https://elsewhere.test"})
    assert (cfg.host, token_of(cfg)) == ("https://elsewhere.test", "Bearer token-second")


def test_an_explicit_token_is_not_replaced_by_the_kubeconfigs_refresh_hook(tmp_path: Path):
    """An exec plugin whose token has expired is run again before each request: not when api_key overrides it."""
    plugin = tmp_path / "credential-plugin"
    credential = {
        "apiVersion": "client.authentication.k8s.io/v1",
        "kind": "ExecCredential",
        "status": {"token": "exec-token", "expirationTimestamp": "2000-01-01T00:00:00Z"},
    }
    plugin.write_text(f"#!/bin/sh\necho '{json.dumps(credential)}'\n")
    plugin.chmod(0o755)
    path = tmp_path / "exec"
    user = {"exec": {"apiVersion": "client.authentication.k8s.io/v1", "command": str(plugin)}}
    path.write_text(
        json.dumps(
            {
                "clusters": [{"name": "c", "cluster": {"server": SERVER_A}}],
                "users": [{"name": "u", "user": user}],
                "contexts": [{"name": "x", "context": {"cluster": "c", "user": "u"}}],
                "current-context": "x",
            }
        )
    )
    assert token_of(configuration({"kubeconfig": str(path)})) == "Bearer exec-token"
    cfg = configuration({"kubeconfig": str(path), "api_key": "explicit"})
    assert token_of(cfg) == "Bearer explicit"
    assert token_of(cfg) == "Bearer explicit"  # the second request too


# -- basic authentication -----------------------------------------------------------------------------------------


def test_username_and_password_send_basic_authentication(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("K8S_AUTH_USERNAME", "ops")
    monkeypatch.setenv("K8S_AUTH_PASSWORD", "s3cret:with-colon")
    cfg = configuration({"host": "https://api.test"})
    expected = "Basic " + base64.b64encode(b"ops:s3cret:with-colon").decode()
    assert token_of(cfg) == expected
    session, pool = fake_session({"host": "https://api.test", "username": "ops", "password": "s3cret:with-colon"})
    session.request("GET", "/api")
    assert pool.seen[0]["Authorization"] == expected


def test_a_username_without_a_password_is_an_error():
    with pytest.raises(AuthError, match="username and password go together"):
        configuration({"host": "https://api.test", "username": "ops"})


# -- impersonation ------------------------------------------------------------------------------------------------


class Response:
    status = 200
    reason = "OK"
    headers: ClassVar[dict[str, str]] = {}
    data = b"{}"

    def stream(self, _amount: int) -> Iterator[bytes]:
        yield b'{"type": "ADDED", "object": {}}\n'

    def release_conn(self) -> None:
        pass


class Pool:
    def __init__(self) -> None:
        self.seen: list[Any] = []

    def request(self, method: str, url: str, **kwargs: Any) -> Response:
        self.seen.append(kwargs["headers"])
        return Response()


def fake_session(options: dict[str, Any]) -> tuple[KubeSession, Pool]:
    connection = connect(options)
    pool = Pool()
    connection.pool = pool
    return KubeSession(connection), pool


def test_impersonation_headers_go_with_every_request_and_watch():
    options = {"host": "https://api.test", "api_key": "t", "impersonate_user": "jane", "impersonate_groups": ["a", "b"]}
    session, pool = fake_session(options)
    session.request("GET", "/api")
    list(session.stream("/api/v1/configmaps", {"watch": "1"}, timeout=1))
    assert len(pool.seen) == 2
    for headers in pool.seen:
        assert headers["Impersonate-User"] == "jane"
        # one header line per group: the API server takes "a, b" in one line as a single group
        assert headers.getlist("Impersonate-Group") == ["a", "b"]
        assert headers["Authorization"] == "Bearer t"


def test_several_groups_with_urllib3_1_are_an_error_not_one_group(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(urllib3, "__version__", "1.26.18")
    options = {"host": "https://api.test", "api_key": "t", "impersonate_user": "jane"}
    assert connect({**options, "impersonate_groups": ["a"]}).headers[-1] == ("Impersonate-Group", "a")
    with pytest.raises(AuthError, match="impersonating several groups needs urllib3 2 or later"):
        connect({**options, "impersonate_groups": ["a", "b"]})


def test_impersonation_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("K8S_AUTH_IMPERSONATE_USER", "jane")
    monkeypatch.setenv("K8S_AUTH_IMPERSONATE_GROUPS", "ops,,auditors")
    session, pool = fake_session({"host": "https://api.test", "api_key": "t"})
    session.request("GET", "/api")
    assert pool.seen[0]["Impersonate-User"] == "jane"
    assert pool.seen[0].getlist("Impersonate-Group") == ["ops", "auditors"]


def test_no_impersonation_headers_unless_asked():
    session, pool = fake_session({"host": "https://api.test", "api_key": "t"})
    session.request("GET", "/api")
    assert "Impersonate-User" not in pool.seen[0] and "Impersonate-Group" not in pool.seen[0]


# -- proxy --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "no_proxy", "bypass"),
    [
        ("https://api.corp.example:6443", "corp.example", True),
        ("https://api.corp.example:6443", ".corp.example", True),
        ("https://corp.example", ".corp.example", True),
        ("https://notcorp.example", "corp.example", False),
        ("https://10.1.2.3:6443", "10.0.0.0/8", True),
        ("https://10.1.2.3:6443", "10.1.2.3", True),
        ("https://192.168.0.1", "10.0.0.0/8,localhost", False),
        ("https://api.test:6443", "api.test:6443", True),
        ("https://api.test:6443", "api.test:443", False),
        ("https://anything.test", " * ", True),
        ("https://api.test", "", False),
    ],
)
def test_no_proxy_entries(url: str, no_proxy: str, bypass: bool):
    assert bypasses_proxy(url, no_proxy) is bypass


def test_the_proxy_carries_its_headers(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("K8S_AUTH_PROXY_HEADERS_USER_AGENT", "ops/1.0")
    connection = connect(
        {
            "host": "https://api.test",
            "api_key": "t",
            "proxy": "http://proxy.test:3128",
            "proxy_headers": {"proxy_basic_auth": "me:pw", "basic_auth": None, "user_agent": None},
        }
    )
    assert isinstance(connection.pool, urllib3.ProxyManager)
    # an explicit proxy_headers replaces the variables, as in kubernetes.core
    assert connection.pool.proxy_headers == {"proxy-authorization": "Basic " + base64.b64encode(b"me:pw").decode()}


def test_proxy_headers_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("K8S_AUTH_PROXY", "http://proxy.test:3128")
    monkeypatch.setenv("K8S_AUTH_PROXY_HEADERS_USER_AGENT", "ops/1.0")
    connection = connect({"host": "https://api.test", "api_key": "t"})
    assert isinstance(connection.pool, urllib3.ProxyManager)
    assert connection.pool.proxy_headers == {"user-agent": "ops/1.0"}


def test_no_proxy_hosts_are_reached_directly(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("K8S_AUTH_NO_PROXY", ".test")
    connection = connect({"host": "https://api.test", "api_key": "t", "proxy": "http://proxy.example:3128"})
    assert not isinstance(connection.pool, urllib3.ProxyManager)


def test_the_usual_proxy_variables_are_not_read(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("https_proxy", "http://proxy.example:3128")
    connection = connect({"host": "https://api.test", "api_key": "t"})
    assert not isinstance(connection.pool, urllib3.ProxyManager)


def test_a_kubeconfigs_proxy_url_is_used(tmp_path: Path):
    path = kubeconfig(tmp_path / "k", "x", ("x", "c", SERVER_A, "t"))
    data = json.loads(path.read_text())
    data["clusters"][0]["cluster"]["proxy-url"] = "http://proxy.example:3128"
    path.write_text(json.dumps(data))
    assert isinstance(connect({"kubeconfig": str(path)}).pool, urllib3.ProxyManager)


# -- persist_config -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("options", "persists"), [({}, False), ({"persist_config": True}, True)])
def test_kubeconfig_files_are_written_back_only_with_persist_config(
    two_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, options: dict[str, Any], persists: bool
):
    from kubernetes.config import kube_config

    persisters = []
    real = kube_config.KubeConfigLoader

    def loader(*args: Any, **kwargs: Any) -> Any:
        persisters.append(kwargs.get("config_persister"))
        return real(*args, **kwargs)

    monkeypatch.setattr(kube_config, "KubeConfigLoader", loader)
    configuration({"kubeconfig": str(two_files[0]), "context": "first", **options})
    assert len(persisters) == 1 and (persisters[0] is not None) is persists


# -- the argument spec and the client read the same variables ----------------------------------------------------


def test_the_argument_spec_falls_back_to_the_clients_variables():
    fallbacks = {name: tuple(o["fallback"][1]) for name, o in _args.AUTH_ARG_SPEC.items() if "fallback" in o}
    assert fallbacks == AUTH_ENV
    assert set(_args.AUTH_ARG_SPEC) == set(AUTH_ENV) | {"proxy_headers"}
    assert set(_args.AUTH_ARG_SPEC["proxy_headers"]["options"]) == set(kclient.PROXY_HEADERS_ENV)


def test_passwords_are_masked_in_the_modules_input():
    params = {"password": "pw-9f1", "proxy_headers": {"proxy_basic_auth": "me:pxy-77", "user_agent": "ua"}}
    found = _args.input_secrets(params, _args.AUTH_ARG_SPEC)
    assert {"pw-9f1", "me:pxy-77"} <= found and "ua" not in found
