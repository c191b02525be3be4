# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  version:
    description:
    - Trident protect release (YY.MM.patch); pins the controller image (and the Helm chart 100.YYMM.patch).
    type: str
    default: 26.06.0
  namespace:
    description:
    - Namespace Trident protect runs in; AppVaults and their credential Secrets live here.
    type: str
    default: trident-protect
  install_method:
    description:
    - 'manifests: tridentops applies the chart''s objects of the pinned release (namespace,
      CRDs, RBAC, controller Deployment). external: Trident protect is installed by other means
      (its Helm chart); tridentops only manages vaults, applications and schedules, once protect''s
      CRDs are registered.'
    - One of V(manifests), V(external).
    type: str
    default: manifests
  cluster_name:
    description:
    - Name of this cluster for Trident protect (the chart's clusterName). Required with install_method
      manifests.
    type: str
  image_registry:
    description:
    - Registry mirroring docker.io/netapp's protect images (air-gapped installs).
    type: str
  image_pull_secrets:
    description:
    - Secrets (in the protect namespace) used to pull images.
    type: list
    elements: str
"""
