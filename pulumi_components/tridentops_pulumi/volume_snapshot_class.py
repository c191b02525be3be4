"""A VolumeSnapshotClass as a Pulumi resource of the Kubernetes provider.

pulumi_kubernetes has no class for it (it is a CRD of the CSI snapshotter), and its Python
``apiextensions.CustomResource`` sends only ``metadata`` and ``spec``, while a VolumeSnapshotClass keeps
``driver``, ``deletionPolicy`` and ``parameters`` at the top level (pulumi/pulumi-kubernetes#3549). This
class registers the whole object under the provider's generic token, as the Node SDK's ``otherFields`` do.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import version
from typing import Any

import pulumi

from .spec.kinds import VOLUME_SNAPSHOT_CLASS

TOKEN = "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass"
_FIELDS = ("metadata", "driver", "deletionPolicy", "parameters")


class VolumeSnapshotClass(pulumi.CustomResource):
    """snapshot.storage.k8s.io/v1 VolumeSnapshotClass, declared from a rendered object."""

    def __init__(self, resource_name: str, obj: Mapping[str, Any], opts: pulumi.ResourceOptions | None = None) -> None:
        unknown = set(obj) - {"apiVersion", "kind", *_FIELDS}
        if unknown:
            raise TypeError(f"VolumeSnapshotClass has no field(s) {', '.join(sorted(unknown))}")
        props: dict[str, Any] = {"apiVersion": VOLUME_SNAPSHOT_CLASS.api_version, "kind": VOLUME_SNAPSHOT_CLASS.kind}
        props.update({key: obj[key] for key in _FIELDS if key in obj})
        # Pin the kubernetes provider plugin to the SDK's version, as pulumi_kubernetes' own classes do.
        opts = pulumi.ResourceOptions.merge(pulumi.ResourceOptions(version=version("pulumi_kubernetes")), opts)
        super().__init__(TOKEN, resource_name, props, opts)
