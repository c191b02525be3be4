"""No secret at any verbosity: inputs that do not validate, kubeconfigs given as mappings, AWS keys.

Each case runs real ansible-playbook at -vvvv, once with the default callback (what a user reads) and
once with the json one (the structured invocation echo), and searches all of it for the canary values
it passed. The suite-wide scan (playbook.SecretScan) searches every other run the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from playbook import CANARIES, Run, run_playbook

pytestmark = pytest.mark.cluster
PASSWORD, CHAP_INITIATOR, CHAP_TARGET, CHAP_USER, TOKEN, AWS_SECRET, AWS_SESSION, AWS_ACCESS = CANARIES
MASKED = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def spec_with_one_typo() -> dict[str, Any]:
    """A spec whose only error is a misspelt field: it holds a password and all four CHAP values."""
    return {
        "name": "leaky",
        "backends": [
            {
                "name": "san",
                "driver": "ontap-san",
                "managment_lif": "10.0.0.1",  # the typo
                "svm": "svm_iscsi",
                "use_chap": True,
                "credentials": {
                    "username": "vsadmin",
                    "password": PASSWORD,
                    "chap_username": CHAP_USER,
                    "chap_initiator_secret": CHAP_INITIATOR,
                    "chap_target_username": CHAP_USER + "-target",
                    "chap_target_initiator_secret": CHAP_TARGET,
                },
            }
        ],
    }


def run(tmp_path: Path, tasks: list[dict[str, Any]], callback: str, kubeconfig: dict[str, Any] | None = None) -> Run:
    """Run ``tasks`` at -vvvv; ``kubeconfig`` (a mapping) comes from a vars file, as a user keeps credentials.

    Not inline in the playbook: Ansible quotes the playbook's source lines above a task that fails.
    """
    play: dict[str, Any] = {"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}
    if kubeconfig is not None:
        play["module_defaults"] = {"group/tridentops.storage.trident": {"kubeconfig": "{{ cluster_kubeconfig }}"}}
    path = tmp_path / f"play-{callback}.yml"
    path.write_text(yaml.safe_dump([play]))
    return run_playbook(
        str(path),
        tmp_path / "no-such-kubeconfig",  # the tasks say how they connect
        verbosity=4,
        callback=callback,
        extra_vars={"cluster_kubeconfig": kubeconfig} if kubeconfig is not None else None,
    )


def shown(result: Run, *secrets: str) -> list[str]:
    import base64

    output = result.stdout + result.stderr
    return [s for s in secrets if s in output or base64.b64encode(s.encode()).decode() in output]


@pytest.mark.parametrize("callback", ["default", "ansible.posix.json"])
def test_a_spec_dict_with_one_typo_shows_no_password_or_chap_secret(tmp_path, control_plane, callback):
    tasks = [
        {
            "tridentops.storage.stack": {
                "spec": spec_with_one_typo(),
                "kubeconfig": str(control_plane.kubeconfigs["admin"]),
            }
        }
    ]
    result = run(tmp_path, tasks, callback)
    assert result.rc != 0
    assert "backends[0].managment_lif: unknown field; did you mean 'management_lif'?" in result.stdout
    assert shown(result, PASSWORD, CHAP_INITIATOR, CHAP_TARGET, CHAP_USER) == []
    if callback != "default":
        credentials = result.last["invocation"]["module_args"]["spec"]["backends"][0]["credentials"]
        assert credentials["password"] == MASKED and credentials["chap_target_initiator_secret"] == MASKED


def test_misspelt_secret_fields_and_a_numeric_password_are_masked_in_the_errors_that_name_them(tmp_path, control_plane):
    spec = spec_with_one_typo()
    credentials = spec["backends"][0]["credentials"]
    credentials["pasword"] = credentials.pop("password")
    credentials["chap_initator_secret"] = credentials.pop("chap_initiator_secret")
    credentials["chap_target_initiator_secret"] = 73914628550  # a number where a string belongs
    tasks = [{"tridentops.storage.stack": {"spec": spec, "kubeconfig": str(control_plane.kubeconfigs["admin"])}}]
    result = run(tmp_path, tasks, "ansible.posix.json")
    assert result.rc != 0
    assert "chap_target_initiator_secret: must be a string, got ******** (a number)" in result.last["msg"]
    assert shown(result, PASSWORD, CHAP_INITIATOR, "73914628550") == []


def test_a_spec_given_as_yaml_text_that_ansible_cannot_read_as_a_dict_is_masked(tmp_path, control_plane):
    text = yaml.safe_dump(spec_with_one_typo())
    tasks = [{"tridentops.storage.stack": {"spec": text, "kubeconfig": str(control_plane.kubeconfigs["admin"])}}]
    result = run(tmp_path, tasks, "ansible.posix.json")
    assert result.rc != 0
    assert "dictionary requested" in result.last["msg"]
    assert shown(result, PASSWORD, CHAP_INITIATOR, CHAP_TARGET, CHAP_USER) == []


def kubeconfig_dict(control_plane, user: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(control_plane.kubeconfigs[user]).read_text())
    return data


@pytest.mark.parametrize("callback", ["default", "ansible.posix.json"])
def test_a_kubeconfig_dict_shows_no_token_when_the_run_succeeds_or_fails(tmp_path, control_plane, callback):
    kubeconfig = kubeconfig_dict(control_plane, "admin")
    token = kubeconfig["users"][0]["user"]["token"]
    tasks = [
        {"name": "reads the cluster", "tridentops.storage.info": {}},
        {"name": "an option Ansible rejects", "tridentops.storage.info": {"no_such_option": 1}, "ignore_errors": True},
        {"name": "an invalid spec", "tridentops.storage.stack": {"spec": spec_with_one_typo()}, "ignore_errors": True},
    ]
    result = run(tmp_path, tasks, callback, kubeconfig)
    assert result.rc == 0, result.stdout[-2000:]
    assert "Unsupported parameters" in result.stdout
    assert shown(result, token, PASSWORD) == []
    if callback != "default":
        echoed = [r["invocation"]["module_args"]["kubeconfig"]["users"][0]["user"]["token"] for r in result.results]
        assert echoed == [MASKED] * 3


def test_a_kubeconfig_dict_with_a_wrong_token_is_refused_without_showing_it(tmp_path, control_plane):
    kubeconfig = kubeconfig_dict(control_plane, "viewer")
    kubeconfig["users"][0]["user"]["token"] = TOKEN
    result = run(tmp_path, [{"tridentops.storage.info": {}}], "default", kubeconfig)
    assert result.rc != 0
    assert "401" in result.stdout
    assert shown(result, TOKEN) == []


PROXY_PASSWORD = "canary-ProxyPw-3d5f1a"


def test_a_proxy_password_in_a_kubeconfig_dict_is_not_shown(tmp_path, control_plane):
    kubeconfig = kubeconfig_dict(control_plane, "admin")
    proxied = {"server": "https://10.0.0.1:6443", "proxy-url": f"http://me:{PROXY_PASSWORD}@proxy.example:3128"}
    kubeconfig["clusters"].append({"name": "behind-a-proxy", "cluster": proxied})  # another context's cluster
    result = run(tmp_path, [{"tridentops.storage.info": {}}], "ansible.posix.json", kubeconfig)
    assert result.rc == 0, result.stdout[-2000:]
    assert shown(result, PROXY_PASSWORD) == []
    echoed = result.last["invocation"]["module_args"]["kubeconfig"]["clusters"][-1]["cluster"]
    assert echoed["proxy-url"] == "http://me:********@proxy.example:3128"


def test_aws_keys_are_masked_when_the_module_rejects_its_arguments(tmp_path, control_plane):
    vault = {
        "name": "backups",
        "aws_access_key": AWS_ACCESS,
        "aws_secret_key": AWS_SECRET,
        "session_token": AWS_SESSION,
        "kubeconfig": str(control_plane.kubeconfigs["admin"]),
    }  # no provider or bucket: refused by required_if, with the input echoed
    result = run(tmp_path, [{"tridentops.storage.protect_vault": vault}], "ansible.posix.json")
    assert result.rc != 0
    assert "missing: provider, bucket" in result.last["msg"]
    assert shown(result, AWS_ACCESS, AWS_SECRET, AWS_SESSION) == []
