"""Every module option, declared once.

Connection and wait options mirror kubernetes.core's names and K8S_AUTH_* fallbacks. Options
that describe part of the storage spec are generated from the spec's model classes, together
with their documentation (``hack/gen_doc_fragments.py`` writes it to plugins/doc_fragments), so
the argument spec, the docs and the validation cannot disagree. Allowed values and ranges are
checked by the spec model, which reports every problem at once with its option path; Ansible's
own checks stop at the first, so the argument specs carry types and no_log only.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import types
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Union, get_args, get_origin
from urllib.parse import unquote, urlsplit

from ansible.module_utils.basic import AnsibleModule, env_fallback

from .spec.schema import leaf_values, normal_name, raw_secret_values, secret_key, secret_names, type_hints, walk_free
from .spec.stack import StorageSpec
from .spec.yamlio import SpecFileError, loads

# The pattern Ansible's sanity checks use to spot options that may carry secrets.
_LOOKS_SECRET = re.compile(r"(?:pass(?!ive)|secret|token|key)", re.I)


def _env(*names: str) -> tuple[Any, list[str]]:
    return (env_fallback, list(names))


# kubernetes.core's proxy_headers suboptions (urllib3.util.make_headers arguments). Their K8S_AUTH_PROXY_HEADERS_*
# variables apply when proxy_headers is not given at all (_k8s/client.py reads them, as kubernetes.core does).
AUTH_PROXY_HEADERS_SPEC: dict[str, dict[str, Any]] = {
    "proxy_basic_auth": {"type": "str", "no_log": True},
    "basic_auth": {"type": "str", "no_log": True},
    "user_agent": {"type": "str"},
}
# The environment variables are kubernetes.core's, first found wins (_k8s/client.py AUTH_ENV: the same lists).
AUTH_ARG_SPEC: dict[str, dict[str, Any]] = {
    "kubeconfig": {"type": "raw", "fallback": _env("K8S_AUTH_KUBECONFIG")},
    "context": {"type": "str", "fallback": _env("K8S_AUTH_CONTEXT")},
    "host": {"type": "str", "fallback": _env("K8S_AUTH_HOST")},
    "api_key": {"type": "str", "no_log": True, "fallback": _env("K8S_AUTH_API_KEY")},
    "username": {"type": "str", "fallback": _env("K8S_AUTH_USERNAME")},
    "password": {"type": "str", "no_log": True, "fallback": _env("K8S_AUTH_PASSWORD")},
    "validate_certs": {
        "type": "bool",
        "aliases": ["verify_ssl"],
        "fallback": _env("K8S_AUTH_VALIDATE_CERTS", "K8S_AUTH_VERIFY_SSL"),
    },
    "ca_cert": {
        "type": "path",
        "aliases": ["ssl_ca_cert"],
        "fallback": _env("K8S_AUTH_CA_CERT", "K8S_AUTH_SSL_CA_CERT"),
    },
    "client_cert": {
        "type": "path",
        "aliases": ["cert_file"],
        "fallback": _env("K8S_AUTH_CLIENT_CERT", "K8S_AUTH_CERT_FILE"),
    },
    "client_key": {
        "type": "path",
        "aliases": ["key_file"],
        "fallback": _env("K8S_AUTH_CLIENT_KEY", "K8S_AUTH_KEY_FILE"),
    },
    "proxy": {"type": "str", "fallback": _env("K8S_AUTH_PROXY")},
    "no_proxy": {"type": "str", "fallback": _env("K8S_AUTH_NO_PROXY")},
    "proxy_headers": {"type": "dict", "options": AUTH_PROXY_HEADERS_SPEC},
    "persist_config": {"type": "bool", "fallback": _env("K8S_AUTH_PERSIST_CONFIG")},
    "impersonate_user": {"type": "str", "fallback": _env("K8S_AUTH_IMPERSONATE_USER")},
    "impersonate_groups": {"type": "list", "elements": "str", "fallback": _env("K8S_AUTH_IMPERSONATE_GROUPS")},
}

WAIT_ARG_SPEC: dict[str, dict[str, Any]] = {
    "wait": {"type": "bool", "default": True},
    "wait_timeout": {"type": "int", "default": 300},
}

# Options common to modules that change a cluster's state.
CONVERGE_ARG_SPEC: dict[str, dict[str, Any]] = {**AUTH_ARG_SPEC, **WAIT_ARG_SPEC}


# What a run may take from others (docs/ownership.md; documented in doc_fragments/ownership.py and, for the
# stack's claim, in the stack module). adopt names objects as Kind/name or Kind/namespace/name.
OWNERSHIP_ARG_SPEC: dict[str, dict[str, Any]] = {
    "adopt": {"type": "list", "elements": "str", "default": []},
    "foreign_changes": {"type": "str", "choices": ["take", "keep"], "default": "take"},
}
# The stack module's claim on its stack name.
STACK_CLAIM_ARG_SPEC: dict[str, dict[str, Any]] = {
    "spec_id": {"type": "str"},
    "take_over": {"type": "bool", "default": False},
}
# Modules that install Trident: moving an existing installation to another namespace.
MOVE_TRIDENT_ARG_SPEC: dict[str, dict[str, Any]] = {"move_trident": {"type": "bool", "default": False}}

# The access modes of a PersistentVolumeClaim the API server accepts (ReadWriteOncePod since Kubernetes 1.22).
ACCESS_MODES = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")

# The usual state of a module that converges objects; each module says in its docs what absent removes.
STATE_ARG_SPEC: dict[str, dict[str, Any]] = {
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
}
# The stack label of the objects a per-resource module applies (doc fragment stack_name).
STACK_NAME_ARG_SPEC: dict[str, dict[str, Any]] = {"stack_name": {"type": "str", "default": "default"}}
# Where Trident protect runs, for the modules that act through it (doc fragment protect_namespace).
PROTECT_NAMESPACE_ARG_SPEC: dict[str, dict[str, Any]] = {
    "protect_namespace": {"type": "str", "default": "trident-protect"},
}


def auth_params(params: Mapping[str, Any]) -> dict[str, Any]:
    return {name: params.get(name) for name in AUTH_ARG_SPEC}


# -- secrets in the module's input -----------------------------------------------------------------------------

# Options that hold a whole storage spec (the stack and fsx_ontap_plan modules): searched by the spec model.
SPEC_OPTIONS = ("spec",)


class TridentModule(AnsibleModule):  # type: ignore[misc]
    """AnsibleModule that masks every secret its raw input holds before anything validates or echoes it.

    Ansible masks the values of no_log options it could parse. A failed run echoes the rest of its
    input back (``invocation.module_args``, shown from -vvv), including what Ansible or the spec model
    could not parse: a spec with one typo, a misspelt option, a kubeconfig given as a mapping. Their
    secret values are added to no_log_values as soon as the input is read, so argument errors, spec
    errors, API errors and results are all masked the same way.
    """

    def _load_params(self) -> None:
        super()._load_params()
        mask(self, input_secrets(self.params, self.argument_spec))


def mask(module: Any, values: Iterable[str]) -> None:
    """Hide each value in every output of ``module``, as written and base64-encoded (as a Secret's data holds it)."""
    for value in values:
        if value:
            module.no_log_values.update({value, base64.b64encode(value.encode()).decode()})


def input_secrets(params: Mapping[str, Any], argspec: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """Secret values in raw module parameters, before Ansible checks them against ``argspec``."""
    names = secret_names(StorageSpec) | _no_log_names(argspec)
    return _option_secrets(params, argspec, names)


def _option_secrets(
    params: Mapping[str, Any], argspec: Mapping[str, Mapping[str, Any]], names: frozenset[str]
) -> set[str]:
    by_name = {
        alias: (name, option) for name, option in argspec.items() for alias in (name, *option.get("aliases", ()))
    }
    found: set[str] = set()
    for key, value in params.items():
        if value is None or (isinstance(key, str) and key.startswith("_ansible_")):
            continue
        name, option = by_name.get(key, (str(key), None))
        if option is None:
            # Not an option (a typo Ansible is about to reject with the whole input echoed).
            if secret_key(name, names):
                found |= leaf_values(value)
            else:
                walk_free(_parsed(value), found, names)
        elif option.get("no_log"):
            found |= leaf_values(value)
        elif name == "kubeconfig":
            found |= kubeconfig_secrets(value)
        elif name == "proxy":
            found |= url_password(value)
        elif name in SPEC_OPTIONS:
            data = _parsed(value)
            if isinstance(data, Mapping):
                found |= raw_secret_values(StorageSpec, data)
            else:
                walk_free(data, found, names)
        elif option.get("options"):
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, Mapping):
                    found |= _option_secrets(item, option["options"], names)
                else:
                    walk_free(_parsed(item), found, names)
        else:
            # Free-form maps and lists (labels, tags, configuration values): by their keys' names.
            walk_free(_parsed(value), found, names)
    return found


def kubeconfig_secrets(value: object) -> set[str]:
    """A kubeconfig's credentials: tokens, client keys, passwords, auth-provider config, exec plugin env, and
    the password of a cluster's server or proxy-url given in the URL (``http://user:password@proxy:3128``).

    Certificates (client-certificate-data, certificate-authority-data) are public and stay visible.
    """
    data = _parsed(value)
    found: set[str] = set()
    walk_free(data, found)
    clusters = data.get("clusters") if isinstance(data, Mapping) else None
    for entry in clusters if isinstance(clusters, list) else []:
        cluster = entry.get("cluster") if isinstance(entry, Mapping) else None
        if isinstance(cluster, Mapping):
            found |= url_password(cluster.get("server")) | url_password(cluster.get("proxy-url"))
    users = data.get("users") if isinstance(data, Mapping) else None
    for entry in users if isinstance(users, list) else []:
        user = entry.get("user") if isinstance(entry, Mapping) else None
        if not isinstance(user, Mapping):
            continue
        provider = user.get("auth-provider")
        if isinstance(provider, Mapping):
            found |= leaf_values(provider.get("config"))  # id-token, refresh-token, client-secret...
        plugin = user.get("exec")
        env = plugin.get("env") if isinstance(plugin, Mapping) else None
        for variable in env if isinstance(env, list) else []:
            if isinstance(variable, Mapping):
                found |= leaf_values(variable.get("value"))
    return found


def url_password(value: object) -> set[str]:
    """The password a URL carries in its user information, as written and decoded."""
    if not isinstance(value, str) or "@" not in value:
        return set()
    try:
        password = urlsplit(value.strip()).password
    except ValueError:  # not a URL (an unclosed IPv6 bracket, a port that is not a number)
        return set()
    return {password, unquote(password)} - {""} if password else set()


def _parsed(value: object) -> object:
    """Text that holds a document (a spec or kubeconfig passed as a YAML or JSON string) as data."""
    if not isinstance(value, str) or not value.strip() or ("\n" not in value and not value.lstrip().startswith("{")):
        return value
    try:
        return json.loads(value)
    except ValueError:
        pass
    try:
        # yamlio's loader: bounded in size, depth and alias expansion, as for a spec file.
        return loads(value.encode())
    except (SpecFileError, ImportError):
        # Not parseable: each line written as ``key: value``, for its key's name.
        return [{key: line_value} for key, line_value in _key_values(value)]


def _key_values(text: str) -> Iterable[tuple[str, str]]:
    for line in text.splitlines():
        key, sep, rest = line.partition(":")
        if sep and rest.strip():
            yield key.strip().strip("-").strip().strip("'\""), rest.strip().strip("'\"")


def _no_log_names(argspec: Mapping[str, Mapping[str, Any]]) -> frozenset[str]:
    names: set[str] = set()
    for name, option in argspec.items():
        if option.get("no_log"):
            names.add(normal_name(name))
        if option.get("options"):
            names |= _no_log_names(option["options"])
    return frozenset(names)


# -- options generated from the spec model --------------------------------------------------------


def model_argspec(cls: Any, exclude: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> dict[str, dict[str, Any]]:
    """Argument spec for the fields of a spec model class (nested classes become suboptions).

    ``optional`` names required model fields the module asks for only in some states (``required_if``).
    """
    hints = type_hints(cls)
    spec: dict[str, dict[str, Any]] = {}
    for f in dataclasses.fields(cls):
        if f.name in exclude:
            continue
        option = _option(hints[f.name])
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and f.name not in optional:
            option["required"] = True
        elif _is_scalar_default(f.default):
            option["default"] = f.default
        if f.metadata.get("secret"):
            option["no_log"] = True
        elif _LOOKS_SECRET.search(f.name):
            option["no_log"] = False  # a name like a secret's, deliberately logged (e.g. image_pull_secrets)
        spec[f.name] = option
    return spec


def _option(tp: Any) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin is Union or origin is types.UnionType:
        options = [a for a in get_args(tp) if a is not type(None)]
        return _option(options[0]) if len(options) == 1 else {"type": "raw"}
    if origin is Literal:
        return {"type": _scalar_type(type(get_args(tp)[0]))}
    if tp in (str, int, bool):
        return {"type": _scalar_type(tp)}
    if origin is tuple:
        item = get_args(tp)[0]
        option: dict[str, Any] = {"type": "list", "elements": _element_type(item)}
        if dataclasses.is_dataclass(item):
            option["options"] = model_argspec(item)
        return option
    if origin is Mapping or origin is dict:
        return {"type": "dict"}
    if dataclasses.is_dataclass(tp):
        return {"type": "dict", "options": model_argspec(tp)}
    raise TypeError(f"no Ansible option type for {tp!r}")


def _element_type(item: Any) -> str:
    if dataclasses.is_dataclass(item) or get_origin(item) in (Mapping, dict):
        return "dict"
    if get_origin(item) is Literal:
        return _scalar_type(type(get_args(item)[0]))
    return _scalar_type(item)


def _scalar_type(tp: Any) -> str:
    return {str: "str", int: "int", bool: "bool"}[tp]


def _is_scalar_default(value: Any) -> bool:
    return isinstance(value, str | int | bool) and value is not dataclasses.MISSING


def model_docs(
    cls: Any, exclude: tuple[str, ...] = (), optional: tuple[str, ...] = (), *, choices: bool = False
) -> dict[str, dict[str, Any]]:
    """Ansible option documentation for the same fields, from their docstrings and types.

    The allowed values of a field are said in its description: module options leave them out of the
    argument spec (the model checks them), and validate-modules wants documented ``choices`` to match
    it. ``choices=True`` lists them as ``choices`` instead, for documentation no argument spec backs
    (the fields of the ``spec`` option, which the spec model alone validates).
    """
    hints = type_hints(cls)
    argspec = model_argspec(cls, exclude, optional)
    docs: dict[str, dict[str, Any]] = {}
    for f in dataclasses.fields(cls):
        if f.name in exclude:
            continue
        option = argspec[f.name]
        description = [f.metadata.get("doc", "").strip()]
        allowed = _choices(hints[f.name])
        if allowed and not choices:
            description.append(f"One of V({'), V('.join(str(c) for c in allowed)}).")
        doc: dict[str, Any] = {"description": description, "type": option["type"]}
        for key in ("required", "default", "elements"):
            if key in option:
                doc[key] = option[key]
        if allowed and choices:
            doc["choices"] = list(allowed)
        nested = _nested_model(hints[f.name])
        if nested is not None:
            doc["suboptions"] = model_docs(nested, choices=choices)
        docs[f.name] = doc
    return docs


def _choices(tp: Any) -> tuple[Any, ...]:
    origin = get_origin(tp)
    if origin is Literal:
        return get_args(tp)
    if origin in (Union, types.UnionType, tuple):
        for arg in get_args(tp):
            found = _choices(arg)
            if found:
                return found
    return ()


def _nested_model(tp: Any) -> Any:
    if dataclasses.is_dataclass(tp):
        return tp
    for arg in get_args(tp):
        if dataclasses.is_dataclass(arg):
            return arg
    return None


def present_params(params: Mapping[str, Any], argspec: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Module parameters back into spec form: only the model's fields, unset ones left out (model defaults apply)."""
    out: dict[str, Any] = {}
    for name, option in argspec.items():
        value = params.get(name)
        if value is None:
            continue
        if option.get("options") and isinstance(value, Mapping):
            value = present_params(value, option["options"])
        elif option.get("options") and isinstance(value, list):
            value = [present_params(v, option["options"]) if isinstance(v, Mapping) else v for v in value]
        out[name] = value
    return out
