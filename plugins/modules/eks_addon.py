#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: eks_addon
short_description: Install Trident with its Amazon EKS add-on (netapp_trident-operator)
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Installs, upgrades or removes Trident's EKS add-on, C(netapp_trident-operator), an AWS Marketplace add-on
    (the account needs a subscription).
  - Checks that the version is offered for the cluster's Kubernetes version before creating or updating
    anything; V(latest) picks the newest version offered for it.
  - Passes C(cloudProvider=AWS) and, with O(role_arn) (IRSA), C(cloudIdentity) in the add-on's configuration
    values, which the add-on hands to Trident's operator. With EKS Pod Identity leave O(role_arn) out (the
    association, see M(tridentops.storage.fsx_ontap_trident_iam), gives the controller its role).
  - Waits until the add-on is C(ACTIVE); a failed or degraded add-on fails the task with its health issues.
  - Afterwards, M(tridentops.storage.stack) with C(trident.install_method=eks_addon) manages backends and classes.
options:
  cluster_name:
    description:
      - EKS cluster.
    type: str
    required: true
  name:
    description:
      - Add-on name.
    type: str
    default: netapp_trident-operator
  version:
    description:
      - Add-on version (C(v26.6.0-eksbuild.1)) or V(latest), the newest offered for the cluster's Kubernetes version.
    type: str
    default: latest
  role_arn:
    description:
      - IRSA role of Trident's controller; sets C(cloudIdentity) in the configuration values.
    type: str
  configuration_values:
    description:
      - Further configuration values of the add-on (the Helm values of Trident's operator chart), merged with
        C(cloudProvider) and C(cloudIdentity).
    type: dict
    default: {}
  resolve_conflicts:
    description:
      - What EKS does with fields of the add-on's objects changed outside it.
    type: str
    choices: [OVERWRITE, NONE, PRESERVE]
    default: OVERWRITE
  tags:
    description:
      - Tags of the add-on (at creation).
    type: dict
    default: {}
  state:
    description:
      - V(present) installs or updates; V(absent) removes the add-on (Trident's operator and CRDs go with it;
        persistent volumes stay).
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait until the add-on is C(ACTIVE) (or, with O(state=absent), gone).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait.
    type: int
    default: 1200
extends_documentation_fragment:
  - tridentops.storage.aws_connection
  - tridentops.storage.attributes.aws
attributes:
  diff_mode:
    description: Returns the version and configuration before and after.
"""

EXAMPLES = r"""
- name: Trident through its EKS add-on, IRSA role from fsx_ontap_trident_iam
  tridentops.storage.eks_addon:
    cluster_name: prod
    version: latest
    role_arn: "{{ identity.role_arn }}"
"""

RETURN = r"""
addon:
  description: The add-on after the run (null in check mode before it exists).
  returned: always
  type: dict
  sample:
    name: netapp_trident-operator
    version: v26.6.0-eksbuild.1
    status: ACTIVE
    health_issues: []
    configuration_values:
      cloudProvider: AWS
      cloudIdentity: "'eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/trident'"
version:
  description: The version chosen (O(version=latest) resolved).
  returned: when O(state=present)
  type: str
kubernetes_version:
  description: The cluster's Kubernetes version the add-on version was checked against.
  returned: when O(state=present)
  type: str
operation:
  description: What the run did to the add-on (or would do, in check mode), V(create), V(update), V(delete) or V(none).
  returned: always
  type: str
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ..module_utils._aws.addon import AddonRunner, Desired, Options
from ..module_utils._aws.module import run
from ..module_utils._aws.options import CONNECTION_ARG_SPEC
from ..module_utils.spec.aws import ADDON_NAME
from ..module_utils.spec.render_aws import addon_configuration

ARG_SPEC: dict[str, dict[str, Any]] = {
    "cluster_name": {"type": "str", "required": True},
    "name": {"type": "str", "default": ADDON_NAME},
    "version": {"type": "str", "default": "latest"},
    "role_arn": {"type": "str"},
    "configuration_values": {"type": "dict", "default": {}},
    "resolve_conflicts": {"type": "str", "choices": ["OVERWRITE", "NONE", "PRESERVE"], "default": "OVERWRITE"},
    "tags": {"type": "dict", "default": {}},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "wait": {"type": "bool", "default": True},
    "wait_timeout": {"type": "int", "default": 1200},
    **CONNECTION_ARG_SPEC,
}


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARG_SPEC, supports_check_mode=True)
    params = module.params
    mode = "irsa" if params["role_arn"] else None
    desired = Desired(
        cluster_name=params["cluster_name"],
        name=params["name"],
        version=params["version"],
        configuration={**params["configuration_values"], **addon_configuration(mode, params["role_arn"])},
        service_account_role_arn=params["role_arn"],
        resolve_conflicts=params["resolve_conflicts"],
        tags={str(k): str(v) for k, v in params["tags"].items()},
    )
    options = Options(wait=params["wait"], wait_timeout=params["wait_timeout"], check_mode=module.check_mode)

    def converge() -> dict[str, Any]:
        runner = AddonRunner(module, desired, options)
        return runner.absent() if params["state"] == "absent" else runner.present()

    run(module, converge)


if __name__ == "__main__":
    main()
