"""Connect to a Kubernetes API server from kubernetes.core-style authentication options.

Option names, K8S_AUTH_* environment fallbacks and precedence follow kubernetes.core, so playbooks
and ``module_defaults`` written for it work unchanged. The kubernetes library parses kubeconfigs
(client certificates, exec plugins, token refresh); requests then go straight through urllib3,
which is stable across client releases and cheaper than the generated API layer for bulk work.

Where the credentials come from, in order:

1. ``host`` with complete credentials of its own (``api_key``, ``username`` and ``password``, or
   ``client_cert`` and ``client_key``): no kubeconfig is read.
2. A kubeconfig: the ``kubeconfig`` option (a path, several paths joined by ``:``, or the config
   itself as a mapping), else ``KUBECONFIG``, else ``~/.kube/config`` if it exists. Several files
   are merged as kubectl merges them. Every file named must exist: a typo is an error, never a
   silent switch to another cluster.
3. The pod's service account, only when no kubeconfig is named and ``~/.kube/config`` does not exist.

Options given explicitly (``host``, ``api_key``, certificates, proxy...) then override what the
kubeconfig says, as in kubernetes.core.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# option -> environment variables kubernetes.core reads for it, first found wins (K8S_AUTH_<option>, then
# K8S_AUTH_<the kubernetes client's name>, as kubernetes.core looks them up)
AUTH_ENV: dict[str, tuple[str, ...]] = {
    "kubeconfig": ("K8S_AUTH_KUBECONFIG",),
    "context": ("K8S_AUTH_CONTEXT",),
    "host": ("K8S_AUTH_HOST",),
    "api_key": ("K8S_AUTH_API_KEY",),
    "username": ("K8S_AUTH_USERNAME",),
    "password": ("K8S_AUTH_PASSWORD",),
    "validate_certs": ("K8S_AUTH_VALIDATE_CERTS", "K8S_AUTH_VERIFY_SSL"),
    "ca_cert": ("K8S_AUTH_CA_CERT", "K8S_AUTH_SSL_CA_CERT"),
    "client_cert": ("K8S_AUTH_CLIENT_CERT", "K8S_AUTH_CERT_FILE"),
    "client_key": ("K8S_AUTH_CLIENT_KEY", "K8S_AUTH_KEY_FILE"),
    "proxy": ("K8S_AUTH_PROXY",),
    "no_proxy": ("K8S_AUTH_NO_PROXY",),
    "persist_config": ("K8S_AUTH_PERSIST_CONFIG",),
    "impersonate_user": ("K8S_AUTH_IMPERSONATE_USER",),
    "impersonate_groups": ("K8S_AUTH_IMPERSONATE_GROUPS",),
}
# proxy_headers suboption -> its environment variable (read when proxy_headers is not given at all)
PROXY_HEADERS_ENV: dict[str, str] = {
    "basic_auth": "K8S_AUTH_PROXY_HEADERS_BASIC_AUTH",
    "proxy_basic_auth": "K8S_AUTH_PROXY_HEADERS_PROXY_BASIC_AUTH",
    "user_agent": "K8S_AUTH_PROXY_HEADERS_USER_AGENT",
}
BOOL_OPTIONS = frozenset({"validate_certs", "persist_config"})
# The prefix of every kubernetes.core connection error.
FAILED = "Could not create API client"
# kubernetes.core's (the kubernetes library's) words when no kubeconfig file could be read.
NO_CONFIGURATION = "Invalid kube-config file. No configuration found"
DEFAULT_KUBECONFIG = "~/.kube/config"


class AuthError(Exception):
    """The options do not lead to a usable cluster connection."""


@dataclass
class Connection:
    """Where the API server is and how to talk to it; shared by every request of a session."""

    host: str
    pool: Any  # urllib3.PoolManager or ProxyManager
    configuration: Any  # kubernetes.client.Configuration, kept for token refresh
    # Sent with every request, watches included: (name, value) pairs, a name may repeat (Impersonate-Group).
    headers: tuple[tuple[str, str], ...] = ()

    def auth_headers(self) -> dict[str, str]:
        # auth_settings() runs the kubeconfig's refresh hook (exec plugins, OIDC) when a token expires.
        bearer = self.configuration.auth_settings().get("BearerToken")
        return {"Authorization": bearer["value"]} if bearer and bearer.get("value") else {}


def _env_bool(name: str, value: str) -> bool:
    # Ansible's boolean words (env_fallback gives modules the same); anything else is a mistake worth saying.
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on", "y", "t"):
        return True
    if lowered in ("0", "false", "no", "off", "n", "f"):
        return False
    raise AuthError(f"{FAILED}: {name}={value!r} is not a boolean")


def _from_env(name: str, environ: Mapping[str, str]) -> Any:
    for variable in AUTH_ENV[name]:
        if variable in environ:
            value = environ[variable]
            if name in BOOL_OPTIONS:
                return _env_bool(variable, value)
            if name == "impersonate_groups":
                return [group.strip() for group in value.split(",") if group.strip()]
            return value
    return None


def resolve_auth(options: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Options given explicitly win; otherwise the K8S_AUTH_* variables apply (as kubernetes.core reads them)."""
    environ = os.environ if environ is None else environ
    resolved: dict[str, Any] = {}
    for name in AUTH_ENV:
        value = options.get(name)
        if value is None:
            value = _from_env(name, environ)
        if value is not None:
            resolved[name] = value
    headers = options.get("proxy_headers")
    if headers is None:
        headers = {key: environ[env] for key, env in PROXY_HEADERS_ENV.items() if env in environ}
    headers = {key: value for key, value in (headers or {}).items() if value is not None}
    if headers:
        resolved["proxy_headers"] = headers
    return resolved


