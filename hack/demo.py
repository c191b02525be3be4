"""`make demo`: the main job, converging the on-premises example stack on the embedded control plane.

1. Starts a fresh embedded control plane (kube-apiserver v1.20.2, RBAC, audit log).
2. Starts the Trident stand-in: no real Trident can run here (no kubelet, no array), so a test stand-in
   writes the status Trident's operator and controller would write. It is announced as simulated.
3. Validates every example spec.
4. Binds the roles a site run needs (rbac/tridentops-install.yaml, which installs Trident and is as powerful as
   Trident's operator, and rbac/tridentops-config.yaml; docs/rbac.md) to the `automation` user and runs
   `ansible-playbook playbooks/site.yml -e spec=examples/onprem.yaml` as that user.
5. Prints what Trident reports (tridentops.storage.info), then runs the playbook again: changed=0.

The control plane keeps running afterwards for a look around (`make cluster-down` stops it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path[:0] = [str(ROOT / "hack"), str(ROOT / "tests")]

from collection_path import link_collection  # noqa: E402
from controlplane import ControlPlane  # noqa: E402

SPEC = ROOT / "examples" / "onprem.yaml"
# What a site run needs: installing Trident, then backends and classes, and the stack's claim (docs/rbac.md).
CLAIM_ROLE = "tridentops-stack-claim"
SITE_ROLES = ("tridentops-install", "tridentops-config")


def banner(text: str) -> None:
    print(f"\n=== {text}", flush=True)


def ansible_env(kubeconfig: Path, callback: str) -> dict[str, str]:
    return {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(link_collection()),
        "ANSIBLE_STDOUT_CALLBACK": callback,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "K8S_AUTH_KUBECONFIG": str(kubeconfig),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def site(kubeconfig: Path) -> tuple[int, str]:
    command = [
        str(BIN / "ansible-playbook"),
        "-i",
        "localhost,",
        str(ROOT / "playbooks" / "site.yml"),
        "-e",
        f"spec={SPEC}",
    ]
    done = subprocess.run(command, env=ansible_env(kubeconfig, "default"), capture_output=True, text=True, check=False)
    return done.returncode, done.stdout + done.stderr


def info(kubeconfig: Path) -> dict[str, Any]:
    play = ROOT / ".run" / "demo-info.yml"
    play.write_text(
        "- hosts: localhost\n  connection: local\n  gather_facts: false\n"
        "  vars: {ansible_python_interpreter: '{{ ansible_playbook_python }}'}\n"
        "  tasks: [{name: info, tridentops.storage.info: {}}]\n"
    )
    done = subprocess.run(
        [str(BIN / "ansible-playbook"), "-i", "localhost,", str(play)],
        env=ansible_env(kubeconfig, "ansible.posix.json"),
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout[done.stdout.index("{") :])
    result: dict[str, Any] = report["plays"][0]["tasks"][0]["hosts"]["localhost"]
    return result


def bind_automation(admin_kubeconfig: Path) -> None:
    from kubernetes import client, config, utils

    api = config.new_client_from_config(config_file=str(admin_kubeconfig))
    automation = [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "automation"}]
    for role in SITE_ROLES:
        utils.create_from_yaml(api, str(ROOT / "rbac" / f"{role}.yaml"))
        client.RbacAuthorizationV1Api(api).create_cluster_role_binding(
            {
                "metadata": {"name": role},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
                "subjects": automation,
            }
        )
    # The stack's claim (a Lease in namespace default): a Role there, not a ClusterRole.
    utils.create_from_yaml(api, str(ROOT / "rbac" / f"{CLAIM_ROLE}.yaml"))
    client.RbacAuthorizationV1Api(api).create_namespaced_role_binding(
        "default",
        {
            "metadata": {"name": CLAIM_ROLE},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": CLAIM_ROLE},
            "subjects": automation,
        },
    )


def recap(output: str) -> str:
    match = re.search(r"^localhost\s*:.*$", output, re.M)
    return match.group(0) if match else "(no recap)"


def main() -> int:
    started = time.monotonic()
    banner("Embedded Kubernetes control plane")
    plane = ControlPlane()
    plane.stop()  # a clean slate for the demo
    plane.start()
    print(f"kube-apiserver v1.20.2 at {plane.server} (RBAC, audit log); kubeconfig: {plane.kubeconfig}")

    banner("Trident stand-in")
    print("No kubelet or storage array runs here, so Trident's operator and CSI controller are SIMULATED by")
    print("tests/standin: it registers Trident's CRDs, reports the orchestrator Installed and binds backends,")
    print("writing the same status fields Trident would.")
    standin = subprocess.Popen(
        [sys.executable, "-m", "standin", "--kubeconfig", str(plane.kubeconfigs["standin"])],
        cwd=ROOT / "tests",
        env={**os.environ, "PYTHONPATH": str(ROOT / "tests")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert standin.stdout is not None
    print(standin.stdout.readline().strip())
    try:
        banner("Validate the example specs")
        subprocess.run(
            [str(BIN / "tridentops"), "validate", *sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))],
            check=True,
        )

        banner("Cluster prerequisite: the CSI external-snapshotter's CRDs")
        from kubernetes import config
        from standin.crds import SNAPSHOT_CRDS, apply_crds

        api = config.new_client_from_config(config_file=str(plane.kubeconfigs["admin"]))
        print("registered:", ", ".join(apply_crds(api, SNAPSHOT_CRDS)))

        banner("Least privilege: bind rbac/tridentops-install.yaml and tridentops-config.yaml to the user 'automation'")
        bind_automation(plane.kubeconfigs["admin"])
        for role in SITE_ROLES:
            print(f"clusterrole.rbac.authorization.k8s.io/{role} bound to user automation")
        print("(tridentops-install is as powerful as Trident's operator: docs/rbac.md)")

        automation = plane.kubeconfigs["automation"]
        banner(f"ansible-playbook playbooks/site.yml -e spec={SPEC.relative_to(ROOT)}   (as 'automation')")
        rc, output = site(automation)
        print(output.strip())
        if rc != 0:
            return rc

        banner("What Trident reports (tridentops.storage.info)")
        state = info(automation)
        trident = state["trident"]
        print(f"Trident {trident['version']} in namespace {trident['namespace']}: {trident['status']}")
        for backend in state["backends"]:
            print(
                f"  backend {backend['name']:<12} {backend['driver']:<18} {backend['phase']:<6} "
                f"{backend['last_operation_status']:<8} {backend['message']}"
            )
        for sc in state["storage_classes"]:
            default = " (default)" if sc["default"] else ""
            print(f"  class   {sc['name']:<12}{default:<10} {json.dumps(sc['parameters'], sort_keys=True)}")
        for vsc in state["snapshot_classes"]:
            print(f"  snapshot class {vsc['name']}{' (default)' if vsc['default'] else ''}")

        banner("Run it again: nothing to change")
        rc, output = site(automation)
        print(recap(output))
        if rc != 0 or "changed=0" not in recap(output):
            print(output)
            return 1
    finally:
        standin.terminate()
        standin.wait(timeout=30)
    print(
        f"\ndone in {time.monotonic() - started:.1f} s; the control plane keeps running "
        f"(export KUBECONFIG={plane.kubeconfig}; make cluster-down stops it)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
