#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fsx_ontap_info
short_description: List Amazon FSx for NetApp ONTAP file systems and their storage virtual machines
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Returns FSx for NetApp ONTAP file systems with their lifecycle (and AWS's failure message), capacity,
    throughput and endpoints, and for each its storage virtual machines with their lifecycle and their
    management, NFS, iSCSI and SMB endpoints.
  - Read only; other FSx file system types are left out.
options:
  file_system_ids:
    description:
      - Only these file systems.
    type: list
    elements: str
    default: []
  names:
    description:
      - Only file systems whose C(Name) tag is one of these.
    type: list
    elements: str
    default: []
  svms:
    description:
      - Also list each file system's storage virtual machines.
    type: bool
    default: true
extends_documentation_fragment:
  - tridentops.storage.aws_connection
  - tridentops.storage.attributes.info
"""

EXAMPLES = r"""
- name: The file system a storage spec created, with its SVMs' endpoints
  tridentops.storage.fsx_ontap_info:
    region: eu-west-1
    names: [eks-trident]
  register: fsx

- name: Management endpoint of the first SVM
  ansible.builtin.debug:
    msg: "{{ fsx.file_systems[0].svms[0].endpoints.management.dns_name }}"
"""

RETURN = r"""
file_systems:
  description: The file systems, each with its C(svms) (when O(svms=true)).
  returned: always
  type: list
  elements: dict
  sample:
    - id: fs-0123456789abcdef0
      name: eks-trident
      lifecycle: AVAILABLE
      failure_message: null
      svms:
        - id: svm-0123456789abcdef0
          name: svm_eks
          lifecycle: CREATED
          endpoints:
            management:
              dns_name: svm-0123456789abcdef0.fs-0123456789abcdef0.fsx.eu-west-1.amazonaws.com
              ip_addresses: [10.0.1.17]
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ..module_utils._aws import fsx, transform
from ..module_utils._aws.client import connect
from ..module_utils._aws.module import run
from ..module_utils._aws.options import CONNECTION_ARG_SPEC

ARG_SPEC: dict[str, dict[str, Any]] = {
    "file_system_ids": {"type": "list", "elements": "str", "default": []},
    "names": {"type": "list", "elements": "str", "default": []},
    "svms": {"type": "bool", "default": True},
    **CONNECTION_ARG_SPEC,
}


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARG_SPEC, supports_check_mode=True)
    params = module.params

    def read() -> dict[str, Any]:
        client = connect(module, "fsx")
        found = []
        for fs in fsx.file_systems(client):
            if fs.get("FileSystemType") != "ONTAP":
                continue
            if params["file_system_ids"] and fs["FileSystemId"] not in params["file_system_ids"]:
                continue
            if params["names"] and fsx.name_of(fs) not in params["names"]:
                continue
            entry = transform.file_system(fs)
            if params["svms"]:
                entry["svms"] = [transform.svm(m) for m in fsx.svms_of(client, str(fs["FileSystemId"]))]
            found.append(entry)
        return {"changed": False, "file_systems": found}

    run(module, read)


if __name__ == "__main__":
    main()
