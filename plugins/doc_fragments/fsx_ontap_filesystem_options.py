# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  name:
    description:
    - 'Value of the file system''s Name tag: its identity for tridentops (found by it, never
      created twice).'
    type: str
    required: true
  deployment_type:
    description:
    - SINGLE_AZ_1 and MULTI_AZ_1 (first generation), SINGLE_AZ_2 (up to 12 HA pairs) or MULTI_AZ_2.
    - One of V(SINGLE_AZ_1), V(SINGLE_AZ_2), V(MULTI_AZ_1), V(MULTI_AZ_2).
    type: str
  storage_capacity_gib:
    description:
    - 'SSD storage capacity in GiB: 1024 to 524288 per HA pair, at most 196608 for the first
      generation and 524288 for MULTI_AZ_2. Can grow in place, never shrink.'
    type: int
  subnet_ids:
    description:
    - 'Subnets of the file system''s endpoints: one for single-AZ, two in different Availability
      Zones for multi-AZ.'
    type: list
    elements: str
  throughput_capacity:
    description:
    - Throughput in MBps of a one-HA-pair file system (128 to 4096 for the first generation,
      384 to 6144 for MULTI_AZ_2, 1536 to 6144 for SINGLE_AZ_2). Give this or throughput_capacity_per_ha_pair.
      Changes in place.
    type: int
  ha_pairs:
    description:
    - 'HA pairs (SINGLE_AZ_2: 1 to 12; MULTI_AZ_2: 1), with throughput_capacity_per_ha_pair.'
    type: int
  throughput_capacity_per_ha_pair:
    description:
    - Throughput per HA pair in MBps, instead of throughput_capacity. Changes in place.
    type: int
  preferred_subnet_id:
    description:
    - 'Multi-AZ only (required there): the subnet of the active file server, one of subnet_ids.'
    type: str
  route_table_ids:
    description:
    - 'Multi-AZ only: route tables FSx adds the floating endpoint routes to (the VPC''s default
      one otherwise).'
    type: list
    elements: str
  security_group_ids:
    description:
    - 'Security groups of the file system''s interfaces: they must admit NFS or iSCSI from the
      nodes and HTTPS (ONTAP REST) from the Trident controller. Fixed at creation.'
    type: list
    elements: str
  endpoint_ip_address_range:
    description:
    - 'Multi-AZ only: IPv4 range of the floating endpoints (AWS picks one in 198.19.0.0/16 otherwise).'
    type: str
  kms_key_id:
    description:
    - KMS key encrypting the file system at rest (the AWS managed key otherwise). Fixed at creation.
    type: str
  automatic_backup_retention_days:
    description:
    - Days AWS keeps automatic daily backups (0 turns them off; 0 to 90).
    type: int
  daily_automatic_backup_start_time:
    description:
    - HH:MM (UTC) the daily backup starts.
    type: str
  weekly_maintenance_start_time:
    description:
    - d:HH:MM (UTC; d is 1 for Monday to 7 for Sunday) the weekly maintenance window starts.
    type: str
  disk_iops:
    description:
    - SSD IOPS of the file system.
    type: dict
    suboptions:
      mode:
        description:
        - 'AUTOMATIC: 3 SSD IOPS per GiB of storage. USER_PROVISIONED: the number in iops.'
        - One of V(AUTOMATIC), V(USER_PROVISIONED).
        type: str
        default: AUTOMATIC
      iops:
        description:
        - Provisioned SSD IOPS (USER_PROVISIONED only; at least 3 per GiB of storage).
        type: int
  fsxadmin_password_secret:
    description:
    - Name or ARN of a Secrets Manager secret holding the fsxadmin password (a plain string,
      or JSON with a password key). Read once, at creation; never a password in the spec. Trident
      does not need fsxadmin.
    type: str
  tags:
    description:
    - Tags of the file system, besides its Name tag.
    type: dict
"""
