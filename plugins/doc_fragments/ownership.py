# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  adopt:
    description:
      - Existing objects this task may take over although tridentops did not apply them for this stack
        (another tool's, another stack's, or made by hand), each as C(Kind/name) or C(Kind/namespace/name),
        for example V(StorageClass/gold) or V(TridentBackendConfig/trident/nas).
      - Without it, a task that would update an existing object whose C(managedFields) have no server-side apply
        entry of manager C(tridentops), or that lacks this stack's labels, fails before writing anything and
        names what manages the object today (its field managers and labels such as C(app.kubernetes.io/managed-by)).
      - An existing Namespace that is not ours is used as it is, never changed, unless adopted.
    type: list
    elements: str
    default: []
  foreign_changes:
    description:
      - What to do with a field tridentops applied that another field manager (C(kubectl edit), a GitOps
        controller) has changed since. Each such field is named with that manager in the result
        (C(changed_by) of the object) and in the diff.
      - V(take) sets the spec's value again (the behaviour of earlier releases).
      - V(keep) applies the object without those fields, so the other manager's values stay; they are reported
        as C(kept).
    type: str
    choices: [take, keep]
    default: take
"""
