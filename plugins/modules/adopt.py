#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: adopt
short_description: Turn the Trident objects a cluster already runs into a storage spec
version_added: 1.1.0
author: tridentops maintainers (@tridentops)
description:
  - Reads the TridentOrchestrator, the TridentBackendConfigs in Trident's namespace, the StorageClasses and
    VolumeSnapshotClasses of Trident's CSI driver (and TridentAutogrowPolicies when the spec has a section for
    them), and returns a spec that renders them unchanged, apart from the labels tridentops adds.
  - Read only; never reads Secrets. A backend's credentials stay a reference to its Secret.
  - Everything the spec cannot express is listed in RV(losses), field by field. The spec is checked by
    construction, validated, rendered and compared with each object read, so nothing is dropped silently.
  - Recognises installations made with tridentctl, Helm, the operator bundle or tridentops, and says in
    RV(notes) how to take them over without reinstalling; RV(adopt) lists the objects to pass to the stack
    module's C(adopt) option on the first converge.
  - See docs/adopt.md.
options:
  namespace:
    description:
      - Trident's namespace. Defaults to the one the TridentOrchestrator names, else C(trident).
    type: str
  stack_name:
    description:
      - Name of the adopted stack (the spec's C(name)).
    type: str
    default: default
  install_method:
    description:
      - V(auto) takes a TridentOrchestrator over with the operator install method, and leaves the installation
        alone (V(external)) when there is none.
      - V(external) leaves the installation to what made it, adopting backends and classes only.
    type: str
    choices: [auto, operator, external]
    default: auto
  objects:
    description:
      - Adopt these objects (Kubernetes objects or tridentctl backend configs) instead of reading the cluster.
    type: list
    elements: raw
  accept_loss:
    description:
      - Return the spec even when it cannot express everything; without it the task fails listing the losses
        (the result still carries the spec).
    type: bool
    default: false
extends_documentation_fragment:
  - tridentops.storage.k8s_auth
  - tridentops.storage.attributes.info
"""

EXAMPLES = r"""
- name: Adopt what the cluster runs
  tridentops.storage.adopt:
    stack_name: prod
  register: adopted

- name: Keep the spec next to the inventory
  ansible.builtin.copy:
    content: "{{ adopted.spec | to_nice_yaml }}"
    dest: "specs/{{ inventory_hostname }}.yaml"
    mode: "0644"
  delegate_to: localhost

- name: Take the objects over, without changing them
  tridentops.storage.stack:
    spec: "{{ adopted.spec }}"
    adopt: "{{ adopted.adopt }}"
"""

RETURN = r"""
spec:
  description: The adopted storage spec.
  returned: always
  type: dict
losses:
  description: What the spec cannot express, one entry per object and JSON path, with a reason (never a value).
  returned: always
  type: list
  elements: dict
  sample: [{"kind": "TridentBackendConfig", "name": "san", "path": "spec.igroupName",
            "reason": "the spec cannot express it (not rendered)"}]
install_method:
  description: How Trident was installed, as recognised (tridentops, operator, helm, tridentctl, unknown).
  returned: always
  type: str
evidence:
  description: What the installation method was recognised from.
  returned: always
  type: list
  elements: str
notes:
  description: How to take the installation over without reinstalling; Secrets to create.
  returned: always
  type: list
  elements: str
adopt:
  description: Objects the first converge takes over (the stack module's C(adopt) option).
  returned: always
  type: list
  elements: str
secrets:
  description: Credential Secrets the backends refer to (namespace, name, backend, keys to create).
  returned: always
  type: list
  elements: dict
skipped:
  description: Objects read that are not Trident's (another provisioner) or that no spec holds.
  returned: always
  type: list
  elements: str
"""

from typing import Any

from ..module_utils._args import AUTH_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops import adopt

ARG_SPEC: dict[str, dict[str, Any]] = {
    "namespace": {"type": "str"},
    "stack_name": {"type": "str", "default": "default"},
    "install_method": {"type": "str", "choices": ["auto", "operator", "external"], "default": "auto"},
    "objects": {"type": "list", "elements": "raw"},
    "accept_loss": {"type": "bool", "default": False},
    **AUTH_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), adopt.adopt)


if __name__ == "__main__":
    main()
