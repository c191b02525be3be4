# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  name:
    description:
    - Application name (metadata.name of the Application).
    type: str
    required: true
  namespace:
    description:
    - 'Namespace the Application lives in: the application''s own namespace (snapshots, backups
      and schedules of it go there too).'
    type: str
    required: true
  included_namespaces:
    description:
    - 'Namespaces (with optional label selectors) that make up the application; they must include
      its own namespace. Empty: the application''s namespace, whole.'
    type: list
    elements: dict
    suboptions:
      namespace:
        description:
        - Namespace holding (part of) the application.
        type: str
        required: true
      match_labels:
        description:
        - 'Only resources with these labels (labelSelector.matchLabels); empty: all of the namespace.'
        type: dict
      match_expressions:
        description:
        - Further label requirements (labelSelector.matchExpressions).
        type: list
        elements: dict
        suboptions:
          key:
            description:
            - Label key.
            type: str
            required: true
          operator:
            description:
            - How the key's value is compared.
            - One of V(In), V(NotIn), V(Exists), V(DoesNotExist).
            type: str
            required: true
          values:
            description:
            - Values for In and NotIn.
            type: list
            elements: str
"""
