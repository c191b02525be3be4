"""Mock-runtime cost of TridentStack against the same objects declared as raw pulumi_kubernetes resources.

No Pulumi engine runs here (the CLI is not installable); both programs run under Pulumi's mock runtime,
which is where a component's own overhead shows: validating and rendering the spec, filling in Outputs,
declaring each object, wiring the dependencies between stages. The stack: 50 ONTAP backends with inline
credentials (50 Secrets + 50 TridentBackendConfigs) and 150 StorageClasses, Trident installed by other
tooling (install_method external): 250 objects.

    .venv/bin/python bench/pulumi_mock.py [--runs 7] [--backends 50] [--classes 150]

Each run is a fresh mock runtime (new event loop, root stack and monitor); the programs take turns, so
drift hits all alike. Reported: medians (and minimum) of wall time and of process CPU time (the mock
monitor answers on worker threads; CPU time counts them all and is steadier on a loaded machine), and
the ratios of the medians (target: TridentStack <= 1.2x raw).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable
from typing import Any

import pulumi
import pulumi_kubernetes as k8s
from pulumi.runtime import settings
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks, set_mocks
from pulumi.runtime.stack import run_pulumi_func

from tridentops_pulumi.components import TridentStack
from tridentops_pulumi.spec.api import load, render
from tridentops_pulumi.volume_snapshot_class import VolumeSnapshotClass


class EchoMocks(Mocks):
    def new_resource(self, args: MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"{args.name}-id", args.inputs

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None


class CountingMonitor(MockMonitor):
    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.count = 0

    def RegisterResource(self, request: Any) -> Any:
        self.count += 1
        register: Any = super().RegisterResource  # pulumi's mock monitor is untyped
        return register(request)


def spec_document(backends: int, classes: int) -> dict[str, Any]:
    return {
        "name": "bench",
        "trident": {"install_method": "external"},
        "backends": [
            {
                "name": f"nas-{i}",
                "driver": "ontap-nas",
                "management_lif": f"10.0.{i // 250}.{i % 250 + 1}",
                "svm": f"svm_{i}",
                "credentials": {"username": "vsadmin", "password": f"password-{i}"},
                "labels": {"tier": f"t{i % 3}"},
            }
            for i in range(backends)
        ],
        "storage_classes": [
            {"name": f"class-{i}", "attributes": {"backendType": "ontap-nas"}, "selector": f"tier=t{i % 3}"}
            for i in range(classes)
        ],
    }


def tridentstack_program(document: dict[str, Any]) -> Callable[[], None]:
    def program() -> None:
        TridentStack("bench", document)  # type: ignore[arg-type]

    return program


def raw_program(document: dict[str, Any], with_dependencies: bool) -> Callable[[], None]:
    """The objects a careful hand-written program declares: typed classes, secret Secret data, the readiness
    annotation, and (with ``with_dependencies``) each TridentBackendConfig after its Secret."""

    objects = render(load(document)).objects  # a hand-written program has them as literals: not timed

    def program() -> None:
        secrets: dict[str, pulumi.Resource] = {}
        for obj in objects:
            meta = obj["metadata"]
            name = f"bench-{meta['name']}"
            kind = obj["kind"]
            if kind == "Secret":
                secrets[meta["name"]] = k8s.core.v1.Secret(
                    name,
                    metadata=meta,
                    type=obj["type"],
                    data={k: pulumi.Output.secret(v) for k, v in obj["data"].items()},
                )
            elif kind == "TridentBackendConfig":
                deps = [secrets[obj["spec"]["credentials"]["name"]]] if with_dependencies else []
                k8s.apiextensions.CustomResource(
                    name,
                    api_version=obj["apiVersion"],
                    kind=kind,
                    metadata={**meta, "annotations": {"pulumi.com/waitFor": "jsonpath={.status.phase}=Bound"}},
                    spec=obj["spec"],
                    opts=pulumi.ResourceOptions(depends_on=deps),
                )
            elif kind == "StorageClass":
                k8s.storage.v1.StorageClass(
                    name,
                    metadata=meta,
                    provisioner=obj["provisioner"],
                    parameters=obj["parameters"],
                    reclaim_policy=obj["reclaimPolicy"],
                    volume_binding_mode=obj["volumeBindingMode"],
                    allow_volume_expansion=obj["allowVolumeExpansion"],
                )
            elif kind == "VolumeSnapshotClass":
                VolumeSnapshotClass(name, obj)

    return program


def run_once(program: Callable[[], None]) -> tuple[float, float, int]:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    settings.ROOT.set(None)
    monitor = CountingMonitor(EchoMocks())
    set_mocks(EchoMocks(), preview=False, monitor=monitor)
    started, cpu_started = time.perf_counter(), time.process_time()
    loop.run_until_complete(run_pulumi_func(program))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    loop.close()
    asyncio.set_event_loop(None)
    settings.ROOT.set(None)
    return elapsed, cpu, monitor.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--backends", type=int, default=50)
    parser.add_argument("--classes", type=int, default=150)
    args = parser.parse_args()
    document = spec_document(args.backends, args.classes)
    objects = len(render(load(document)).objects)
    programs = {
        "raw": raw_program(document, with_dependencies=False),
        "raw+deps": raw_program(document, with_dependencies=True),
        "TridentStack": tridentstack_program(document),
    }
    for program in programs.values():
        run_once(program)  # warm-up: imports, caches
    wall: dict[str, list[float]] = {name: [] for name in programs}
    cpu: dict[str, list[float]] = {name: [] for name in programs}
    counts: dict[str, int] = {}
    for _ in range(args.runs):
        # Interleaved, so drift (CPU frequency, other load) hits every program alike.
        for name, program in programs.items():
            elapsed, used, counts[name] = run_once(program)
            wall[name].append(elapsed)
            cpu[name].append(used)
    print(f"{objects} Kubernetes objects, {args.runs} runs each (after one warm-up); seconds")
    for name in programs:
        print(
            f"  {name:13} wall median {statistics.median(wall[name]):.3f} (min {min(wall[name]):.3f})  "
            f"cpu median {statistics.median(cpu[name]):.3f} (min {min(cpu[name]):.3f})  "
            f"registrations {counts[name]}"
        )
    validation = []
    for _ in range(args.runs):
        started = time.process_time()
        render(load(document))
        validation.append(time.process_time() - started)
    print(f"  TridentStack includes the spec's load + render: cpu median {statistics.median(validation):.3f}")
    for name, base in (("TridentStack", "raw"), ("TridentStack", "raw+deps"), ("raw+deps", "raw")):
        print(
            f"  {name} / {base}: wall {statistics.median(wall[name]) / statistics.median(wall[base]):.2f}x  "
            f"cpu {statistics.median(cpu[name]) / statistics.median(cpu[base]):.2f}x"
        )


if __name__ == "__main__":
    main()
