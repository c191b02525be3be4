"""Run Pulumi programs under the mock runtime and record every resource registration.

No Pulumi CLI is installable here, so the engine is replaced by ``pulumi.runtime.set_mocks`` with a
monitor that keeps each ``RegisterResourceRequest``: type, name, parent, dependencies, provider and the
inputs exactly as serialised for the engine (secrets still wrapped in their secret marker, unknowns as
the unknown sentinel). Tests assert on those inputs, never on ``.apply`` results, which a preview can
leave unrun.

Each test gets a fresh event loop, root stack and mock monitor (``MockRuntime``), so nothing leaks
between tests and a stuck future cannot poison the next one.
"""

from __future__ import annotations

import asyncio
import copy
import gc
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi
from google.protobuf import json_format
from pulumi.runtime import settings
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks, set_mocks
from pulumi.runtime.stack import run_pulumi_func

SECRET_SIG = "4dabf18193072939515e22adb298388d"
SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def is_secret(value: object) -> bool:
    return isinstance(value, Mapping) and value.get(SECRET_SIG) == SECRET_VALUE


def reveal(value: Any) -> Any:
    """The value with every secret marker removed (to compare contents once secrecy is asserted)."""
    if is_secret(value):
        return reveal(value["value"])
    if isinstance(value, Mapping):
        return {k: reveal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reveal(v) for v in value]
    return value


def secret_paths(value: Any, path: str = "") -> list[str]:
    """Where secret markers sit inside a recorded input."""
    if is_secret(value):
        return [path]
    if isinstance(value, Mapping):
        return [p for k, v in value.items() for p in secret_paths(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in secret_paths(v, f"{path}[{i}]")]
    return []


def unknown_output() -> pulumi.Output[Any]:
    """An Output whose value a preview does not know (as a resource's output not yet created)."""
    loop = asyncio.get_event_loop()
    value, known = loop.create_future(), loop.create_future()
    value.set_result(None)
    known.set_result(False)
    return pulumi.Output(set(), value, known)


def public(value: Any) -> Any:
    """The value with every secret part removed: what state would show in clear text."""
    if is_secret(value):
        return "[secret]"
    if isinstance(value, Mapping):
        return {k: public(v) for k, v in value.items()}
    if isinstance(value, list):
        return [public(v) for v in value]
    return value


def contains(value: Any, needle: str) -> bool:
    """Whether a text occurs anywhere in a recorded value, secret or not."""
    if isinstance(value, Mapping):
        return any(contains(k, needle) or contains(v, needle) for k, v in value.items())
    if isinstance(value, list):
        return any(contains(v, needle) for v in value)
    return isinstance(value, str) and needle in value


@dataclass(frozen=True)
class Registration:
    type: str
    name: str
    urn: str
    parent: str
    custom: bool
    dependencies: frozenset[str]
    inputs: dict[str, Any]
    additional_secret_outputs: tuple[str, ...]
    provider: str
    version: str

    @property
    def kind(self) -> str:
        return self.type.rsplit(":", 1)[-1]

    @property
    def object(self) -> dict[str, Any]:
        """The Kubernetes object this registration declares, secret markers removed."""
        return reveal(self.inputs)


class RecordingMonitor(MockMonitor):
    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.registrations: list[Registration] = []
        self.outputs: dict[str, dict[str, Any]] = {}

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            self.registrations.append(
                Registration(
                    type=request.type,
                    name=request.name,
                    urn=response.urn,
                    parent=request.parent,
                    custom=request.custom,
                    dependencies=frozenset(request.dependencies),
                    inputs=json_format.MessageToDict(request.object),
                    additional_secret_outputs=tuple(request.additionalSecretOutputs),
                    provider=request.provider,
                    version=request.version,
                )
            )
        return response

    def RegisterResourceOutputs(self, request: Any) -> Any:
        self.outputs[request.urn] = json_format.MessageToDict(request.outputs)
        return super().RegisterResourceOutputs(request)


# What AWS would report for the resources FsxOntapStorage creates (camelCase, as the engine sends it).
def _aws_outputs(args: MockResourceArgs) -> dict[str, Any]:
    name = args.name
    if args.typ == "aws:fsx/ontapFileSystem:OntapFileSystem":
        return {"arn": "arn:aws:fsx:eu-west-1:111122223333:file-system/fs-0123456789abcdef0", "dnsName": f"{name}.fsx"}
    if args.typ == "aws:fsx/ontapStorageVirtualMachine:OntapStorageVirtualMachine":
        endpoint = lambda kind, ip: {"dnsName": f"{kind}.{name}.fsx.example", "ipAddresses": [ip]}  # noqa: E731
        return {
            "arn": f"arn:aws:fsx:eu-west-1:111122223333:storage-virtual-machine/{name}",
            "endpoints": [
                {
                    "managements": [endpoint("management", "10.0.1.10")],
                    "nfs": [endpoint("nfs", "10.0.1.11")],
                    "iscsis": [endpoint("iscsi", "10.0.1.12")],
                    "smbs": [],
                }
            ],
        }
    if args.typ == "aws:secretsmanager/secret:Secret":
        return {"arn": f"arn:aws:secretsmanager:eu-west-1:111122223333:secret:{name}-AbCdEf"}
    if args.typ in ("aws:iam/role:Role", "aws:iam/policy:Policy"):
        kind = "role" if args.typ.endswith("Role") else "policy"
        return {"arn": f"arn:aws:iam::111122223333:{kind}/{name}", "name": name}
    return {}


FSXADMIN_PASSWORD = "Fsxadmin-from-secret"
READS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "aws:secretsmanager/getSecretVersion:getSecretVersion": lambda a: {
        **a,
        "secretString": json.dumps({"password": FSXADMIN_PASSWORD}),
    },
    "aws:eks/getCluster:getCluster": lambda a: {**a, "version": "1.33"},
    "aws:eks/getAddonVersion:getAddonVersion": lambda a: {**a, "version": "v26.6.0-eksbuild.1"},
}


