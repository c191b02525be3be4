"""The ``tridentops`` command: validate a storage spec, render it to Kubernetes YAML, list its images, or adopt
what a cluster runs.

Exit status: 0 valid, 1 the spec has errors (adopt: the spec cannot express everything), 2 the file (or the
cluster) cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .spec import adopt as adoption
from .spec.facts import IMAGES, RELEASES
from .spec.issues import Issue, SpecError
from .spec.kinds import Kind
from .spec.matching import matching_pools
from .spec.render import mask_secrets, render
from .spec.render_trident import images
from .spec.stack import StorageSpec, validate
from .spec.yamlio import SpecFileError, dump, dump_all, load_file, loads_all


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tridentops", description=__doc__.splitlines()[0])
    releases = sorted(RELEASES)
    parser.add_argument(
        "--version",
        action="version",
        version=f"tridentops {__version__} (Trident {releases[0]} to {releases[-1]})",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check spec files and report every problem with its field path")
    check.add_argument("specs", nargs="+", metavar="SPEC")
    check.add_argument("--format", choices=("text", "json"), default="text")
    show = commands.add_parser("render", help="print the Kubernetes objects a spec produces, in apply order")
    show.add_argument("spec", metavar="SPEC")
    show.add_argument(
        "--reveal-secrets",
        action="store_true",
        help="print Secret values instead of masking them (for piping to kubectl)",
    )
    mirror = commands.add_parser(
        "images",
        help="print every image the spec's Trident release runs, after the spec's image overrides, one per line "
        "(for mirroring into a private registry)",
    )
    mirror.add_argument("spec", metavar="SPEC")
    _adopt_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "adopt":
        return _adopt(args, sys.stdout, sys.stderr)
    if args.command == "validate":
        return _validate(args.specs, args.format, sys.stdout)
    if args.command == "images":
        return _images(args.spec, sys.stdout)
    return _render(args.spec, args.reveal_secrets, sys.stdout)


def _load(path: str) -> tuple[StorageSpec | None, list[Issue]] | None:
    try:
        data = load_file(path)
    except SpecFileError as exc:
        print(f"tridentops: {exc}", file=sys.stderr)
        return None
    return validate(data)


def _validate(paths: Sequence[str], fmt: str, out: TextIO) -> int:
    status = 0
    report = []
    for path in paths:
        loaded = _load(path)
        if loaded is None:
            status = max(status, 2)
            continue
        spec, found = loaded
        errors = [i for i in found if i.severity == "error"]
        if errors:
            status = max(status, 1)
        report.append(
            {
                "file": path,
                "valid": spec is not None,
                "issues": [{"severity": i.severity, "path": i.path, "message": i.message} for i in found],
            }
        )
        if fmt == "text":
            _print_text(path, spec, found, out)
    if fmt == "json":
        json.dump(report, out, indent=2)
        out.write("\n")
    return status


def _print_text(path: str, spec: StorageSpec | None, found: list[Issue], out: TextIO) -> None:
    errors = [i for i in found if i.severity == "error"]
    warnings = [i for i in found if i.severity == "warning"]
    if errors:
        out.write(f"{path}: {len(errors)} error(s)\n")
    for issue in errors + warnings:
        out.write(f"  {issue.severity}: {issue}\n")
    if spec is None:
        return
    out.write(
        f"{path}: valid (stack '{spec.name}': Trident {spec.trident.version} in namespace "
        f"{spec.trident.namespace}, {len(spec.backends)} backend(s), {len(spec.storage_classes)} storage "
        f"class(es), {len(spec.snapshot_classes)} snapshot class(es))\n"
    )
    for sc in spec.storage_classes:
        if spec.backends:
            pools, _ = matching_pools(sc, spec.backends)
            out.write(
                f"  class {sc.name}{' (default)' if sc.default else ''} -> {', '.join(p.display for p in pools)}\n"
            )


def _valid(path: str) -> StorageSpec | int:
    """The spec at ``path``, or the exit status after reporting why there is none (2 unreadable, 1 invalid)."""
    loaded = _load(path)
    if loaded is None:
        return 2
    spec, found = loaded
    if spec is None:
        _print_text(path, spec, found, sys.stderr)
        return 1
    return spec


def _render(path: str, reveal: bool, out: TextIO) -> int:
    spec = _valid(path)
    if isinstance(spec, int):
        return spec
    objects = render(spec).objects
    out.write(dump_all(objects if reveal else mask_secrets(objects)))
    return 0


def _images(path: str, out: TextIO) -> int:
    spec = _valid(path)
    if isinstance(spec, int):
        return spec
    if spec.trident.version not in IMAGES:
        known = ", ".join(IMAGES)
        print(
            f"tridentops: {path}: no image list for Trident {spec.trident.version} (known releases: {known})",
            file=sys.stderr,
        )
        return 1
    out.writelines(f"{image}\n" for image in images(spec.trident))
    return 0


def _adopt_parser(commands: Any) -> None:
    take = commands.add_parser(
        "adopt",
        help="write a spec for the Trident objects given (files, or a live cluster) and list what it cannot express",
    )
    take.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="Kubernetes YAML/JSON (multi-document), tridentctl backend files; '-' reads standard input",
    )
    take.add_argument("--kubeconfig", help="read the live cluster of this kubeconfig (read only)")
    take.add_argument("--context", help="kubeconfig context of the cluster to read")
    take.add_argument("--cluster", action="store_true", help="read the live cluster (KUBECONFIG or ~/.kube/config)")
    take.add_argument("--namespace", help="Trident's namespace (default: the TridentOrchestrator's, else trident)")
    take.add_argument("--name", default="default", help="the adopted stack's name (default: default)")
    take.add_argument("--install-method", choices=("auto", "operator", "external"), default="auto")
    take.add_argument("-o", "--output", metavar="FILE", help="write the spec here instead of standard output")
    take.add_argument("--accept-loss", action="store_true", help="exit 0 even when the spec cannot express every field")


def _cluster_lister(kubeconfig: str | None, context: str | None) -> adoption.Lister:
    """Read-only listing through the kubernetes library's typed calls (the collection's own client needs Ansible's
    runtime); custom resources through its custom objects API."""
    from kubernetes import client, config
    from kubernetes.client.exceptions import ApiException

    api = config.new_client_from_config(config_file=kubeconfig, context=context)
    builtin: dict[str, Any] = {
        "StorageClass": lambda ns, sel: client.StorageV1Api(api).list_storage_class(label_selector=sel or ""),
        "Deployment": lambda ns, sel: (
            client.AppsV1Api(api).list_namespaced_deployment(ns, label_selector=sel or "")
            if ns
            else client.AppsV1Api(api).list_deployment_for_all_namespaces(label_selector=sel or "")
        ),
    }

    def read(kind: Kind, namespace: str | None, selector: str | None) -> list[dict[str, Any]]:
        group, _, version = kind.api_version.rpartition("/")
        try:
            if kind.kind in builtin:
                answer = api.sanitize_for_serialization(builtin[kind.kind](namespace, selector))
            elif kind.namespaced and namespace:
                answer = client.CustomObjectsApi(api).list_namespaced_custom_object(
                    group, version, namespace, kind.plural, label_selector=selector or ""
                )
            else:
                answer = client.CustomObjectsApi(api).list_cluster_custom_object(
                    group, version, kind.plural, label_selector=selector or ""
                )
        except ApiException as exc:
            if exc.status == 404 and group:
                return []  # a CRD not registered: nothing of that kind
            raise
        items: list[dict[str, Any]] = (answer or {}).get("items") or []
        for item in items:
            item.setdefault("apiVersion", kind.api_version)
            item.setdefault("kind", kind.kind)
        return items

    return read


def _adopt(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    objects: list[Any] = []
    notes: list[str] = []
    namespace = args.namespace
    for path in args.files:
        try:
            raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
            objects.extend(loads_all(raw, "<stdin>" if path == "-" else path))
        except OSError as exc:
            print(f"tridentops: {path}: cannot read: {exc.strerror}", file=err)
            return 2
        except SpecFileError as exc:
            print(f"tridentops: {exc}", file=err)
            return 2
    if args.cluster or args.kubeconfig or args.context:
        try:
            live, namespace, notes = adoption.read_cluster(_cluster_lister(args.kubeconfig, args.context), namespace)
        except Exception as exc:  # the library's many connection and config errors: one line, no traceback
            print(f"tridentops: cannot read the cluster: {exc}", file=err)
            return 2
        objects.extend(live)
    elif not args.files:
        print(
            "tridentops: adopt needs FILE arguments, '-', or a cluster (--cluster, --kubeconfig, --context)", file=err
        )
        return 2
    try:
        found = adoption.adopt(objects, namespace=namespace, stack=args.name, install_method=args.install_method)
    except SpecError as exc:
        print(f"tridentops: {'; '.join(str(issue) for issue in exc.issues)}", file=err)
        return 2
    text = _adopted_yaml(found, [*notes, *found.notes])
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        out.write(text)
    for line in found.skipped:
        print(f"tridentops: skipped {line}", file=err)
    if found.losses:
        print(f"tridentops: the spec cannot express {len(found.losses)} field(s):", file=err)
        for loss in found.losses:
            print(f"  {loss}", file=err)
        if not args.accept_loss:
            print("tridentops: exit 1: pass --accept-loss to take the spec as it is", file=err)
            return 1
    return 0


def _adopted_yaml(found: adoption.Adoption, notes: list[str]) -> str:
    """The spec, after a comment block: how Trident was installed, how to take it over, what to adopt."""
    lines = [f"# Adopted by tridentops. Installation: {found.installation.method}"]
    lines += [f"#   ({e})" for e in found.installation.evidence]
    lines += ["#", "# Notes:"] + [f"#   - {n}" for n in notes]
    if found.adopt:
        lines += ["#", "# The first converge takes these objects over (the stack module's adopt option):", "#   adopt:"]
        lines += [f"#     - {ref}" for ref in found.adopt]
    if found.losses:
        lines += ["#", f"# NOT EXPRESSED ({len(found.losses)}): see the list on standard error."]
    return "\n".join(lines) + "\n" + dump(found.spec)


if __name__ == "__main__":
    sys.exit(main())
