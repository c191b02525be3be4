"""The ``tridentops`` command: validate a storage spec, render it to Kubernetes YAML, or list its images.

Exit status: 0 valid, 1 the spec has errors, 2 the file cannot be read or parsed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from . import __version__
from .spec.facts import IMAGES, RELEASES
from .spec.issues import Issue
from .spec.matching import matching_pools
from .spec.render import mask_secrets, render
from .spec.render_trident import images
from .spec.stack import StorageSpec, validate
from .spec.yamlio import SpecFileError, dump_all, load_file


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
    args = parser.parse_args(argv)
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


def _render(path: str, reveal: bool, out: TextIO) -> int:
    loaded = _load(path)
    if loaded is None:
        return 2
    spec, found = loaded
    if spec is None:
        _print_text(path, spec, found, sys.stderr)
        return 1
    objects = render(spec).objects
    out.write(dump_all(objects if reveal else mask_secrets(objects)))
    return 0


def _images(path: str, out: TextIO) -> int:
    loaded = _load(path)
    if loaded is None:
        return 2
    spec, found = loaded
    if spec is None:
        _print_text(path, spec, found, sys.stderr)
        return 1
    if spec.trident.version not in IMAGES:
        known = ", ".join(IMAGES)
        print(
            f"tridentops: {path}: no image list for Trident {spec.trident.version} (known releases: {known})",
            file=sys.stderr,
        )
        return 1
    out.writelines(f"{image}\n" for image in images(spec.trident))
    return 0


if __name__ == "__main__":
    sys.exit(main())