class FakeCloud(Mocks):
    """Every resource's outputs are its inputs, plus the ids, ARNs and endpoints AWS would assign; in a
    preview, like the engine for a resource not created yet, no id and nothing beyond the inputs."""

    def __init__(self, preview: bool = False) -> None:
        self.preview = preview

    def new_resource(self, args: MockResourceArgs) -> tuple[str, dict[str, Any]]:
        if self.preview:
            return "", copy.deepcopy(args.inputs)
        ids = {
            "aws:fsx/ontapFileSystem:OntapFileSystem": "fs-0123456789abcdef0",
            "aws:fsx/ontapStorageVirtualMachine:OntapStorageVirtualMachine": "svm-0123456789abcdef0",
        }
        return ids.get(args.typ, f"{args.name}-id"), {**copy.deepcopy(args.inputs), **_aws_outputs(args)}

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        # The only reads the components make: what the spec names in AWS (the fsxadmin password's secret, and with
        # an EKS add-on at version latest, the cluster's Kubernetes version and the add-on versions offered for it).
        answer = READS.get(args.token)
        if answer is None:
            raise AssertionError(f"unexpected invoke {args.token}: the components read nothing else")
        return answer(dict(args.args)), []


@dataclass
class MockRuntime:
    """One isolated mock engine; ``run`` executes a program and returns what it registered."""

    preview: bool = False
    project: str = "project"
    stack: str = "stack"
    config: Mapping[str, str] = field(default_factory=dict)
    secret_config: tuple[str, ...] = ()
    monitor: RecordingMonitor = field(init=False)
    unhandled: list[str] = field(default_factory=list)
    failed: bool = False

    def __post_init__(self) -> None:
        self.monitor = RecordingMonitor(FakeCloud(self.preview))

    def start(self) -> None:
        loop = asyncio.new_event_loop()
        # A program that fails leaves derived Outputs failed and never awaited; asyncio would log each one
        # when it is collected. They are kept instead: expected after a failed run, an error otherwise.
        loop.set_exception_handler(lambda _loop, context: self.unhandled.append(str(context.get("exception"))))
        asyncio.set_event_loop(loop)
        settings.ROOT.set(None)  # a fresh root stack, registered on this loop
        settings.SETTINGS.outputs.clear()  # the SDK tracks Outputs globally; set_mocks does not reset them
        # Full keys ("project:key", "aws:region"), as `pulumi config` stores them.
        pulumi.runtime.set_all_config(dict(self.config), list(self.secret_config))
        set_mocks(
            self.monitor.mocks, project=self.project, stack=self.stack, preview=self.preview, monitor=self.monitor
        )

    def stop(self) -> None:
        pulumi.runtime.set_all_config({}, [])
        loop = asyncio.get_event_loop()
        # A program that failed leaves Outputs and registrations pending: cancel them on this loop, so
        # nothing of this test runs (or complains) later.
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        settings.SETTINGS.outputs.clear()
        gc.collect()  # collect what the program left behind now, on this loop, so errors surface here
        loop.close()
        asyncio.set_event_loop(None)
        settings.ROOT.set(None)
        if self.unhandled and not self.failed:
            raise AssertionError(f"the program raised where nobody awaited it: {self.unhandled}")

    def run(self, program: Callable[[], Any]) -> list[Registration]:
        """Run ``program``, wait until every registration and output has been sent, return them all."""
        before = len(self.monitor.registrations)
        loop = asyncio.get_event_loop()
        try:
            loop.run_until_complete(run_pulumi_func(program))
        except BaseException:
            self.failed = True
            raise
        return self.monitor.registrations[before:]

    def outputs_of(self, registration: Registration) -> dict[str, Any]:
        return self.monitor.outputs.get(registration.urn, {})


