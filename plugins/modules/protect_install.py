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
extends_documentation_fragment:
  - tridentops.storage.spec.protect_install_options
  - tridentops.storage.k8s_auth
  - tridentops.storage.protect_wait
  - tridentops.storage.stack_name
  - tridentops.storage.attributes
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
objects:
  description: Trident protect's objects (its namespace, CRDs, ServiceAccount, ClusterRole and binding, controller
    Deployment) created, updated or deleted, with the fields that differed (unchanged ones are counted in
    C(unchanged)).
  returned: always
  type: list
  elements: dict
protect:
  description: Where protect runs, its release and controller image.
  returned: when O(state=present)
  type: dict
  sample: {"namespace": "trident-protect", "version": "26.06.0", "chart_version": "100.2606.0",
           "controller_image": "docker.io/netapp/controller:26.06.0"}
"""

from typing import Any

from ..module_utils._args import CONVERGE_ARG_SPEC, STACK_NAME_ARG_SPEC, STATE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.protect import install

ARG_SPEC: dict[str, dict[str, Any]] = {
    **install.OPTIONS,
    **STATE_ARG_SPEC,
    **STACK_NAME_ARG_SPEC,
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), install.converge_protect)


if __name__ == "__main__":
    main()
