# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  name:
    description:
    - StorageClass name.
    type: str
    required: true
  default:
    description:
    - Make this the cluster's default StorageClass (exactly one may be).
    type: bool
    default: false
  attributes:
    description:
    - 'Trident storage attributes, with Trident''s names: backendType, media, provisioningType,
      snapshots, clones, encryption, replication, IOPS, region, zone, nasType, sanType (and
      fsType, which Trident skips).'
    type: dict
  selector:
    description:
    - Pool label selector in Trident's syntax, e.g. 'performance=gold; protection in (high,max)'.
    type: str
  storage_pools:
    description:
    - 'Restrict to pools: ''backendRegex:poolRegex,...;...''.'
    type: str
  additional_storage_pools:
    description:
    - Also allow these pools whatever the attributes.
    type: str
  exclude_storage_pools:
    description:
    - Never use these pools.
    type: str
  fs_type:
    description:
    - File system (csi.storage.k8s.io/fstype), e.g. ext4, xfs or nfs.
    type: str
  csi_parameters:
    description:
    - Extra CSI parameters, keys prefixed csi.storage.k8s.io/ (e.g. node-stage secrets for LUKS
      or SMB).
    type: dict
  reclaim_policy:
    description:
    - What happens to a volume when its PVC goes.
    - One of V(Delete), V(Retain).
    type: str
    default: Delete
  volume_binding_mode:
    description:
    - When volumes are provisioned (WaitForFirstConsumer for CSI topology).
    - One of V(Immediate), V(WaitForFirstConsumer).
    type: str
    default: Immediate
  allow_volume_expansion:
    description:
    - Allow PVCs of this class to grow.
    type: bool
    default: true
  mount_options:
    description:
    - Mount options; override the backend's nfs_mount_options.
    type: list
    elements: str
"""
