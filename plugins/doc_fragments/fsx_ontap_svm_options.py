# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  name:
    description:
    - Name of the storage virtual machine Trident uses (letters, digits and _; at most 47).
    type: str
    required: true
  root_volume_security_style:
    description:
    - 'Security style of the SVM''s root volume: UNIX for NFS and iSCSI, NTFS or MIXED with
      SMB.'
    - One of V(UNIX), V(NTFS), V(MIXED).
    type: str
    default: UNIX
  credentials_secret:
    description:
    - 'Name of the Secrets Manager secret tridentops creates and owns, holding {username: vsadmin,
      password} as Trident reads it (backends use it with credentials type awsarn). The password
      is generated unless given to the module, and goes only to the SVM and this secret.'
    type: str
"""
