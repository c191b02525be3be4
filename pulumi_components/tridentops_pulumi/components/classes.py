"""TridentStorageClass and TridentSnapshotClass: one class each, for Trident's CSI driver."""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads the annotations at run time.

import pulumi

from ..sections import plan_section
from ..spec_args import TridentSnapshotClassArgs, TridentStorageClassArgs
from ._common import declare_planned, known_after, token


class TridentStorageClass(pulumi.ComponentResource):
    """A StorageClass provisioned by Trident (``csi.trident.netapp.io``): Trident attributes, selector and
    pool lists become its parameters, checked against what Trident accepts before anything is created.

    Pass the Trident installation (and the backends it should find) in ``depends_on``.
    """

    storage_class_name: pulumi.Output[str]
    """Name of the StorageClass."""

    def __init__(self, name: str, args: TridentStorageClassArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        planned = plan_section("storage_classes", args, f"TridentStorageClass '{name}'")
        super().__init__(token("TridentStorageClass"), name, {}, opts)
        declared, _ = declare_planned(self, name, planned, opts)
        storage_class = declared.first("StorageClass")
        assert storage_class is not None
        self.storage_class_name = known_after(storage_class, planned.spec.storage_classes[0].name)
        self.register_outputs({"storage_class_name": self.storage_class_name})


class TridentSnapshotClass(pulumi.ComponentResource):
    """A VolumeSnapshotClass for Trident's CSI driver (needs the CSI snapshotter's CRDs in the cluster).

    Declared with its own resource class: pulumi_kubernetes' Python CustomResource would drop its
    top-level ``driver`` and ``deletionPolicy``.
    """

    snapshot_class_name: pulumi.Output[str]
    """Name of the VolumeSnapshotClass."""

    def __init__(self, name: str, args: TridentSnapshotClassArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        planned = plan_section("snapshot_classes", args, f"TridentSnapshotClass '{name}'")
        super().__init__(token("TridentSnapshotClass"), name, {}, opts)
        declared, _ = declare_planned(self, name, planned, opts)
        snapshot_class = declared.first("VolumeSnapshotClass")
        assert snapshot_class is not None
        self.snapshot_class_name = known_after(snapshot_class, planned.spec.snapshot_classes[0].name)
        self.register_outputs({"snapshot_class_name": self.snapshot_class_name})