def by_type(registrations: list[Registration], type_: str) -> list[Registration]:
    return [r for r in registrations if r.type == type_]


def one(registrations: list[Registration], type_: str, name: str | None = None) -> Registration:
    found = [r for r in by_type(registrations, type_) if name is None or r.name == name]
    assert len(found) == 1, f"expected one {type_} {name or ''}, found {[r.name for r in found]}"
    return found[0]


def children_of(registrations: list[Registration], parent: Registration) -> Iterator[Registration]:
    return (r for r in registrations if r.parent == parent.urn)


KUBERNETES = "kubernetes:"
PULUMI_ANNOTATION = "pulumi.com/"


def kubernetes_objects(registrations: list[Registration]) -> list[dict[str, Any]]:
    """The Kubernetes objects declared, as sent (secret markers removed, Pulumi's annotations kept)."""
    return [r.object for r in registrations if r.custom and r.type.startswith(KUBERNETES)]


def without_pulumi_annotations(obj: Mapping[str, Any]) -> dict[str, Any]:
    """The object without ``pulumi.com/*`` annotations (Pulumi-only: readiness waits); nothing else changes."""
    out = copy.deepcopy(dict(obj))
    metadata = out.get("metadata", {})
    annotations = {k: v for k, v in metadata.get("annotations", {}).items() if not k.startswith(PULUMI_ANNOTATION)}
    if annotations:
        metadata["annotations"] = annotations
    else:
        metadata.pop("annotations", None)
    return out


def canonical(value: Any) -> str:
    """The value as sorted JSON: field order no longer matters, integers the engine sent as floats are
    integers again, and types still do (in Python ``True == 1``; in JSON ``true`` is not ``1``)."""
    return json.dumps(_integral(value), sort_keys=True, indent=1)


def _integral(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _integral(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def keyed(objects: list[Mapping[str, Any]]) -> dict[tuple[str, str, str], str]:
    """Objects by (kind, namespace, name), canonical; duplicates fail loudly."""
    out: dict[tuple[str, str, str], str] = {}
    for obj in objects:
        meta = obj["metadata"]
        key = (obj["kind"], meta.get("namespace", ""), meta["name"])
        assert key not in out, f"declared twice: {key}"
        out[key] = canonical(obj)
    return out
