#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: protect_schedule
short_description: Schedule snapshots and backups of a Trident protect application
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates or updates a Trident protect Schedule in the application's namespace - how often, and how many
    snapshots and backups to keep.
  - The time fields must match O(granularity) (Trident protect's rules) - C(Hourly) needs O(minute),
    C(Daily) O(minute) and O(hour), C(Weekly) also O(day_of_week), C(Monthly) also O(day_of_month), C(Custom)
    only O(recurrence_rule). Every mismatch is reported at once, before anything is written.
  - The Application and the AppVault must exist (the module checks, and says which exist).
options:
  namespace:
    description:
      - Namespace of the application (the Schedule goes there).
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the Schedule; V(absent) deletes it (snapshots and backups it took stay).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tridentops.storage.spec.protect_schedule_options
  - tridentops.storage.k8s_auth
  - tridentops.storage.stack_name
  - tridentops.storage.protect_namespace
  - tridentops.storage.attributes
"""

EXAMPLES = r"""
- name: Back up the shop application every night at 02:30 UTC, keep a week
  tridentops.storage.protect_schedule:
    name: nightly
    namespace: shop
    application: shop
    vault: backups
    granularity: Daily
    hour: 2
    minute: 30
    backup_retention: 7
    snapshot_retention: 2

- name: Snapshot every 15 minutes, keep 4, no backups
  tridentops.storage.protect_schedule:
    name: frequent
    namespace: shop
    application: shop
    vault: backups
    granularity: Custom
    recurrence_rule: "DTSTART:20260101T000000Z\nRRULE:FREQ=MINUTELY;INTERVAL=15"
    backup_retention: 0
    snapshot_retention: 4
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
  description: The Schedule when created, updated or deleted, with the fields that differed.
  returned: always
  type: list
  elements: dict
"""

from typing import Any

from ..module_utils._args import (
    AUTH_ARG_SPEC,
    PROTECT_NAMESPACE_ARG_SPEC,
    STACK_NAME_ARG_SPEC,
    STATE_ARG_SPEC,
    TridentModule,
)
from ..module_utils._module import execute
from ..module_utils._ops.protect import schedule

ARG_SPEC: dict[str, dict[str, Any]] = {
    **schedule.OPTIONS,
    "namespace": {"type": "str", "required": True},
    **PROTECT_NAMESPACE_ARG_SPEC,
    **STATE_ARG_SPEC,
    **STACK_NAME_ARG_SPEC,
    **AUTH_ARG_SPEC,
}


def main() -> None:
    module = TridentModule(
        ARG_SPEC, supports_check_mode=True, required_if=[("state", "present", ["application", "vault", "granularity"])]
    )
    execute(module, schedule.converge_schedule)


if __name__ == "__main__":
    main()
