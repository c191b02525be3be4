#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fsx_ontap_filesystem
short_description: Manage an Amazon FSx for NetApp ONTAP file system
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates, updates or deletes an Amazon FSx for NetApp ONTAP file system, known by its C(Name) tag, O(name).
    A second run finds it instead of creating another one, and creation sends a client request token derived
    from the request, so a create retried after a lost response does not duplicate it.
  - Waits until the file system is C(AVAILABLE), up to O(wait_timeout) seconds; a C(FAILED) file system
    fails the task with AWS's own failure message.
  - Storage capacity (up only), throughput, HA pairs of C(SINGLE_AZ_2), backups, the maintenance window,
    SSD IOPS, route tables and tags change in place. A change AWS cannot make in place (deployment type,
    subnets, endpoint range) is refused, naming the fields; a file system holding data is never replaced.
  - The fsxadmin password is read from AWS Secrets Manager (O(fsxadmin_password_secret)) at creation and
    never appears in the module's options or output.
  - Options are the C(aws.file_system) section of the storage spec and are validated the same way, every
    problem at once, before any AWS call; subnets are checked against EC2 (Availability Zones, VPC) before
    a create.
options:
  state:
    description:
      - V(present) creates or updates the file system; V(absent) deletes it (AWS refuses while it has
        storage virtual machines other than ones being deleted).
    type: str
    choices: [present, absent]
    default: present
  purge_tags:
    description:
      - Remove tags of the file system that O(tags) does not list. The C(Name) tag is always kept.
    type: bool
    default: true
  wait:
    description:
      - Wait until the file system is C(AVAILABLE) (or, with O(state=absent), gone).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait; creating a file system takes 20 to 45 minutes.
    type: int
    default: 3600
extends_documentation_fragment:
  - tridentops.storage.spec.fsx_ontap_filesystem_options
  - tridentops.storage.aws_connection
  - tridentops.storage.attributes.aws
notes:
  - Use M(tridentops.storage.fsx_ontap_svm) next to create the storage virtual machine Trident uses, or the
    C(tridentops.storage.fsx_ontap) role for the whole flow from a storage spec.
  - Security groups and the KMS key are fixed at creation and not compared afterwards (AWS does not report
    them back the way they were given).
"""

EXAMPLES = r"""
- name: Multi-AZ file system for Trident, fsxadmin password from Secrets Manager
  tridentops.storage.fsx_ontap_filesystem:
    region: eu-west-1
    name: eks-trident
    deployment_type: MULTI_AZ_1
    storage_capacity_gib: 1024
    throughput_capacity: 512
    subnet_ids: [subnet-0a1b2c3d4e5f60718, subnet-0f1e2d3c4b5a69788]
    preferred_subnet_id: subnet-0a1b2c3d4e5f60718
    security_group_ids: [sg-0123456789abcdef0]
    fsxadmin_password_secret: fsx/eks-trident/fsxadmin
    tags: {team: platform}
  register: fsx

- name: Second-generation single-AZ file system with two HA pairs
  tridentops.storage.fsx_ontap_filesystem:
    name: analytics
    deployment_type: SINGLE_AZ_2
    ha_pairs: 2
    throughput_capacity_per_ha_pair: 3072
    storage_capacity_gib: 4096
    subnet_ids: [subnet-0a1b2c3d4e5f60718]

- name: Delete a file system (its SVMs first)
  tridentops.storage.fsx_ontap_filesystem:
    name: analytics
    state: absent
"""

RETURN = r"""
file_system:
  description: The file system after the run (before deletion, with O(state=absent)); null when it does not exist (yet).
  returned: always
  type: dict
  contains:
    id:
      description: File system id, for backends' C(aws.fsx_filesystem_id).
      type: str
      sample: fs-0123456789abcdef0
    lifecycle:
      description: AWS's lifecycle state.
      type: str
      sample: AVAILABLE
    endpoints:
      description: Management and intercluster endpoints (C(dns_name), C(ip_addresses)).
      type: dict
  sample:
    id: fs-0123456789abcdef0
    name: eks-trident
    lifecycle: AVAILABLE
    deployment_type: MULTI_AZ_1
    storage_capacity_gib: 1024
    throughput_capacity: 512
    endpoints:
      management:
        dns_name: management.fs-0123456789abcdef0.fsx.eu-west-1.amazonaws.com
        ip_addresses: [198.19.255.1]
create:
  description:
    - The CreateFileSystem request (without the fsxadmin password), when the file system was (or would be) created.
  returned: when created
  type: dict
update:
  description: The UpdateFileSystem changes, when the file system was (or would be) updated.
  returned: when updated
  type: dict
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ..module_utils._args import STATE_ARG_SPEC, present_params
from ..module_utils._aws.filesystem import FileSystemRunner, Options
from ..module_utils._aws.module import load_model, run
from ..module_utils._aws.options import CONNECTION_ARG_SPEC, argspec
from ..module_utils.spec.aws import FileSystem

OPTIONS = argspec("fsx_ontap_filesystem_options")
ARG_SPEC: dict[str, dict[str, Any]] = {
    **OPTIONS,
    **STATE_ARG_SPEC,
    "purge_tags": {"type": "bool", "default": True},
    "wait": {"type": "bool", "default": True},
    "wait_timeout": {"type": "int", "default": 3600},
    **CONNECTION_ARG_SPEC,
}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=ARG_SPEC,
        supports_check_mode=True,
        required_if=[("state", "present", ["deployment_type", "storage_capacity_gib", "subnet_ids"])],
    )
    params = module.params
    options = Options(
        wait=params["wait"],
        wait_timeout=params["wait_timeout"],
        purge_tags=params["purge_tags"],
        check_mode=module.check_mode,
    )

    def converge() -> dict[str, Any]:
        runner = FileSystemRunner(module, params["name"], options)
        if params["state"] == "absent":
            return runner.absent()
        return runner.present(load_model(module, FileSystem, present_params(params, OPTIONS)))

    run(module, converge)


if __name__ == "__main__":
    main()
