"""TridentOperator: Trident installed by its operator, and a readiness gate for everything that needs it."""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads the annotations at run time.

import pulumi

from ..sections import plan_section
from ..spec.render_trident import operator_image
from ..spec_args import TridentOperatorArgs
from ._common import declare_planned, known_after, token


class TridentOperator(pulumi.ComponentResource):
    """Trident, installed the way its operator bundle does: namespace, TridentOrchestrator CRD, operator
    RBAC and Deployment, and the TridentOrchestrator.

    The TridentOrchestrator carries a readiness wait (``status.status`` Installed). The operator registers
    Trident's other CRDs (TridentBackendConfig among them) while it installs, so pass this component in
    ``depends_on`` of backends and classes and they never race those CRDs.
    """

    namespace: pulumi.Output[str]
    """Namespace Trident runs in (backends and their Secrets go there)."""
    version: pulumi.Output[str]
    """Trident release installed."""
    operator_image: pulumi.Output[str]
    """Operator image: operator_image as written, else from the registry and version."""

    def __init__(self, name: str, args: TridentOperatorArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        planned = plan_section("trident", args, f"TridentOperator '{name}'")
        super().__init__(token("TridentOperator"), name, {}, opts)
        declared, filler = declare_planned(self, name, planned, opts)
        trident = planned.spec.trident
        orchestrator = declared.first("TridentOrchestrator")
        deployment = declared.first("Deployment")
        assert orchestrator is not None and deployment is not None, "the operator install renders both"
        self.namespace = known_after(orchestrator, trident.namespace)
        self.version = known_after(orchestrator, trident.version)
        self.operator_image = known_after(deployment, filler.fill_value(operator_image(trident)))
        self.register_outputs(
            {"namespace": self.namespace, "version": self.version, "operator_image": self.operator_image}
        )