def kubeconfig_files(auth: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The kubeconfig files to merge, in order; None when no kubeconfig is named and ~/.kube/config is absent.

    Raises AuthError naming every file that is named but does not exist.
    """
    environ = os.environ if environ is None else environ
    named = auth.get("kubeconfig")
    if named:
        origin = "the kubeconfig option or K8S_AUTH_KUBECONFIG"
    elif environ.get("KUBECONFIG"):
        named, origin = environ["KUBECONFIG"], "KUBECONFIG"
    else:
        default = os.path.expanduser(DEFAULT_KUBECONFIG)
        return [default] if os.path.exists(default) else None
    if not isinstance(named, str):
        raise AuthError(f"{FAILED}: kubeconfig must be a path or a mapping, not {type(named).__name__}")
    if "\n" in named or named.lstrip().startswith(("{", "apiVersion:")):
        # Kubeconfig text (a file lookup, say): never quoted back, it holds credentials.
        raise AuthError(f"{FAILED}: kubeconfig holds kubeconfig text, not a path: give it as a mapping (from_yaml)")
    # os.pathsep: ':' (';' on Windows), the separator of KUBECONFIG for kubectl and kubernetes.core.
    paths = [os.path.expanduser(part) for part in named.split(os.pathsep) if part]
    missing = [path for path in paths if not os.path.exists(path)]
    if missing or not paths:
        shown = ", ".join(missing) or repr(named)
        raise AuthError(f"{FAILED}: {NO_CONFIGURATION}: {shown} does not exist (named by {origin})")
    return paths


def _in_cluster_available(environ: Mapping[str, str]) -> str:
    """Why the pod's service account cannot be used ("" when it can)."""
    from kubernetes.config import incluster_config

    if not environ.get(incluster_config.SERVICE_HOST_ENV_NAME) or not environ.get(
        incluster_config.SERVICE_PORT_ENV_NAME
    ):
        return f"not in a pod ({incluster_config.SERVICE_HOST_ENV_NAME} is not set)"
    if not os.path.exists(incluster_config.SERVICE_TOKEN_FILENAME):
        return f"no service account token at {incluster_config.SERVICE_TOKEN_FILENAME}"
    return ""


def _load_files(paths: Sequence[str], context: str | None, persist: bool, cfg: Any) -> None:
    from kubernetes.config.kube_config import KubeConfigLoader, KubeConfigMerger

    merger = KubeConfigMerger(os.pathsep.join(paths))
    if merger.config is None:
        raise AuthError(f"{FAILED}: {NO_CONFIGURATION}")
    # kubectl takes current-context from the first file that sets one; the library keeps the last one's.
    first = next((c["current-context"] for c in merger.config_files.values() if c.get("current-context")), None)
    if first:
        merger.config.value["current-context"] = first
    loader = KubeConfigLoader(
        config_dict=merger.config,
        config_base_path=None,
        active_context=context,
        # Refreshed credentials (OIDC, GCP auth-provider) go back to the file they came from only when asked.
        config_persister=merger.save_changes if persist else None,
    )
    loader.load_and_set(cfg)


def _has_own_credentials(auth: Mapping[str, Any]) -> bool:
    """kubernetes.core reads no kubeconfig when host comes with complete credentials."""
    if not auth.get("host"):
        return False
    basic = auth.get("username") and auth.get("password")
    certificate = auth.get("client_cert") and auth.get("client_key")
    return bool(auth.get("api_key") or basic or certificate)


def configuration(options: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> Any:
    """A ``kubernetes.client.Configuration`` from the options (kubeconfig, explicit host, or in-cluster)."""
    from kubernetes import client, config
    from kubernetes.config.config_exception import ConfigException

    environ = os.environ if environ is None else environ
    auth = resolve_auth(options, environ)
    if bool(auth.get("username")) != bool(auth.get("password")):
        raise AuthError(f"{FAILED}: username and password go together (HTTP basic authentication)")
    cfg = client.Configuration()
    # Only the proxy option or a kubeconfig's proxy-url; never HTTP(S)_PROXY (as kubernetes.core documents,
    # and whichever kubernetes client release is installed: newer ones read the environment themselves).
    cfg.proxy = None
    cfg.no_proxy = None
    kubeconfig = auth.get("kubeconfig")
    try:
        if _has_own_credentials(auth):
            cfg.host = auth["host"]
        elif isinstance(kubeconfig, Mapping):
            config.load_kube_config_from_dict(
                dict(kubeconfig), context=auth.get("context"), client_configuration=cfg, persist_config=False
            )
        else:
            paths = kubeconfig_files(auth, environ)
            if paths is not None:
                _load_files(paths, auth.get("context"), bool(auth.get("persist_config")), cfg)
            elif auth.get("context"):
                # A context names a kubeconfig entry: without a kubeconfig it cannot mean the pod's account.
                raise AuthError(
                    f"{FAILED}: {NO_CONFIGURATION}: context {auth['context']!r} is set, but there is no kubeconfig "
                    f"option, K8S_AUTH_KUBECONFIG or KUBECONFIG, and {DEFAULT_KUBECONFIG} does not exist"
                )
            elif not (why := _in_cluster_available(environ)):
                config.load_incluster_config(client_configuration=cfg)
            else:
                raise AuthError(
                    f"{FAILED}: {NO_CONFIGURATION}: no kubeconfig option, K8S_AUTH_KUBECONFIG or KUBECONFIG, "
                    f"{DEFAULT_KUBECONFIG} does not exist, and the pod's service account is not usable: {why}"
                )
    except (ConfigException, OSError) as exc:
        raise AuthError(f"{FAILED}: {exc}") from None
    except (AttributeError, TypeError, ValueError, KeyError) as exc:
        # The kubernetes library assumes a well-formed kubeconfig: a user entry that is a string or key data
        # that is not base64 surface as these. The type only: the value may be a credential.
        raise AuthError(f"{FAILED}: the kubeconfig is malformed ({type(exc).__name__})") from None
    _override(cfg, auth)
    return cfg


def _override(cfg: Any, auth: Mapping[str, Any]) -> None:
    """Explicit options over what the kubeconfig said (kubernetes.core sets each one on the configuration)."""
    if "host" in auth:
        cfg.host = auth["host"].rstrip("/")
    if "api_key" in auth or "username" in auth:
        if "api_key" in auth:
            cfg.api_key = {"authorization": auth["api_key"]}
            cfg.api_key_prefix = {"authorization": "Bearer"}
        else:
            import urllib3

            basic = urllib3.util.make_headers(basic_auth=f"{auth['username']}:{auth['password']}")
            cfg.api_key = {"authorization": basic["authorization"]}
            cfg.api_key_prefix = {}
        # The kubeconfig's refresh hook (an exec plugin) would put its own token back on the next request.
        cfg.refresh_api_key_hook = None
    if "validate_certs" in auth:
        cfg.verify_ssl = bool(auth["validate_certs"])
    for name, attr in (
        ("ca_cert", "ssl_ca_cert"),
        ("client_cert", "cert_file"),
        ("client_key", "key_file"),
        ("proxy", "proxy"),
        ("no_proxy", "no_proxy"),
    ):
        if name in auth:
            setattr(cfg, attr, auth[name])
    if "proxy_headers" in auth:
        import urllib3

        cfg.proxy_headers = urllib3.util.make_headers(**auth["proxy_headers"])


def impersonation_headers(auth: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Impersonate-User, and one Impersonate-Group header per group (the API server reads each separately)."""
    headers: list[tuple[str, str]] = []
    if auth.get("impersonate_user"):
        headers.append(("Impersonate-User", str(auth["impersonate_user"])))
    headers += [("Impersonate-Group", str(group)) for group in auth.get("impersonate_groups") or () if group]
    return tuple(headers)


def bypasses_proxy(url: str, no_proxy: str | None) -> bool:
    """Whether ``url`` is one of the comma-separated no_proxy entries: ``*``, a host or domain (``.example.com``
    or ``example.com`` match its subdomains too), ``host:port``, an IP address or a CIDR block."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host or not no_proxy:
        return not host
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for entry in (item.strip().lower() for item in no_proxy.split(",")):
        if not entry:
            continue
        if entry == "*" or entry == parts.netloc.lower():
            return True
        if address is not None:
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                pass
            continue
        domain = entry.lstrip(".")
        if host == domain or host.endswith("." + domain):
            return True
    return False


def connect(options: Mapping[str, Any], pool_size: int = 8) -> Connection:
    """Open a connection pool sized for ``pool_size`` requests in flight (writes may run in parallel)."""
    import urllib3

    cfg = configuration(options)
    tls: dict[str, Any] = {
        "cert_reqs": "CERT_REQUIRED" if cfg.verify_ssl else "CERT_NONE",
        "ca_certs": cfg.ssl_ca_cert,
        "cert_file": cfg.cert_file,
        "key_file": cfg.key_file,
        "maxsize": pool_size,
    }
    server_name = getattr(cfg, "tls_server_name", None)
    if server_name:
        tls["server_hostname"] = server_name
    if not cfg.verify_ssl:
        urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    host = cfg.host.rstrip("/")
    pool: urllib3.PoolManager
    if cfg.proxy and not bypasses_proxy(host, getattr(cfg, "no_proxy", None)):
        pool = urllib3.ProxyManager(cfg.proxy, proxy_headers=getattr(cfg, "proxy_headers", None), **tls)
    else:
        pool = urllib3.PoolManager(**tls)
    headers = impersonation_headers(resolve_auth(options))
    version = str(getattr(urllib3, "__version__", ""))
    if sum(name == "Impersonate-Group" for name, _value in headers) > 1 and version.startswith("1."):
        # urllib3 1.x joins a repeated header into one line, which the API server reads as a single group.
        raise AuthError(
            f"{FAILED}: impersonating several groups needs urllib3 2 or later (urllib3 {version} would send them "
            "as one group)"
        )
    return Connection(host=host, pool=pool, configuration=cfg, headers=headers)
