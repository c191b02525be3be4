# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  stack_name:
    description:
      - Value of the C(tridentops.io/stack) label on the objects the module applies, so that a
        M(tridentops.storage.stack) run of that name treats them as its own.
    type: str
    default: default
"""
