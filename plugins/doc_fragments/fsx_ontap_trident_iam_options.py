# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  mode:
    description:
    - 'irsa: IAM roles for service accounts (trust on the cluster''s OIDC provider; Trident
      gets cloudIdentity). pod_identity: an EKS Pod Identity association for the trident-controller
      ServiceAccount; leave trident.cloud_provider and cloud_identity out (Trident''s operator
      refuses cloudProvider AWS without a cloudIdentity, and the AWS SDK in Trident''s controller
      takes the association''s credentials without either).'
    - One of V(irsa), V(pod_identity).
    type: str
    required: true
  role_name:
    description:
    - IAM role the Trident controller assumes.
    type: str
    required: true
  policy_name:
    description:
    - 'Customer managed IAM policy: NetApp''s FSx actions for Trident and GetSecretValue on
      the SVM''s secret only.'
    type: str
    required: true
  eks_cluster_name:
    description:
    - EKS cluster of the Pod Identity association (pod_identity).
    type: str
  oidc_provider_arn:
    description:
    - 'ARN of the EKS cluster''s IAM OIDC provider (irsa): arn:aws:iam::<account>:oidc-provider/
      followed by the cluster''s OIDC issuer without https://.'
    type: str
"""
