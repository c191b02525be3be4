#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fsx_ontap_svm
short_description: Manage an FSx for NetApp ONTAP storage virtual machine and its vsadmin secret
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates or deletes a storage virtual machine (SVM) of an Amazon FSx for NetApp ONTAP file system, and
    the AWS Secrets Manager secret holding its vsadmin credentials as Trident reads them, a JSON document with
    C(username) (vsadmin) and C(password); backends use it with C(credentials.type=awsarn).
  - The vsadmin password is generated unless O(vsadmin_password) is given. It goes to the secret and the SVM
    only; the module returns the secret's ARN, never a password. The secret is written before the SVM is
    created, so a run interrupted in between resumes with the same password.
  - An SVM without its secret gets a new password, set on the SVM and stored in a new secret. A secret that
    exists but was not created by tridentops is never overwritten.
  - Waits until the SVM is C(CREATED); a C(FAILED) SVM fails the task with AWS's reason. Returns the SVM's
    management, NFS, iSCSI and SMB endpoints (DNS names and IP addresses).
options:
  file_system_id:
    description:
      - Id of the file system. Give this or O(file_system).
    type: str
  file_system:
    description:
      - Name tag of the file system (as M(tridentops.storage.fsx_ontap_filesystem) manages it), instead of
        O(file_system_id).
    type: str
  vsadmin_password:
    description:
      - The vsadmin password to set (8 to 50 characters). Generated when left out; a given password that
        differs from the stored one replaces it in the secret and on the SVM.
    type: str
  tags:
    description:
      - Tags of the SVM and of the secret.
    type: dict
    default: {}
  purge_tags:
    description:
      - Remove tags O(tags) does not list (the secret keeps its C(tridentops.io/managed-by) tag).
    type: bool
    default: true
  secret_recovery_window_days:
    description:
      - With O(state=absent), days Secrets Manager keeps the deleted secret recoverable (7 to 30), or V(0) to
        delete it at once.
    type: int
    default: 7
  state:
    description:
      - V(present) creates the SVM and its secret; V(absent) deletes them (AWS refuses while the SVM has volumes).
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait until the SVM is C(CREATED) (or, with O(state=absent), gone).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait.
    type: int
    default: 1800
extends_documentation_fragment:
  - tridentops.storage.spec.fsx_ontap_svm_options
  - tridentops.storage.aws_connection
  - tridentops.storage.attributes.aws
attributes:
  diff_mode:
    description: Returns the list of actions taken as the diff.
    details: The diff lists the actions, not field values (the secret's value is never shown).
    support: partial
"""

EXAMPLES = r"""
- name: SVM for Trident, vsadmin password generated into Secrets Manager
  tridentops.storage.fsx_ontap_svm:
    region: eu-west-1
    file_system: eks-trident
    name: svm_eks
    credentials_secret: fsx/eks-trident/svm_eks/vsadmin
  register: svm

- name: Show where Trident's backend points
  ansible.builtin.debug:
    msg: "{{ svm.svm.endpoints.management.dns_name }} with credentials {{ svm.credentials_secret.arn }}"

- name: Remove the SVM and schedule its secret's deletion
  tridentops.storage.fsx_ontap_svm:
    file_system: eks-trident
    name: svm_eks
    credentials_secret: fsx/eks-trident/svm_eks/vsadmin
    state: absent
"""

RETURN = r"""
svm:
  description: The storage virtual machine (null in check mode before it exists).
  returned: always
  type: dict
  sample:
    id: svm-0123456789abcdef0
    name: svm_eks
    lifecycle: CREATED
    file_system_id: fs-0123456789abcdef0
    endpoints:
      management:
        dns_name: svm-0123456789abcdef0.fs-0123456789abcdef0.fsx.eu-west-1.amazonaws.com
        ip_addresses: [10.0.1.17]
      nfs:
        dns_name: svm-0123456789abcdef0.fs-0123456789abcdef0.fsx.eu-west-1.amazonaws.com
        ip_addresses: [10.0.1.17]
      iscsi:
        dns_name: iscsi.svm-0123456789abcdef0.fs-0123456789abcdef0.fsx.eu-west-1.amazonaws.com
        ip_addresses: [10.0.1.18, 10.0.2.18]
      smb: null
credentials_secret:
  description: Name and ARN of the secret with the vsadmin credentials (the ARN is null in check mode before it exists).
  returned: when O(state=present)
  type: dict
  sample: {"name": "fsx/eks-trident/svm_eks/vsadmin",
           "arn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx/eks-trident/svm_eks/vsadmin-AbCdEf"}
actions:
  description: What the run did (or would do, in check mode).
  returned: always
  type: list
  elements: str
  sample: ["create secret fsx/eks-trident/svm_eks/vsadmin", "create storage virtual machine svm_eks"]
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ..module_utils._args import STATE_ARG_SPEC, present_params
from ..module_utils._aws.module import load_model, run
from ..module_utils._aws.options import CONNECTION_ARG_SPEC, argspec
from ..module_utils._aws.svm import Options, SvmRunner
from ..module_utils.spec.aws import Svm

OPTIONS = argspec("fsx_ontap_svm_options")
ARG_SPEC: dict[str, dict[str, Any]] = {
    **OPTIONS,
    "file_system_id": {"type": "str"},
    "file_system": {"type": "str"},
    "vsadmin_password": {"type": "str", "no_log": True},
    "tags": {"type": "dict", "default": {}},
    "purge_tags": {"type": "bool", "default": True},
    "secret_recovery_window_days": {"type": "int", "default": 7, "no_log": False},
    **STATE_ARG_SPEC,
    "wait": {"type": "bool", "default": True},
    "wait_timeout": {"type": "int", "default": 1800},
    **CONNECTION_ARG_SPEC,
}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=ARG_SPEC,
        supports_check_mode=True,
        required_one_of=[("file_system_id", "file_system")],
        mutually_exclusive=[("file_system_id", "file_system")],
        required_if=[("state", "present", ["credentials_secret"])],
    )
    params = module.params
    options = Options(
        wait=params["wait"],
        wait_timeout=params["wait_timeout"],
        tags={str(k): str(v) for k, v in params["tags"].items()},
        purge_tags=params["purge_tags"],
        secret_recovery_window_days=params["secret_recovery_window_days"],
        check_mode=module.check_mode,
    )

    def converge() -> dict[str, Any]:
        runner = SvmRunner(module, options)
        file_system_id = runner.file_system_id(params["file_system_id"], params["file_system"])
        if params["state"] == "absent":
            return runner.absent(params["name"], params["credentials_secret"], file_system_id)
        svm = load_model(module, Svm, present_params(params, OPTIONS))
        return runner.present(svm, file_system_id, params["vsadmin_password"])

    run(module, converge, actions_diff=True)


if __name__ == "__main__":
    main()
