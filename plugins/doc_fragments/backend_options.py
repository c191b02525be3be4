# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  name:
    description:
    - TridentBackendConfig name (and Trident backend name unless backend_name is set).
    type: str
    required: true
  driver:
    description:
    - Trident storage driver (storageDriverName).
    - One of V(ontap-nas), V(ontap-nas-economy), V(ontap-nas-flexgroup), V(ontap-san), V(ontap-san-economy).
    type: str
  backend_name:
    description:
    - Trident's backend name, if it differs from name.
    type: str
  management_lif:
    description:
    - Cluster or SVM management LIF (IP, [IPv6] or DNS name). Optional with aws.fsx_filesystem_id.
    type: str
  data_lif:
    description:
    - NAS data LIF. Not for SAN (Trident uses Selective LUN Map).
    type: str
  svm:
    description:
    - SVM name; derived from an SVM management LIF when omitted.
    type: str
  credentials:
    description:
    - 'Credentials: an existing Secret, inline values, or a Secrets Manager ARN.'
    type: dict
    suboptions:
      name:
        description:
        - An existing Secret's name (type secret), the Secret to render (with inline values),
          or a Secrets Manager ARN (type awsarn).
        type: str
      type:
        description:
        - Kind of reference Trident resolves.
        - One of V(secret), V(awsarn).
        type: str
        default: secret
      username:
        description:
        - ONTAP user (SVM-scoped vsadmin or cluster admin).
        type: str
      password:
        description:
        - Password of that user.
        type: str
      client_private_key:
        description:
        - Base64 private key for certificate authentication.
        type: str
      chap_username:
        description:
        - iSCSI CHAP user (use_chap).
        type: str
      chap_initiator_secret:
        description:
        - iSCSI CHAP initiator secret.
        type: str
      chap_target_username:
        description:
        - iSCSI CHAP target user.
        type: str
      chap_target_initiator_secret:
        description:
        - iSCSI CHAP target secret.
        type: str
  aws:
    description:
    - Amazon FSx for NetApp ONTAP connection.
    type: dict
    suboptions:
      fsx_filesystem_id:
        description:
        - Amazon FSx for NetApp ONTAP file system id; Trident finds the SVM's management LIF
          from it.
        type: str
      file_system:
        description:
        - 'Instead of fsx_filesystem_id: the name of the spec''s aws.file_system, whose id (and
          SVM, credentials secret, region) tridentops fills in once the file system exists.'
        type: str
      api_region:
        description:
        - AWS region of the file system (defaults to Trident's).
        type: str
  nas_type:
    description:
    - NAS protocol (NAS drivers).
    - One of V(nfs), V(smb).
    type: str
  san_type:
    description:
    - SAN protocol (SAN drivers).
    - One of V(iscsi), V(nvme), V(fcp).
    type: str
  use_rest:
    description:
    - Force ONTAP REST (true) or ZAPI (false).
    type: bool
  use_chap:
    description:
    - Bidirectional CHAP for iSCSI (SAN drivers).
    type: bool
  smb_share:
    description:
    - SMB share (nas_type smb).
    type: str
  nfs_mount_options:
    description:
    - NFS mount options when the class sets none.
    type: str
  auto_export_policy:
    description:
    - Let Trident manage export policies.
    type: bool
  auto_export_cidrs:
    description:
    - CIDRs auto export policies admit.
    type: list
    elements: str
  storage_prefix:
    description:
    - Prefix of volume names on the array; cannot change later.
    type: str
  aggregate:
    description:
    - Aggregate to provision in.
    type: str
  flexgroup_aggregate_list:
    description:
    - Aggregates for FlexGroups.
    type: list
    elements: str
  limits:
    description:
    - Size and density limits.
    type: dict
    suboptions:
      volume_size:
        description:
        - Largest volume Trident may create (limitVolumeSize).
        type: str
      volume_pool_size:
        description:
        - Largest FlexVol for economy drivers (limitVolumePoolSize).
        type: str
      aggregate_usage:
        description:
        - Refuse new volumes above this aggregate usage percentage (limitAggregateUsage; not
          for FSx).
        type: int
      qtrees_per_flexvol:
        description:
        - Qtrees per FlexVol, ontap-nas-economy only.
        type: int
      luns_per_flexvol:
        description:
        - LUNs per FlexVol, ontap-san-economy only.
        type: int
      deny_new_volume_pools:
        description:
        - 'Economy drivers: only reuse existing FlexVols.'
        type: bool
  labels:
    description:
    - Labels every pool of this backend offers.
    type: dict
  region:
    description:
    - Topology region.
    type: str
  zone:
    description:
    - Topology zone.
    type: str
  supported_topologies:
    description:
    - CSI topology segments.
    type: list
    elements: dict
  defaults:
    description:
    - Volume defaults, with Trident's names.
    type: dict
  virtual_pools:
    description:
    - Virtual pools (Trident's storage list).
    type: list
    elements: dict
    suboptions:
      labels:
        description:
        - Labels the pool offers to StorageClass selectors.
        type: dict
      region:
        description:
        - Topology region the pool serves.
        type: str
      zone:
        description:
        - Topology zone the pool serves.
        type: str
      supported_topologies:
        description:
        - CSI topology segments (topology.kubernetes.io/region and /zone).
        type: list
        elements: dict
      defaults:
        description:
        - Volume defaults for this pool, with Trident's names (spaceReserve, snapshotPolicy,
          encryption, ...).
        type: dict
  deletion_policy:
    description:
    - retain keeps the Trident backend when the TridentBackendConfig is deleted.
    - One of V(delete), V(retain).
    type: str
    default: delete
  replication_policy:
    description:
    - SnapMirror policy for mirror relationships.
    type: str
  replication_schedule:
    description:
    - SnapMirror schedule for mirror relationships.
    type: str
  client_certificate:
    description:
    - Base64 client certificate (certificate auth).
    type: str
  trusted_ca_certificate:
    description:
    - Base64 CA certificate that signed the array's.
    type: str
  user_state:
    description:
    - 'suspended: no new volumes.'
    - One of V(normal), V(suspended).
    type: str
"""
