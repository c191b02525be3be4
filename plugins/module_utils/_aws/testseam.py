"""TEST SEAM, used only by tridentops' tests (tests/aws): loaded when TRIDENTOPS_AWS_TEST_SEAM names a script.

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
import hashlib
import json
from collections.abc import Mapping
from typing import Any

ANY_MARK = "<ANY>"


def attach(client: Any, service: str, module_name: str, script_path: str) -> None:
    with open(script_path, encoding="utf-8") as handle:
        script = json.load(handle)
    record = script.get("record")
    short_name = module_name.rsplit(".", 1)[-1]
    if record:
        client.meta.events.register("provide-client-params", _recorder(record, short_name, service))
    stubs = script.get("stubs", {}).get(short_name, {}).get(service)
    if stubs is not None:
        _stub(client, stubs, record, short_name, service)


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
