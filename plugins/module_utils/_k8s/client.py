"""Connect to a Kubernetes API server from kubernetes.core-style authentication options.

Option names and K8S_AUTH_* environment fallbacks follow kubernetes.core, so playbooks and
``module_defaults`` written for it work unchanged. The kubernetes library parses kubeconfigs
(client certificates, exec plugins, token refresh); requests then go straight through urllib3,
which is stable across client releases and cheaper than the generated API layer for bulk work.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# option -> environment variable kubernetes.core reads for it
AUTH_ENV = {
    "kubeconfig": "K8S_AUTH_KUBECONFIG",
    "context": "K8S_AUTH_CONTEXT",
    "host": "K8S_AUTH_HOST",
    "api_key": "K8S_AUTH_API_KEY",
    "validate_certs": "K8S_AUTH_VERIFY_SSL",
    "ca_cert": "K8S_AUTH_SSL_CA_CERT",
    "client_cert": "K8S_AUTH_CERT_FILE",
    "client_key": "K8S_AUTH_KEY_FILE",
    "proxy": "K8S_AUTH_PROXY",
}


class AuthError(Exception):
    """The options do not lead to a usable cluster connection."""


@dataclass
class Connection:
    """Where the API server is and how to talk to it; shared by every request of a session."""

    host: str
    pool: Any  # urllib3.PoolManager or ProxyManager
    configuration: Any  # kubernetes.client.Configuration, kept for token refresh

    def auth_headers(self) -> dict[str, str]:
        # auth_settings() runs the kubeconfig's refresh hook (exec plugins, OIDC) when a token expires.
        bearer = self.configuration.auth_settings().get("BearerToken")
        return {"Authorization": bearer["value"]} if bearer and bearer.get("value") else {}


def _env_bool(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def resolve_auth(options: Mapping[str, Any]) -> dict[str, Any]:
    """Options given explicitly win; otherwise the K8S_AUTH_* variables apply."""
    resolved: dict[str, Any] = {}
    for name, env in AUTH_ENV.items():
        value = options.get(name)
        if value is None and env in os.environ:
            value = _env_bool(os.environ[env]) if name == "validate_certs" else os.environ[env]
        if value is not None:
            resolved[name] = value
    return resolved


def configuration(options: Mapping[str, Any]) -> Any:
    """A ``kubernetes.client.Configuration`` from the options (kubeconfig, in-cluster or explicit host)."""
    from kubernetes import client, config
    from kubernetes.config.config_exception import ConfigException

    auth = resolve_auth(options)
    cfg = client.Configuration()
    try:
        if "host" in auth and "kubeconfig" not in auth:
            cfg.host = auth["host"]
        elif isinstance(auth.get("kubeconfig"), Mapping):
            config.load_kube_config_from_dict(
                dict(auth["kubeconfig"]), context=auth.get("context"), client_configuration=cfg
            )
        else:
            path = auth.get("kubeconfig") or os.environ.get("KUBECONFIG", "~/.kube/config").split(os.pathsep)[0]
            path = os.path.expanduser(path)
            if os.path.exists(path):
                config.load_kube_config(config_file=path, context=auth.get("context"), client_configuration=cfg)
            else:
                config.load_incluster_config(client_configuration=cfg)
    except (ConfigException, OSError) as exc:
        raise AuthError(f"cannot load Kubernetes credentials: {exc}") from None
    except (AttributeError, TypeError, ValueError, KeyError) as exc:
        # The kubernetes library assumes a well-formed kubeconfig: a user entry that is a string or key data
        # that is not base64 surface as these. The type only: the value may be a credential.
        malformed = f"the kubeconfig is malformed ({type(exc).__name__})"
        raise AuthError(f"cannot load Kubernetes credentials: {malformed}") from None
    if "host" in auth:
        cfg.host = auth["host"]
    if "api_key" in auth:
        cfg.api_key = {"authorization": auth["api_key"]}
        cfg.api_key_prefix = {"authorization": "Bearer"}
    if "validate_certs" in auth:
        cfg.verify_ssl = bool(auth["validate_certs"])
    for name, attr in (
        ("ca_cert", "ssl_ca_cert"),
        ("client_cert", "cert_file"),
        ("client_key", "key_file"),
        ("proxy", "proxy"),
    ):
        if name in auth:
            setattr(cfg, attr, auth[name])
    return cfg


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
    pool = urllib3.ProxyManager(cfg.proxy, **tls) if cfg.proxy else urllib3.PoolManager(**tls)
    return Connection(host=cfg.host.rstrip("/"), pool=pool, configuration=cfg)
