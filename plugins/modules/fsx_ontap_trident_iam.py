#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fsx_ontap_trident_iam
short_description: IAM role and policy for Trident's controller on FSx for NetApp ONTAP (IRSA or EKS Pod Identity)
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates or updates the customer managed policy Trident's controller needs (NetApp's FSx actions for
    volumes, and C(secretsmanager:GetSecretValue) on the SVM's credentials secret only), and the IAM role
    it assumes, with the policy attached.
  - With O(mode=irsa) the role trusts the EKS cluster's OIDC provider for the ServiceAccount
    C(system:serviceaccount:<namespace>:trident-controller) with audience C(sts.amazonaws.com); the module
    returns the C(cloud_identity) Trident's TridentOrchestrator takes.
  - With O(mode=pod_identity) the role trusts C(pods.eks.amazonaws.com) (C(sts:AssumeRole), C(sts:TagSession))
    and the module creates (or re-points) the EKS Pod Identity association of C(<namespace>/trident-controller).
  - Documents are compared as policies, tags with amazon.aws's helper; a second run changes nothing.
options:
  credentials_secret_arn:
    description:
      - ARN of the Secrets Manager secret with the SVM's vsadmin credentials (as M(tridentops.storage.fsx_ontap_svm)
        returns it); the only secret the policy lets Trident read. Required with O(state=present).
    type: str
  namespace:
    description:
      - Namespace Trident runs in (its controller's ServiceAccount is C(trident-controller) there).
    type: str
    default: trident
  tags:
    description:
      - Tags of the role and the policy.
    type: dict
    default: {}
  purge_tags:
    description:
      - Remove tags O(tags) does not list.
    type: bool
    default: true
  state:
    description:
      - V(present) creates or updates; V(absent) removes the association, the role and the policy.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tridentops.storage.spec.fsx_ontap_trident_iam_options
  - tridentops.storage.aws_connection
  - tridentops.storage.attributes.aws
attributes:
  diff_mode:
    description: Returns the list of actions taken as the diff.
    details: The diff lists the actions, not the documents.
    support: partial
"""

EXAMPLES = r"""
- name: IRSA role for Trident, reading only the SVM's secret
  tridentops.storage.fsx_ontap_trident_iam:
    mode: irsa
    role_name: trident-controller
    policy_name: trident-fsx-ontap
    # arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>
    oidc_provider_arn: "{{ oidc_provider_arn }}"
    credentials_secret_arn: "{{ svm.credentials_secret.arn }}"
  register: identity

- name: EKS Pod Identity instead
  tridentops.storage.fsx_ontap_trident_iam:
    mode: pod_identity
    role_name: trident-controller
    policy_name: trident-fsx-ontap
    eks_cluster_name: prod
    credentials_secret_arn: "{{ svm.credentials_secret.arn }}"
"""

RETURN = r"""
role_arn:
  description: ARN of the role.
  returned: always
  type: str
  sample: arn:aws:iam::111122223333:role/trident-controller
policy_arn:
  description: ARN of the managed policy.
  returned: always
  type: str
cloud_identity:
  description: The TridentOrchestrator's C(cloudIdentity) for IRSA (null for Pod Identity).
  returned: when O(state=present)
  type: str
  sample: "eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/trident-controller"
pod_identity_association_id:
  description: Id of the EKS Pod Identity association (O(mode=pod_identity)).
  returned: when O(state=present)
  type: str
actions:
  description: What the run did (or would do, in check mode).
  returned: always
  type: list
  elements: str
"""

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ..module_utils._args import STATE_ARG_SPEC, present_params
from ..module_utils._aws.identity import IdentityRunner, Options
from ..module_utils._aws.module import load_model, run
from ..module_utils._aws.options import CONNECTION_ARG_SPEC, argspec
from ..module_utils.spec.aws import TridentIdentity

OPTIONS = argspec("fsx_ontap_trident_iam_options")
ARG_SPEC: dict[str, dict[str, Any]] = {
    **OPTIONS,
    "credentials_secret_arn": {"type": "str", "no_log": False},
    "namespace": {"type": "str", "default": "trident"},
    "tags": {"type": "dict", "default": {}},
    "purge_tags": {"type": "bool", "default": True},
    **STATE_ARG_SPEC,
    **CONNECTION_ARG_SPEC,
}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=ARG_SPEC,
        supports_check_mode=True,
        required_if=[("state", "present", ["credentials_secret_arn"])],
    )
    params = module.params
    options = Options(
        namespace=params["namespace"],
        tags={str(k): str(v) for k, v in params["tags"].items()},
        purge_tags=params["purge_tags"],
        check_mode=module.check_mode,
    )

    def converge() -> dict[str, Any]:
        identity = load_model(module, TridentIdentity, present_params(params, OPTIONS))
        runner = IdentityRunner(module, identity, options)
        return runner.absent() if params["state"] == "absent" else runner.present(params["credentials_secret_arn"])

    run(module, converge, actions_diff=True)


if __name__ == "__main__":
    main()
