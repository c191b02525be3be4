"""TridentAutogrowPolicy: one policy with which Trident grows its volumes (Trident 26.02 or later)."""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads the annotations at run time.

import pulumi

from ..sections import plan_section
from ..spec_args import TridentAutogrowPolicyArgs
from ._common import declare_planned, known_after, token


class TridentAutogrowPolicy(pulumi.ComponentResource):
    """A TridentAutogrowPolicy (cluster-scoped): the used share at which Trident grows a volume, by how much and up
    to what size, checked as Trident checks it before anything is created. StorageClasses and PVCs name it in the
    annotation ``trident.netapp.io/autogrowPolicy``.

    Pass the Trident installation (26.02 or later, whose CRD serves the kind) in ``depends_on``.
    """

    policy_name: pulumi.Output[str]
    """Name of the TridentAutogrowPolicy."""

    def __init__(self, name: str, args: TridentAutogrowPolicyArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        planned = plan_section("autogrow_policies", args, f"TridentAutogrowPolicy '{name}'")
        super().__init__(token("TridentAutogrowPolicy"), name, {}, opts)
        declared, _ = declare_planned(self, name, planned, opts)
        policy = declared.first("TridentAutogrowPolicy")
        assert policy is not None
        self.policy_name = known_after(policy, planned.spec.autogrow_policies[0].name)
        self.register_outputs({"policy_name": self.policy_name})
