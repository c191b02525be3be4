#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: protect_app
short_description: Define an application Trident protect manages (namespaces and label selectors)
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates or updates a Trident protect Application in the application's namespace - the namespaces (each
    with an optional label selector) whose resources snapshots and backups of it capture.
  - Returns what the selectors select now (PVCs with their StorageClass, ConfigMaps, Secrets), so a task can
    check the application is what it should be before protecting it.
  - Deleting an Application that Schedules use is refused unless O(force=true).
options:
  state:
    description:
      - V(present) creates or updates the Application; V(absent) deletes it (its snapshots and backups stay).
    type: str
    choices: [present, absent]
    default: present
  force:
    description:
      - With O(state=absent), delete the Application even though Schedules use it.
      - Not the C(force) of C(kubernetes.core.k8s), which replaces objects.
    type: bool
    default: false
extends_documentation_fragment:
  - tridentops.storage.spec.protect_app_options
  - tridentops.storage.k8s_auth
  - tridentops.storage.stack_name
  - tridentops.storage.attributes
"""

EXAMPLES = r"""
- name: The shop application - its namespace, and the shared database's objects labelled app=shop
  tridentops.storage.protect_app:
    name: shop
    namespace: shop
    included_namespaces:
      - namespace: shop
      - namespace: databases
        match_labels:
          app: shop
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
  description: The Application when created, updated or deleted, with the fields that differed.
  returned: always
  type: list
  elements: dict
resources:
  description: What the Application's namespaces and selectors select now, per namespace.
  returned: when O(state=present)
  type: dict
  sample: {"shop": {"persistent_volume_claims": [{"name": "data", "storage_class": "gold"}],
                    "config_maps": ["settings"], "secrets": ["db-password"]}}
"""

from typing import Any

from ..module_utils._args import AUTH_ARG_SPEC, STACK_NAME_ARG_SPEC, STATE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.protect import app

ARG_SPEC: dict[str, dict[str, Any]] = {
    **app.OPTIONS,
    **STATE_ARG_SPEC,
    "force": {"type": "bool", "default": False},
    **STACK_NAME_ARG_SPEC,
    **AUTH_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), app.converge_app)


if __name__ == "__main__":
    main()
