"""TridentProtect: Trident protect's installation, AppVaults, Applications and Schedules (the spec's ``protect``)."""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads the annotations at run time.

import pulumi

from ..addon_sections import plan_protect
from ..spec_args import TridentProtectArgs
from ._common import all_known_after, declare_planned, known_after, token


class TridentProtect(pulumi.ComponentResource):
    """Trident protect, declared from the spec package's rendering of the ``protect`` section: with
    ``install_method`` manifests the chart's objects of the pinned release (namespace, CRDs, controller RBAC
    and Deployment), then the AppVaults (each with a readiness wait: ``status.state`` Available), the
    Applications and the Schedules, which wait for the Application and AppVault they name.

    Credentials are only referenced (``credentials_secret``, or ``use_iam``); bucket names and the Secret's
    name may be Outputs of other resources (an ``aws.s3.BucketV2``, a ``kubernetes`` Secret). Pass Trident (a
    TridentOperator or TridentStack) in ``depends_on``: protect needs its CSI driver and a VolumeSnapshotClass.
    """

    namespace: pulumi.Output[str]
    """Namespace Trident protect runs in (AppVaults live there)."""
    vault_names: pulumi.Output[list[str]]
    """Names of the AppVaults, known once every one is Available."""
    application_names: pulumi.Output[list[str]]
    """Names of the Applications."""
    schedule_names: pulumi.Output[list[str]]
    """Names of the Schedules."""

    def __init__(self, name: str, args: TridentProtectArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        planned = plan_protect(args, f"TridentProtect '{name}'")
        super().__init__(token("TridentProtect"), name, {}, opts)
        declared, _ = declare_planned(self, name, planned, opts)
        protect = planned.spec.protect
        assert protect is not None, "the args are the protect section"
        gate = declared.first("Deployment") or declared.first("CustomResourceDefinition") or self
        self.namespace = known_after(gate, protect.namespace)
        self.vault_names = all_known_after(declared.of_kind("AppVault"), [v.name for v in protect.vaults])
        self.application_names = all_known_after(
            declared.of_kind("Application"), [a.name for a in protect.applications]
        )
        self.schedule_names = all_known_after(declared.of_kind("Schedule"), [s.name for s in protect.schedules])
        self.register_outputs(
            {
                "namespace": self.namespace,
                "vault_names": self.vault_names,
                "application_names": self.application_names,
                "schedule_names": self.schedule_names,
            }
        )
