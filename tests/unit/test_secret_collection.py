"""Secret values found in raw module input, before anything validates it (docs/secrets.md)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
import yaml

from ansible_collections.tridentops.storage.plugins.module_utils._args import (
    CONVERGE_ARG_SPEC,
    input_secrets,
    kubeconfig_secrets,
    mask,
)
from ansible_collections.tridentops.storage.plugins.module_utils._fragments import argspec
from ansible_collections.tridentops.storage.plugins.module_utils.spec.schema import raw_secret_values
from ansible_collections.tridentops.storage.plugins.module_utils.spec.stack import StorageSpec

SAN: dict[str, Any] = {
    "name": "san",
    "driver": "ontap-san",
    "managment_lif": "10.0.0.1",  # a typo: the spec does not validate
    "svm": "svm_iscsi",
    "labels": {"tier": "db"},
    "credentials": {
        "name": "san-credentials",
        "type": "secret",
        "username": "vsadmin-db",
        "password": "Pw-of-the-san",
        "chap_username": "chap-user-1",
        "chap_initiator_secret": "chap-initiator-1",
        "chap_target_username": "chap-target-user-1",
        "chap_target_initiator_secret": "chap-target-1",
    },
}
SAN_SECRETS = {
    "vsadmin-db",
    "Pw-of-the-san",
    "chap-user-1",
    "chap-initiator-1",
    "chap-target-user-1",
    "chap-target-1",
}
TOLERATION = {"key": "node-role.kubernetes.io/infra", "operator": "Exists", "effect": "NoSchedule"}


def spec(*backends: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "name": "s",
        "trident": {"controller_placement": {"tolerations": [TOLERATION]}},
        "backends": list(backends),
        **extra,
    }


def with_credentials(**credentials: Any) -> dict[str, Any]:
    return {**SAN, "credentials": credentials}


def test_every_secret_of_a_spec_that_does_not_validate_and_nothing_else():
    assert raw_secret_values(StorageSpec, spec(SAN)) == SAN_SECRETS


def test_misspelt_secret_fields_in_any_spelling():
    found = raw_secret_values(
        StorageSpec,
        spec(
            with_credentials(pasword="p-1", chapUsername="c-2", chap_initator_secret="c-3", chap_target_usrname="c-4")
        ),
    )
    assert found == {"p-1", "c-2", "c-3", "c-4"}


def test_a_misspelt_section_is_searched_as_the_section_it_was_meant_to_be():
    backend = {**SAN}
    backend["credentails"] = backend.pop("credentials")
    assert raw_secret_values(StorageSpec, spec(backend)) == SAN_SECRETS
    top = spec()
    top["backend"] = [SAN]  # a misspelt top-level section
    assert raw_secret_values(StorageSpec, top) == SAN_SECRETS


def test_values_of_the_wrong_type_are_collected_as_text():
    found = raw_secret_values(StorageSpec, spec(with_credentials(password=73914628, chap_initiator_secret=["a-list"])))
    assert found == {"73914628", "a-list"}


def test_secret_looking_keys_in_free_form_maps_and_unknown_keys():
    backend = {**SAN, "defaults": {"adminPassword": "in-defaults"}, "api_token": "unknown-key"}
    found = raw_secret_values(StorageSpec, spec(backend))
    assert {"in-defaults", "unknown-key"} <= found
    assert "node-role.kubernetes.io/infra" not in found  # a toleration's key is a label


def test_input_that_is_no_mapping_holds_nothing_to_walk():
    assert raw_secret_values(StorageSpec, "a string") == set()
    assert raw_secret_values(StorageSpec, None) == set()
    assert raw_secret_values(StorageSpec, {"backends": "not a list"}) == set()


KUBECONFIG: dict[str, Any] = {
    "apiVersion": "v1",
    "clusters": [
        {"name": "c", "cluster": {"server": "https://127.0.0.1:6443", "certificate-authority-data": "Q0EtZGF0YQ=="}}
    ],
    "contexts": [{"name": "ctx", "context": {"cluster": "c", "user": "u"}}],
    "current-context": "ctx",
    "users": [
        {"name": "u", "user": {"token": "tok-1", "client-key-data": "S0VZ", "client-certificate-data": "Q0VSVA=="}},
        {"name": "basic", "user": {"username": "someone", "password": "pw-2"}},
        {
            "name": "oidc",
            "user": {
                "auth-provider": {
                    "name": "oidc",
                    "config": {
                        "id-token": "id-3",
                        "refresh-token": "rt-4",
                        "client-secret": "cs-5",
                        "client-id": "ci-6",
                    },
                }
            },
        },
        {
            "name": "exec",
            "user": {
                "exec": {
                    "command": "aws",
                    "args": ["eks", "get-token"],
                    "env": [{"name": "AWS_PROFILE", "value": "prof-7"}],
                }
            },
        },
    ],
}
KUBECONFIG_SECRETS = {"tok-1", "S0VZ", "pw-2", "id-3", "rt-4", "cs-5", "ci-6", "prof-7"}


def test_a_kubeconfig_mapping_gives_its_credentials_and_keeps_certificates_and_names():
    assert kubeconfig_secrets(KUBECONFIG) == KUBECONFIG_SECRETS


@pytest.mark.parametrize("dump", [yaml.safe_dump, json.dumps])
def test_a_kubeconfig_given_as_text_is_read_as_a_document(dump):
    assert kubeconfig_secrets(dump(KUBECONFIG)) == KUBECONFIG_SECRETS


def test_a_kubeconfig_path_holds_no_secret():
    assert kubeconfig_secrets("/home/me/.kube/config") == set()


STACK_ARGS = {"spec": {"type": "dict"}, "src": {"type": "path"}, **CONVERGE_ARG_SPEC}


def test_module_parameters_spec_kubeconfig_and_options_that_are_not_options():
    params = {
        "spec": spec(SAN),
        "kubeconfig": KUBECONFIG,
        "api_key": "api-key-8",
        "pasword": "unknown-option-9",  # rejected by Ansible, with the input echoed
        "labels": {"team": "a", "access_token": "free-form-10"},
        "_ansible_verbosity": 4,
    }
    assert input_secrets(params, STACK_ARGS) == (
        SAN_SECRETS | KUBECONFIG_SECRETS | {"api-key-8", "unknown-option-9", "free-form-10"}
    )


def test_a_spec_given_as_yaml_text_even_unparseable():
    text = yaml.safe_dump(spec(SAN))
    assert input_secrets({"spec": text}, STACK_ARGS) == SAN_SECRETS
    broken = text + "backends: [\n  password: 'line-11'\n"
    assert {"Pw-of-the-san", "line-11"} <= input_secrets({"spec": broken}, STACK_ARGS)


def test_model_options_with_a_misspelt_suboption_and_aliases():
    options = {**argspec("backend_options"), **CONVERGE_ARG_SPEC}
    params = {"name": "san", "credentials": {"username": "u-12", "pasword": "p-13", "chap_usrname": "c-14"}}
    assert input_secrets(params, options) == {"u-12", "p-13", "c-14"}
    vault = {"aws_access_key": {"type": "str", "aliases": ["access_key"], "no_log": True}}
    assert input_secrets({"access_key": "AKIA-15"}, vault) == {"AKIA-15"}


class Module:
    no_log_values: set[str]

    def __init__(self) -> None:
        self.no_log_values = set()


def test_mask_adds_each_value_as_written_and_base64_encoded():
    module = Module()
    mask(module, ["pw-16", ""])
    assert module.no_log_values == {"pw-16", base64.b64encode(b"pw-16").decode()}


def test_a_password_in_a_kubeconfig_proxy_or_server_url_is_masked_as_written_and_decoded():
    kubeconfig = {
        "clusters": [
            {
                "name": "p",
                "cluster": {"server": "https://10.0.0.1:6443", "proxy-url": "http://me:Proxy-pw-17@proxy:3128"},
            },
            {"name": "s", "cluster": {"server": "https://admin:Srv%40pw-18@api.example.com:6443"}},
            {"name": "plain", "cluster": {"server": "https://api.example.com", "proxy-url": "http://proxy:3128"}},
        ]
    }
    assert kubeconfig_secrets(kubeconfig) == {"Proxy-pw-17", "Srv%40pw-18", "Srv@pw-18"}


def test_a_password_in_the_proxy_option_is_masked():
    assert input_secrets({"proxy": "http://me:Proxy-pw-19@proxy:3128"}, STACK_ARGS) == {"Proxy-pw-19"}
    assert input_secrets({"proxy": "http://proxy:3128"}, STACK_ARGS) == set()


# kubernetes.core (plugins/module_utils/args_common.py, extract_sensitive_values_from_kubeconfig, 6.3.0 and
# 5.4.2 on) masks the string values of these keys anywhere in a kubeconfig mapping.
KUBERNETES_CORE_KEYS = ("token", "password", "secret", "client-key-data", "api_key", "access-token", "refresh-token")


def test_every_value_kubernetes_core_masks_in_a_kubeconfig_is_masked_but_certificates():
    user = {key: f"{key}-value" for key in KUBERNETES_CORE_KEYS}
    certificates = {"client-certificate-data": "Q0VSVA==", "certificate-authority-data": "Q0EtZGF0YQ=="}
    kubeconfig = {
        "clusters": [{"name": "c", "cluster": {"server": "https://127.0.0.1:6443", **certificates}}],
        "users": [{"name": "u", "user": {**user, "auth-provider": {"name": "x", "config": dict(user)}}}],
    }
    assert kubeconfig_secrets(kubeconfig) == set(user.values())
