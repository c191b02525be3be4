#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: protect_install
short_description: Install Trident protect, or wait until it is installed
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - With O(install_method=manifests), applies the objects the C(trident-protect) Helm chart of the pinned
    release creates, at the level tridentops relies on - the protect namespace, Trident protect's CRDs, the
    controller's ServiceAccount, ClusterRole and ClusterRoleBinding, and the controller Deployment with the
    pinned image C(docker.io/netapp/controller:<version>) and the cluster name - then waits until the CRDs
    are registered and the controller Deployment exists.
  - The CRDs are registered without the chart's OpenAPI schemas, and the chart's other settings (resource
    limits, webhooks, AutoSupport) are not reproduced. Where those matter, install with the chart (C(helm
    install trident-protect netapp-trident-protect/trident-protect --version 100.YYMM.P)) and use
    O(install_method=external).
  - With O(install_method=external), applies nothing and waits until protect's CRDs are registered, so the
    protect modules that follow never race its installation.
  - Trident protect needs a CSI snapshot controller and a VolumeSnapshotClass for Trident's driver.
options:
  state:
    description:
      - V(present) installs (or waits for) Trident protect. V(absent) deletes the controller Deployment and its
        RBAC that tridentops applied; the CRDs, the namespace and every protect resource (AppVaults,
        applications, snapshots and backups) stay.
    type: str
    choices: [present, absent]
    default: present
  stack_name:
    description:
      - Value of the C(tridentops.io/stack) label on the objects.
    type: str
    default: default
extends_documentation_fragment:
  - tridentops.storage.protect_install_options
  - tridentops.storage.k8s_auth
  - tridentops.storage.protect_wait
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying the cluster.
    support: full
  diff_mode:
    description: Returns a field-level before and after of what changed (or would change in check mode).
    support: full
"""

EXAMPLES = r"""
- name: Install Trident protect 26.06.0 for cluster prod-a
  tridentops.storage.protect_install:
    cluster_name: prod-a
    version: 26.06.0

- name: Protect was installed with its Helm chart; wait for its CRDs before creating vaults
  tridentops.storage.protect_install:
    install_method: external
"""

RETURN = r"""
objects:
  description: The objects created, updated or deleted, with the fields that differed (unchanged ones are counted
    in C(unchanged)).
  returned: always
  type: list
  elements: dict
protect:
  description: Where protect runs, its release and controller image.
  returned: when O(state=present)
  type: dict
  sample: {"namespace": "trident-protect", "version": "26.06.0", "chart_version": "100.2606.0",
           "controller_image": "docker.io/netapp/controller:26.06.0"}
unchanged:
  description:
    - How many of the objects the task compared with the cluster were already as declared; C(objects)
      lists only the others.
  returned: when the task compared objects with the cluster
  type: int
  sample: 3
diff:
  description:
    - In diff mode, one entry per object that changed (or would change, in check mode). C(before_header)
      and C(after_header) name the object, C(before) and C(after) are YAML. C(before) holds the live values
      of the fields the task sets (the whole object when it is deleted), C(after) the object as applied.
      Secret values are masked; status, C(managedFields), C(resourceVersion) and C(uid) are left out.
    - A list, where C(kubernetes.core.k8s) returns one before and after, since a task here may change
      several objects.
  returned: in diff mode
  type: list
  elements: dict
uncertain:
  description:
    - When the run failed after writing, the objects whose write was sent but never answered for sure
      (the connection dropped, the API server or etcd timed out), so each may or may not have been written;
      a rerun converges them. Counted in C(changed).
  returned: when the run failed after its first write
  type: list
  elements: dict
  sample:
    - kind: StorageClass
      name: gold
      action: create
"""

from typing import Any

from ..module_utils._args import CONVERGE_ARG_SPEC, TridentModule
from ..module_utils._fragments import argspec
from ..module_utils._k8s.converge import LiveIndex, reporting_writes
from ..module_utils._module import run, session_for
from ..module_utils._ops.addons.converge import RunOptions, converge, remove
from ..module_utils._ops.addons.frame import result
from ..module_utils._ops.addons.sections import load_section
from ..module_utils._ops.protect.waits import wait_protect_ready
from ..module_utils.spec.kinds import KINDS
from ..module_utils.spec.protect import CONTROLLER_NAME, ProtectSpec, chart_version
from ..module_utils.spec.render import stack_labels
from ..module_utils.spec.render_protect import controller_image, install_objects

OPTIONS = argspec("protect_install_options")
ARG_SPEC: dict[str, dict[str, Any]] = {
    **OPTIONS,
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "stack_name": {"type": "str", "default": "default"},
    **CONVERGE_ARG_SPEC,
}
# What state=absent removes: the controller and its RBAC, never the CRDs (they hold every protect resource).
CONTROLLER = [
    (KINDS[("apps/v1", "Deployment")], True),
    (KINDS[("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")], False),
    (KINDS[("rbac.authorization.k8s.io/v1", "ClusterRole")], False),
    (KINDS[("v1", "ServiceAccount")], True),
]


def main() -> None:
    module = TridentModule(ARG_SPEC, supports_check_mode=True)
    params = module.params

    def converge_protect() -> dict[str, Any]:
        session = session_for(module)
        index = LiveIndex(session)
        if params["state"] == "absent":
            namespace = params["namespace"]
            targets = [(kind, CONTROLLER_NAME, namespace if namespaced else None) for kind, namespaced in CONTROLLER]
            return result(remove(session, index, targets, module.check_mode), module._diff)
        protect = load_section(module, ProtectSpec, OPTIONS)
        objects = install_objects(protect, stack_labels(params["stack_name"]))
        options = RunOptions(module.check_mode, params["wait"], params["wait_timeout"])
        changes = converge(session, index, objects, options)
        if params["wait"] and not module.check_mode:
            with reporting_writes(changes):  # a failed wait still reports what was installed
                wait_protect_ready(
                    session, protect.namespace, protect.install_method == "manifests", [], params["wait_timeout"]
                )
        info = {
            "namespace": protect.namespace,
            "version": protect.version,
            "chart_version": chart_version(protect.version),
        }
        if protect.install_method == "manifests":
            info["controller_image"] = controller_image(protect)
        return result(changes, module._diff, protect=info)

    run(module, converge_protect)


if __name__ == "__main__":
    main()
