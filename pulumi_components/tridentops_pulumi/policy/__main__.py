"""The tridentops policy pack, for ``pulumi preview --policy-pack``. Building it starts the analyzer
server and blocks: only the Pulumi CLI should run this file."""

import sys
from pathlib import Path

if not __package__:
    # The CLI runs this file as a script from the pack directory; make the package importable.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pulumi_policy import PolicyPack

from tridentops_pulumi.policy import PACK_NAME, policies

if __name__ == "__main__":
    PolicyPack(name=PACK_NAME, policies=policies())
