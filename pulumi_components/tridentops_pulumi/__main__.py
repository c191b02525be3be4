"""Component provider host: serves the tridentops components to Pulumi programs in any language.

``PulumiPlugin.yaml`` next to this file makes this directory a source-based plugin package;
``pulumi package add <path or git URL of this directory>`` runs this file, which analyses the components'
type annotations into a schema and generates an SDK in the consumer's language (schema.json is the
committed copy of that schema, see ``package_schema``).
"""

import sys
from pathlib import Path

if not __package__:
    # The language host runs this file as a script from the plugin directory, so the package itself
    # is not importable by name unless its parent directory is on the path.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pulumi.provider.experimental import component_provider_host

from tridentops_pulumi.components._common import PACKAGE
from tridentops_pulumi.package_schema import hosted_components, package_version

if __name__ == "__main__":
    component_provider_host(hosted_components(), PACKAGE, version=package_version())
