"""`make demo`: the storage spec end to end on the embedded control plane.

Starts (or reuses) the control plane, validates every example spec, renders it and sends every
object to the real kube-apiserver with server-side dry run, then prints a summary. The control
plane is left running for a look around (`make cluster-down` stops it).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hack"), str(ROOT / "tests")]

from collection_path import link_collection  # noqa: E402
from controlplane import ControlPlane  # noqa: E402

sys.path.insert(0, str(link_collection()))

import yaml  # noqa: E402
from kubernetes import client, config  # noqa: E402
from standin.crds import SNAPSHOT_CRDS, TRIDENT_CRDS, apply_crds, wait_established  # noqa: E402

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import connect  # noqa: E402
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.diff import drift  # noqa: E402
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession  # noqa: E402
from ansible_collections.tridentops.storage.plugins.module_utils.spec import render, validate  # noqa: E402
from ansible_collections.tridentops.storage.plugins.module_utils.spec.matching import matching_pools  # noqa: E402


def main() -> int:
    started = time.monotonic()
    plane = ControlPlane.ensure_running()
    print(f"control plane: {plane.server} (kube-apiserver v1.20.2, RBAC, audit log)")
    admin = config.new_client_from_config(config_file=str(plane.kubeconfigs["admin"]))
    # Trident's operator registers its CRDs when it installs Trident; no operator runs here, so the
    # test stand-in's copies are installed instead, with the CSI snapshotter's.
    apply_crds(admin, TRIDENT_CRDS)
    apply_crds(admin, SNAPSHOT_CRDS)
    print("Trident and snapshot CRDs registered (test stand-in for Trident's operator)\n")
    session = KubeSession(connect({"kubeconfig": str(plane.kubeconfigs["admin"])}))

    failures = 0
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        spec, issues = validate(yaml.safe_load(path.read_text()))
        rel = path.relative_to(ROOT)
        if spec is None:
            print(f"{rel}: INVALID")
            for issue in issues:
                print(f"  {issue.severity}: {issue}")
            failures += 1
            continue
        objects = render(spec).objects
        setup = [o for o in objects if o["kind"] in ("Namespace", "CustomResourceDefinition")]
        for obj in setup:
            session.apply(obj)
        wait_established(
            client.ApiextensionsV1Api(admin),
            [o["metadata"]["name"] for o in setup if o["kind"] == "CustomResourceDefinition"],
        )
        accepted = sum(1 for o in objects if not drift(o, session.apply(o, dry_run=True)))
        kinds = Counter(o["kind"] for o in objects)
        print(f"{rel}: stack '{spec.name}', Trident {spec.trident.version} in namespace {spec.trident.namespace}")
        print(f"  {len(objects)} objects, {accepted} accepted by the API server (server-side dry run)")
        print("  " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
        for sc in spec.storage_classes:
            pools = ", ".join(p.display for p in matching_pools(sc, spec.backends)[0])
            print(f"  class {sc.name}{' (default)' if sc.default else ''} -> {pools}")
        for issue in issues:
            print(f"  {issue.severity}: {issue}")
        failures += accepted != len(objects)
        print()
    print(f"done in {time.monotonic() - started:.1f} s; the control plane keeps running (make cluster-down stops it)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
