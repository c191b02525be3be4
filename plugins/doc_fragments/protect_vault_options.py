# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  name:
    description:
    - AppVault name (it lives in the protect namespace).
    type: str
    required: true
  provider:
    description:
    - 'Object store type (providerType): AWS (Amazon S3), Azure, GCP, GenericS3, OntapS3 or
      StorageGridS3.'
    - One of V(AWS), V(Azure), V(GCP), V(GenericS3), V(OntapS3), V(StorageGridS3).
    type: str
  bucket:
    description:
    - 'Bucket (Azure: container) holding the backups.'
    type: str
  endpoint:
    description:
    - S3 endpoint as host[:port], no scheme. Required for GenericS3, OntapS3 and StorageGridS3;
      AWS defaults to s3.amazonaws.com (s3.<region>.amazonaws.com with region).
    type: str
  region:
    description:
    - AWS region of the bucket (AWS only).
    type: str
  secure:
    description:
    - Use HTTPS to reach the endpoint (S3 providers).
    type: bool
    default: true
  skip_cert_validation:
    description:
    - Do not verify the endpoint's TLS certificate (S3 providers).
    type: bool
    default: false
  credentials_secret:
    description:
    - 'Name of an existing Secret in the protect namespace holding the provider''s keys: accessKeyID
      and secretAccessKey (S3 providers), accountKey (Azure), credentials (GCP, the service
      account JSON). Referenced only: tridentops never writes it nor shows its values.'
    type: str
  use_iam:
    description:
    - 'AWS only: the protect controller reaches the bucket with its own IAM identity (EKS Pod
      Identity or IRSA) instead of a Secret.'
    type: bool
    default: false
  account_name:
    description:
    - Azure storage account name (Azure only).
    type: str
  project_id:
    description:
    - Google Cloud project id (GCP only).
    type: str
  data_mover_password_secret:
    description:
    - Secret holding the Kopia/Restic repository password (dataMoverPasswordSecretRef); Trident
      protect creates a default one when omitted.
    type: str
"""
