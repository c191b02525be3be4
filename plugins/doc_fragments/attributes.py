# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Modules that converge Kubernetes objects. A module whose diff says something narrower sets only
    # attributes.diff_mode.description (and details) of its own; ansible-doc merges it over these.
    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying the cluster.
    support: full
  diff_mode:
    description: Returns a field-level before and after of what changed (or would change in check mode).
    support: full
"""

    # Modules that converge AWS resources through boto3.
    AWS = r"""
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying AWS.
    support: full
  diff_mode:
    description: Returns the fields an update changes.
    support: full
"""

    # Modules that only read.
    INFO = r"""
attributes:
  check_mode:
    description: Reads only, in check mode as otherwise.
    support: full
  diff_mode:
    description: Changes nothing, so there is no diff.
    support: none
"""
