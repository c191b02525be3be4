# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  name:
    description:
    - Namespace name.
    type: str
    required: true
  team_groups:
    description:
    - Groups (as the cluster's authentication names them) bound to role in the namespace.
    type: list
    elements: str
  team_users:
    description:
    - Users bound to role in the namespace.
    type: list
    elements: str
  role:
    description:
    - 'ClusterRole the team gets in its namespace (edit, admin, view or a role of the cluster''s
      own; not cluster-admin nor a system: role).'
    type: str
    default: edit
  labels:
    description:
    - Labels of the namespace.
    type: dict
  storage_quotas:
    description:
    - Storage the namespace may use, per StorageClass; classes not listed are not limited by
      class.
    type: list
    elements: dict
    suboptions:
      storage_class:
        description:
        - StorageClass the quota applies to.
        type: str
        required: true
      requests_storage:
        description:
        - Total storage PVCs of this class may request in the namespace (e.g. 500Gi).
        type: str
      persistent_volume_claims:
        description:
        - Number of PVCs of this class the namespace may hold (0 forbids the class).
        type: int
  total_storage:
    description:
    - Storage all PVCs of the namespace may request together, whatever their class.
    type: str
  total_claims:
    description:
    - PVCs the namespace may hold, whatever their class.
    type: int
  limits:
    description:
    - Claim sizes and container defaults (a LimitRange).
    type: dict
    suboptions:
      claim_min:
        description:
        - Smallest PVC the namespace may request.
        type: str
      claim_max:
        description:
        - Largest PVC the namespace may request.
        type: str
      container_cpu:
        description:
        - Default CPU limit of containers that set none (e.g. 500m).
        type: str
      container_memory:
        description:
        - Default memory limit of containers that set none (e.g. 512Mi).
        type: str
      container_cpu_request:
        description:
        - Default CPU request of containers that set none.
        type: str
      container_memory_request:
        description:
        - Default memory request of containers that set none.
        type: str
  default_snapshot_class:
    description:
    - VolumeSnapshotClass the team should use, noted on the namespace (annotation tridentops.io/default-snapshot-class).
    type: str
"""
