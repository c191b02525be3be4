# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  name:
    description:
    - VolumeSnapshotClass name.
    type: str
    required: true
  default:
    description:
    - Make this the default VolumeSnapshotClass for Trident's driver.
    type: bool
    default: false
  deletion_policy:
    description:
    - Whether the ONTAP snapshot goes when the VolumeSnapshot is deleted.
    - One of V(Delete), V(Retain).
    type: str
    default: Delete
"""
