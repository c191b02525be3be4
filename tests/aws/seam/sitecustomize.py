"""The AWS suite's hook into the module processes: Stubber scripts and the record of every AWS call.

``aws_harness`` puts this directory on PYTHONPATH and names a script in TRIDENTOPS_AWS_TEST_SEAM for each
``ansible-playbook`` run. Modules run on localhost over the local connection, so every module process inherits
that environment and Python imports this file at start-up (``site`` imports the first ``sitecustomize`` on
the path). Nothing of it lives in the collection: it wraps botocore's ``Session.create_client``, through which
every boto3 client is made, and equips the clients a tridentops module makes (amazon.aws modules' clients are
left alone, as they were never recorded).

moto serves most of the AWS APIs the modules use, but not FSx storage virtual machines, file system
lifecycles, EKS add-ons or Pod Identity. For those the script holds stubbed responses, which botocore's
``Stubber`` checks against the service model, request and response alike. The script also names a file where
every call of every client (stubbed or not) is recorded as ``{"module", "service", "operation", "params"}``,
with values the service model marks sensitive replaced by a digest, so the tests can assert the exact call
sequence (no mutating call on a second run, none in check mode) without ever holding a password.

Script (JSON)::

    {"record": "/tmp/calls.jsonl",
     "stubs": {"<module name>": {"<service>": [
        {"method": "describe_file_systems", "expected_params": {...} | null, "response": {...}},
        {"method": "create_file_system", "error": {"code": "ServiceLimitExceeded", "message": "...",
                                                   "status": 400}}]}}}

``"<ANY>"`` in expected_params matches any value. Stubs a module run does not use are recorded as
``{"pending": ...}`` when it ends, so a missing call fails the test as surely as an extra one.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import os
import sys
from collections.abc import Mapping
from typing import Any

SCRIPT_ENV = "TRIDENTOPS_AWS_TEST_SEAM"
ANY_MARK = "<ANY>"
# AnsiballZ runs a module with runpy under __main__, its globals holding the module's import name.
OUR_MODULES = "ansible_collections.tridentops.storage.plugins.modules."


def running_module() -> str | None:
    """Short name of the tridentops module this process runs, None in any other process."""
    fqn = getattr(sys.modules.get("__main__"), "_module_fqn", None)
    if isinstance(fqn, str) and fqn.startswith(OUR_MODULES):
        return fqn.removeprefix(OUR_MODULES)
    return None


def install() -> None:
    from botocore.session import Session

    create_client = Session.create_client

    @functools.wraps(create_client)
    def create_and_equip(self: Any, service_name: str, *args: Any, **kwargs: Any) -> Any:
        client = create_client(self, service_name, *args, **kwargs)
        module = running_module()
        script = os.environ.get(SCRIPT_ENV)
        if module and script:
            attach(client, service_name, module, script)
        return client

    Session.create_client = create_and_equip  # type: ignore[method-assign]


def attach(client: Any, service: str, module_name: str, script_path: str) -> None:
    with open(script_path, encoding="utf-8") as handle:
        script = json.load(handle)
    record = script.get("record")
    if record:
        client.meta.events.register("provide-client-params", _recorder(record, module_name, service))
    stubs = script.get("stubs", {}).get(module_name, {}).get(service)
    if stubs is not None:
        _stub(client, stubs, record, module_name, service)


def _recorder(path: str, module_name: str, service: str) -> Any:
    def record(params: Mapping[str, Any], model: Any, **_: Any) -> None:
        entry = {
            "module": module_name,
            "service": service,
            "operation": model.name,
            "params": _masked(params, model.input_shape),
        }
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, sort_keys=True, default=str) + "\n")

    return record


def _masked(value: Any, shape: Any) -> Any:
    if shape is None:
        return value
    if shape.metadata.get("sensitive") and isinstance(value, str):
        return "sha256:" + hashlib.sha256(value.encode()).hexdigest()
    if shape.type_name == "structure" and isinstance(value, Mapping):
        return {k: _masked(v, shape.members.get(k)) for k, v in value.items()}
    if shape.type_name == "list" and isinstance(value, list):
        return [_masked(v, shape.member) for v in value]
    return value


def _stub(client: Any, stubs: list[dict[str, Any]], record: str | None, module_name: str, service: str) -> None:
    from botocore.stub import ANY, Stubber

    def expected(value: Any) -> Any:
        if value == ANY_MARK:
            return ANY
        if isinstance(value, dict):
            return {k: expected(v) for k, v in value.items()}
        if isinstance(value, list):
            return [expected(v) for v in value]
        return value

    stubber = Stubber(client)
    for stub in stubs:
        params = expected(stub["expected_params"]) if stub.get("expected_params") is not None else None
        error = stub.get("error")
        if error:
            stubber.add_client_error(
                stub["method"],
                service_error_code=error["code"],
                service_message=error.get("message", ""),
                http_status_code=error.get("status", 400),
                expected_params=params,
            )
        else:
            stubber.add_response(stub["method"], stub.get("response", {}), params)
    stubber.activate()

    def report_pending() -> None:
        # Stubber keeps its queue private; its names say which stubbed calls never came.
        pending = [str(item["operation_name"]) for item in vars(stubber).get("_queue", ())]
        if pending and record:
            with open(record, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"module": module_name, "service": service, "pending": pending}) + "\n")

    atexit.register(report_pending)


# Every process of a test run starts here (ansible-playbook itself too); only a run with a script is equipped.
if os.environ.get(SCRIPT_ENV):
    install()
