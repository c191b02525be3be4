"""TridentStack: a whole storage spec as one component."""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads the annotations at run time.

import pulumi

from ..spec_args import TridentStackArgs
from ..spec_inputs import plan
from ._common import all_known_after, declare_planned, known_after, token


class TridentStack(pulumi.ComponentResource):
    """The whole storage spec (the document ``tridentops validate`` reads and the Ansible ``stack`` module
    applies) in one component: Trident's installation, backends with their Secrets, StorageClasses and
    VolumeSnapshotClasses, declared from the spec package's rendering, so both front ends create the same
    objects.

    The spec is validated first, every error reported at once with its field path. Objects are declared in
    the order the Ansible side applies them: each stage waits for the previous one to be ready
    (TridentOrchestrator Installed, TridentBackendConfigs Bound). With ``install_method`` ``eks_addon`` or
    ``external`` nothing of Trident's installation is declared; pass what installs it in ``depends_on``.
    Text values may be pulumi Outputs where ``spec_args`` types them ``pulumi.Input[str]``.
    """

    namespace: pulumi.Output[str]
    """Namespace Trident runs in."""
    backend_names: pulumi.Output[list[str]]
    """Names of the TridentBackendConfigs."""
    storage_class_names: pulumi.Output[list[str]]
    """Names of the StorageClasses."""
    snapshot_class_names: pulumi.Output[list[str]]
    """Names of the VolumeSnapshotClasses."""

    def __init__(self, name: str, args: TridentStackArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        planned = plan(args, f"TridentStack '{name}'")
        super().__init__(token("TridentStack"), name, {}, opts)
        declared, _ = declare_planned(self, name, planned, opts)
        spec = planned.spec
        gate = declared.first("TridentOrchestrator") or self
        self.namespace = known_after(gate, spec.trident.namespace)
        self.backend_names = _names(declared.of_kind("TridentBackendConfig"), [b.name for b in spec.backends])
        self.storage_class_names = _names(declared.of_kind("StorageClass"), [c.name for c in spec.storage_classes])
        self.snapshot_class_names = _names(
            declared.of_kind("VolumeSnapshotClass"), [c.name for c in spec.snapshot_classes]
        )
        self.register_outputs(
            {
                "namespace": self.namespace,
                "backend_names": self.backend_names,
                "storage_class_names": self.storage_class_names,
                "snapshot_class_names": self.snapshot_class_names,
            }
        )


def _names(resources: list[pulumi.CustomResource], names: list[str]) -> pulumi.Output[list[str]]:
    assert len(resources) == len(names), "one resource per rendered object"
    return all_known_after(resources, names)
