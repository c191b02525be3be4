"""The suite's secret scan flags what it must (it cannot pass vacuously) and learns what the tests pass."""

from __future__ import annotations

import base64
import json
import textwrap
from pathlib import Path

import yaml
from playbook import CANARIES, SCAN, SecretScan, json_results

ROOT = Path(__file__).resolve().parents[2]
LEAK = CANARIES[0]
pytest_plugins = ["pytester"]


def test_a_known_value_is_flagged_as_written_and_base64_encoded_and_the_report_does_not_repeat_it():
    scan = SecretScan()
    encoded = base64.b64encode(LEAK.encode()).decode()
    hits = scan.check("play.yml", f'ok: [localhost] => {{"password": "{LEAK}", "data": "{encoded}"}}')
    assert len(hits) == 2 and scan.hits == hits
    assert "shown as written" in hits[0] and "shown base64" in hits[1]
    assert all(LEAK not in hit and encoded not in hit for hit in hits)
    assert scan.check("play.yml", 'ok: [localhost] => {"password": "********"}') == []


def test_values_under_secret_keys_are_learnt_from_tasks_vars_and_the_files_they_name(tmp_path):
    scan = SecretScan()
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        yaml.safe_dump({"backends": [{"credentials": {"username": "vsadmin", "password": "From-a-file-1"}}]})
    )
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(yaml.safe_dump({"users": [{"name": "u", "user": {"token": "Kube-token-2"}}]}))
    tasks = [{"tridentops.storage.backend": {"credentials": {"chap_initiator_secret": "In-a-task-3"}, "name": "n-o-t"}}]
    scan.learn(tasks, "the tasks")
    scan.learn(
        {"spec": str(spec), "aws_secret_key": "Extra-var-4", "fsxadmin_password_secret": "fsx/fsxadmin-ref"},
        "the extra vars",
    )
    scan.learn_kubeconfig(kubeconfig)
    learnt = set(scan.known) - set(CANARIES)
    assert learnt == {"From-a-file-1", "Kube-token-2", "In-a-task-3", "Extra-var-4"}
    assert scan.check("x", "Kube-token-2") and scan.check("x", "From-a-file-1")


def test_short_values_plain_words_and_templates_are_not_scanned_for():
    scan = SecretScan()
    scan.learn({"password": ["pw", "password", "{{ vault_password }}", 1234567, 12345678]}, "t")
    assert set(scan.known) - set(CANARIES) == {"12345678"}


def test_the_json_report_is_read_after_the_log_lines_of_a_verbose_run():
    report = {"plays": [{"tasks": [{"hosts": {"localhost": {"changed": True}}}]}]}
    stdout = "ansible-playbook [core]\n<localhost> EXEC {not json}\n" + json.dumps(report, indent=4)
    assert json_results(stdout) == [{"changed": True}]


def test_every_run_defaults_to_maximum_verbosity(secret_scan):
    assert secret_scan is SCAN and SCAN.verbosity == 4


def test_the_autouse_fixture_fails_a_test_whose_ansible_output_shows_a_secret(pytester):
    pytester.makeconftest(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(ROOT / "tests" / "integration")!r})
            from playbook import secret_scan
            """
        )
    )
    pytester.makepyfile(
        textwrap.dedent(
            f"""
            from playbook import SCAN

            def test_leaks():
                SCAN.check("play.yml", "fatal: [localhost]: FAILED! => password {LEAK}")

            def test_masks():
                SCAN.check("play.yml", "fatal: [localhost]: FAILED! => password ********")
            """
        )
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_leaks*", "*secret values in ansible output (1)*"])
    assert LEAK not in result.stdout.str()
