#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fsx_ontap_plan
short_description: Validate a storage spec and show the AWS resources its aws section creates
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Validates a whole storage spec (every problem at once, with its field path) and returns what its C(aws)
    section wants, without contacting AWS or a cluster.
  - Returns the options of M(tridentops.storage.fsx_ontap_filesystem), M(tridentops.storage.fsx_ontap_svm),
    M(tridentops.storage.fsx_ontap_trident_iam) and M(tridentops.storage.eks_addon) as the spec sets them,
    and the AWS requests and IAM documents they send (the same plan the Pulumi components use).
  - The C(tridentops.storage.fsx_ontap) role starts with it, so a wrong spec fails before any AWS call.
  - O(spec) documents every field of the spec; O(spec.aws) is the section this module plans.
extends_documentation_fragment:
  - tridentops.storage.spec
  - tridentops.storage.attributes.info
notes:
  - Secret values of the spec (inline backend credentials) are masked in every output, and the module does
    not log its arguments to the host's system log. The C(aws) section holds no secrets, only secret names.
"""

EXAMPLES = r"""
- name: What will this spec create in AWS?
  tridentops.storage.fsx_ontap_plan:
    src: examples/aws-fsx-provision.yaml
  register: plan

- name: Show the CreateFileSystem request
  ansible.builtin.debug:
    var: plan.resources.file_system.create_file_system
"""

RETURN = r"""
region:
  description: The spec's C(aws.region).
  returned: always
  type: str
file_system:
  description: Options of M(tridentops.storage.fsx_ontap_filesystem), as the spec sets them.
  returned: always
  type: dict
svm:
  description: Options of M(tridentops.storage.fsx_ontap_svm), as the spec sets them.
  returned: always
  type: dict
trident_identity:
  description:
    - Options of M(tridentops.storage.fsx_ontap_trident_iam) (null when the spec has no C(aws.trident_identity)).
  returned: always
  type: dict
eks_addon:
  description: Options of M(tridentops.storage.eks_addon) (null when the spec has no C(aws.eks_addon)).
  returned: always
  type: dict
trident:
  description: The spec's Trident C(namespace) and C(install_method).
  returned: always
  type: dict
  sample: {"namespace": "trident", "install_method": "operator"}
resources:
  description: The AWS requests and IAM documents, with placeholders for values known only once resources exist.
  returned: always
  type: dict
"""

import dataclasses
from collections.abc import Mapping
from typing import Any

from ..module_utils._args import TridentModule, mask
from ..module_utils._aws.module import run
from ..module_utils.spec.issues import Issue, SpecError
from ..module_utils.spec.render_aws import render_aws
from ..module_utils.spec.schema import raw_secret_values, secret_values
from ..module_utils.spec.stack import StorageSpec, validate
from ..module_utils.spec.yamlio import load_file

ARG_SPEC: dict[str, dict[str, Any]] = {"spec": {"type": "dict"}, "src": {"type": "path"}}


def options_of(model: Any) -> dict[str, Any] | None:
    """A model as module options: the fields the spec sets, lists as lists."""
    if model is None:
        return None

    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return options_of(value)
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        if isinstance(value, Mapping):
            return dict(value)
        return value

    values = {f.name: plain(getattr(model, f.name)) for f in dataclasses.fields(model)}
    return {k: v for k, v in values.items() if v not in (None, [], {})}


def main() -> None:
    # no_log keeps the raw spec (it may hold backend passwords) out of the host's system log.
    module = TridentModule(
        ARG_SPEC,
        supports_check_mode=True,
        mutually_exclusive=[("spec", "src")],
        required_one_of=[("spec", "src")],
        no_log=True,
    )
    params = module.params

    def plan() -> dict[str, Any]:
        data = params["spec"] if params["spec"] is not None else load_file(params["src"])
        # Masked before validating: the errors of a spec that does not validate may quote its values.
        mask(module, raw_secret_values(StorageSpec, data))
        spec, found = validate(data)
        for issue in found:
            if issue.severity == "warning":
                module.warn(str(issue))
        if spec is None:
            raise SpecError([i for i in found if i.severity == "error"])
        mask(module, secret_values(spec))
        aws = render_aws(spec)
        if aws is None or spec.aws is None:
            raise SpecError([Issue("aws", "is required: this spec declares no AWS resources to plan")])
        return {
            "changed": False,
            "region": aws.region,
            "file_system": options_of(spec.aws.file_system),
            "svm": options_of(spec.aws.svm),
            "trident_identity": options_of(spec.aws.trident_identity),
            "eks_addon": options_of(spec.aws.eks_addon),
            "trident": {"namespace": spec.trident.namespace, "install_method": spec.trident.install_method},
            "resources": aws.to_dict(),
        }

    run(module, plan)


if __name__ == "__main__":
    main()
