"""Run tasks or the collection's playbooks with ansible-playbook, as a user would, and read the results.

Tasks run on localhost with the test venv's Python. The connection comes from module_defaults on the
collection's action group (so the group is exercised too): the kubeconfig of the chosen control-plane user.

Every run goes through the secret scan (``SecretScan``): at -vvvv unless a test asks for another
verbosity, and its whole output is searched for every secret value the suite knows.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@dataclass
class Run:
    rc: int
    stdout: str
    stderr: str
    results: list[dict[str, Any]]  # one per task, in order (localhost's result)

    @property
    def last(self) -> dict[str, Any]:
        return self.results[-1]

    @property
    def failed(self) -> bool:
        return self.rc != 0


def ansible_env(kubeconfig: Path | None = None, callback: str = "ansible.posix.json") -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "hack"))
    from collection_path import link_collection

    env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(link_collection()),
        "ANSIBLE_STDOUT_CALLBACK": callback,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_NOCOLOR": "1",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    if kubeconfig is not None:
        env["K8S_AUTH_KUBECONFIG"] = str(kubeconfig)
    return env


def run_tasks(
    tasks: list[dict[str, Any]],
    kubeconfig: Path,
    *,
    check: bool = False,
    diff: bool = False,
    verbosity: int | None = None,
    extra_vars: dict[str, Any] | None = None,
) -> Run:
    SCAN.learn(tasks, "the tasks")
    play = [
        {
            "name": "tridentops test",
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "module_defaults": {"group/tridentops.storage.trident": {"kubeconfig": str(kubeconfig)}},
            "tasks": tasks,
        }
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        yaml.safe_dump(play, handle)
        path = handle.name
    try:
        return run_playbook(path, kubeconfig, check=check, diff=diff, verbosity=verbosity, extra_vars=extra_vars)
    finally:
        os.unlink(path)


def run_playbook(
    playbook: str,
    kubeconfig: Path,
    *,
    check: bool = False,
    diff: bool = False,
    verbosity: int | None = None,
    extra_vars: dict[str, Any] | None = None,
    callback: str = "ansible.posix.json",
) -> Run:
    command = [str(BIN / "ansible-playbook"), "-i", "localhost,", playbook]
    if check:
        command.append("--check")
    if diff:
        command.append("--diff")
    with tempfile.TemporaryDirectory() as tmp:
        if extra_vars:
            # From a file, as a user keeps secrets out of the process list.
            (Path(tmp) / "extra_vars.json").write_text(json.dumps(extra_vars))
            command += ["-e", f"@{Path(tmp) / 'extra_vars.json'}"]
        done = execute(
            command,
            ansible_env(kubeconfig, callback),
            verbosity=verbosity,
            playbook=playbook,
            extra_vars=extra_vars,
            kubeconfig=kubeconfig,
        )
    return Run(done.returncode, done.stdout, done.stderr, json_results(done.stdout) if callback == JSON else [])


JSON = "ansible.posix.json"


def json_results(stdout: str) -> list[dict[str, Any]]:
    """Each task's localhost result from the json callback's report (after -vvvv's log lines, if any)."""
    match = re.search(r"^\{$", stdout, re.M)
    report = json.loads(stdout[match.start() :]) if match else {"plays": []}
    return [task["hosts"].get("localhost", {}) for play in report.get("plays", []) for task in play.get("tasks", [])]


def execute(
    command: list[str],
    env: Mapping[str, str],
    *,
    verbosity: int | None = None,
    playbook: str | None = None,
    extra_vars: Any = None,
    kubeconfig: Path | None = None,
    cwd: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ansible-playbook through the secret scan: learn the run's secrets, run it, search its output."""
    SCAN.learn_playbook(playbook)
    SCAN.learn(extra_vars, "the extra vars")
    SCAN.learn_kubeconfig(kubeconfig)
    level = SCAN.verbosity if verbosity is None else verbosity
    if level:
        command = [*command, "-" + "v" * level]
    done = subprocess.run(command, capture_output=True, text=True, env=dict(env), check=False, cwd=cwd)
    SCAN.check(" ".join(command[3:4]) or "ansible-playbook", done.stdout + done.stderr)
    return done


# -- the secret scan -----------------------------------------------------------------------------------------------

# Fixed values the suite's deliberately secret-bearing inputs use: known even before any test hands them over.
CANARIES = (
    "canary-Password-4f1d8a",
    "canary-ChapInitiator-77b2",
    "canary-ChapTarget-19c3e0",
    "canary-ChapUser-5a6e",
    "canary-KubeToken-0c9d2e7b",
    "canary-AwsSecret-2b8f41",
    "canary-AwsSession-6e0a93",
    "AKIACANARY0ACCESS7KEY",
)
# Keys whose values are secrets, normalised (lower case, no _ or -): the spec model's secret fields, the
# kubeconfig's credentials and the AWS ones. Independent of the product's own masking code on purpose: the
# scan must catch what that code misses.
SECRET_KEYS = frozenset(
    {
        "username",
        "password",
        "clientprivatekey",
        "chapusername",
        "chapinitiatorsecret",
        "chaptargetusername",
        "chaptargetinitiatorsecret",
        "token",
        "apikey",
        "clientkeydata",
        "idtoken",
        "refreshtoken",
        "clientsecret",
        "accesskey",
        "awsaccesskey",
        "awsaccesskeyid",
        "secretkey",
        "awssecretkey",
        "awssecretaccesskey",
        "sessiontoken",
        "awssessiontoken",
        "accesskeyid",
        "secretaccesskey",
    }
)
# Endings of keys that name where a secret is kept, not the secret.
REFERENCES = ("secret", "secretarn", "secretname", "secretref", "file")
# Shorter values, plain lower-case words and templates are not scanned for: they occur in any output by
# chance (the product masks them all the same).
MIN_LENGTH = 8


@dataclass
class SecretScan:
    """Secret values the suite knows, and the ansible-playbook runs of the current test that showed one.

    Known values: CANARIES, and every value the tests hand to Ansible under a key of SECRET_KEYS (or one
    containing "password", but not a reference such as fsxadmin_password_secret): in tasks, extra vars,
    spec files an extra var names, playbook files, and the credentials of the kubeconfig a run uses. Once
    learnt a value stays known for the session: a secret of one test in another test's output is a leak too.
    """

    # TRIDENTOPS_TEST_VERBOSITY=0 runs the suite as before the scan (it still searches the shorter output).
    verbosity: int = field(default_factory=lambda: int(os.environ.get("TRIDENTOPS_TEST_VERBOSITY", "4")))
    known: dict[str, str] = field(default_factory=lambda: dict.fromkeys(CANARIES, "the canaries"))
    hits: list[str] = field(default_factory=list)

    def remember(self, value: object, source: str) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or len(value) < MIN_LENGTH or re.fullmatch(r"[a-z]+", value):
            return
        if "{{" in value or "{%" in value:
            return
        self.known.setdefault(value, source)

    def learn(self, data: object, source: str) -> None:
        """Remember the values under secret keys anywhere in ``data`` (spec files named in it too)."""
        for key, value in _pairs(data):
            name = key.replace("_", "").replace("-", "").lower()
            # fsxadmin_password_secret names a secret that holds a password: a reference, not a secret.
            if name in SECRET_KEYS or ("password" in name and not name.endswith(REFERENCES)):
                for leaf in _leaves(value):
                    self.remember(leaf, source)
            elif key in ("spec", "src") and isinstance(value, str) and value.endswith((".yaml", ".yml")):
                self.learn_file(value)

    def learn_file(self, path: str | Path | None) -> None:
        if path is not None and Path(path).is_file():
            self.learn(yaml.safe_load(Path(path).read_text()), str(path))

    def learn_playbook(self, playbook: str | None) -> None:
        self.learn_file(playbook)

    def learn_kubeconfig(self, kubeconfig: Path | None) -> None:
        self.learn_file(kubeconfig)

    def check(self, label: str, output: str) -> list[str]:
        """Record (and return) each known secret ``output`` shows, as written or base64-encoded."""
        found = []
        forms = [
            (number, form, shown, source)
            for number, (secret, source) in enumerate(sorted(self.known.items()))
            for form, shown in ((secret, "as written"), (base64.b64encode(secret.encode()).decode(), "base64"))
        ]
        for number, form, shown, source in forms:
            at = output.find(form)
            if at >= 0:
                # The context, never a secret itself: the report must not be the leak.
                context = output[max(0, at - 120) : at + len(form) + 60]
                for other, other_form, _shown, _source in sorted(forms, key=lambda f: -len(f[1])):
                    context = context.replace(other_form, f"<secret {other}>")
                found.append(
                    f"{label}: secret {number} ({len(form)} characters, from {source}) shown {shown}: ...{context}..."
                )
        self.hits.extend(found)
        return found


def _pairs(data: object) -> Iterable[tuple[str, object]]:
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield str(key), value
            yield from _pairs(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _pairs(item)


def _leaves(data: object) -> Iterable[object]:
    if isinstance(data, Mapping):
        for value in data.values():
            yield from _leaves(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _leaves(item)
    else:
        yield data


# The scan of the running test session.
SCAN = SecretScan()


@pytest.fixture(autouse=True)
def secret_scan() -> Iterator[SecretScan]:
    """Fail any test whose ansible-playbook output shows a known secret (every run at -vvvv by default).

    Autouse through tests/conftest.py. A test that leaks on purpose (the scan's own tests) takes the hits it
    expects out of ``secret_scan.hits`` before it ends.
    """
    SCAN.hits.clear()
    yield SCAN
    hits, SCAN.hits[:] = list(SCAN.hits), []
    if hits:
        pytest.fail(f"secret values in ansible output ({len(hits)}):\n" + "\n".join(hits), pytrace=False)
