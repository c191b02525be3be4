#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: autogrow_policy
short_description: Manage a TridentAutogrowPolicy (Trident 26.02 or later)
version_added: 1.1.0
author: tridentops maintainers (@tridentops)
description:
  - Creates, updates or deletes a TridentAutogrowPolicy, the cluster-scoped policy with which Trident grows a
    volume once its used space crosses a threshold.
  - The values are validated as Trident validates them (the patterns of its CRD, then the rules its controller
    applies before it marks a policy C(Success)), so a policy Trident would mark C(Failed) is refused before
    anything is written.
  - A StorageClass or a PVC uses a policy through the annotation C(trident.netapp.io/autogrowPolicy); the
    claim's annotation wins, and the value C(none) turns autogrow off.
  - Needs Trident 26.02 or later on the cluster (its CRD); the module refuses to run on a cluster that does
    not serve the kind.
options:
  state:
    description:
      - V(present) creates or updates the policy; V(absent) deletes it (Trident keeps it, in state
        C(Deleting), while volumes still use it).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tridentops.storage.ownership
  - tridentops.storage.spec.autogrow_policy_options
  - tridentops.storage.k8s_auth
  - tridentops.storage.stack_name
  - tridentops.storage.attributes
"""

EXAMPLES = r"""
- name: Grow volumes by 20% once they are 80% full, up to 1Ti
  tridentops.storage.autogrow_policy:
    name: standard
    used_threshold: "80%"
    growth_amount: "20%"
    max_size: 1Ti

- name: Remove the policy
  tridentops.storage.autogrow_policy:
    name: standard
    state: absent
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
  description:
    - The TridentAutogrowPolicy when changed, with what changed.
    - When the run fails after writing, the objects written before the failure, and C(changed) is true.
  returned: always
  type: list
  elements: dict
"""

from typing import Any

from ..module_utils._args import AUTH_ARG_SPEC, OWNERSHIP_ARG_SPEC, STACK_NAME_ARG_SPEC, STATE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops import runs

ARG_SPEC: dict[str, dict[str, Any]] = {
    **runs.AUTOGROW_POLICY_OPTIONS,
    **STATE_ARG_SPEC,
    **STACK_NAME_ARG_SPEC,
    **OWNERSHIP_ARG_SPEC,
    **AUTH_ARG_SPEC,
}


def main() -> None:
    module = TridentModule(ARG_SPEC, supports_check_mode=True)
    execute(module, runs.autogrow_policy, prefix=runs.PREFIXES["autogrow_policy"])


if __name__ == "__main__":
    main()
