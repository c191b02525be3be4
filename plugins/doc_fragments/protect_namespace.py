# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  protect_namespace:
    description:
      - Namespace Trident protect runs in (where the AppVault is).
    type: str
    default: trident-protect
"""
