#!/usr/bin/env bash
# Run ansible-test on a copy of the collection placed where ansible-test expects it
# (<dir>/ansible_collections/tridentops/storage). Usage: hack/ansible-test.sh sanity [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# Outside the checkout (inside it, ansible-test would ask git and see an ignored directory), and a
# directory of its own per run so concurrent runs do not remove each other's copy.
work=$(mktemp -d "${TMPDIR:-/tmp}/tridentops-ansible-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
dest=$work/ansible_collections/tridentops/storage
mkdir -p "$dest"
# The files git knows (tracked, or new and not ignored): never the venv or run state. The Pulumi
# package, benchmarks and dev scripts are not Ansible content (and not in the Galaxy tarball); ruff and
# mypy check them.
git ls-files -z --cached --others --exclude-standard \
  | grep -zvE '^(pulumi_components|bench|hack|tests/pulumi|tests/data)/' \
  | rsync -a --from0 --files-from=- ./ "$dest/"
# ansible-test finds a collection's dependencies only in its own collection root: link the ones the
# collection imports (galaxy.yml's dependencies) from the ansible package of the venv.
for dependency in amazon.aws; do
  source=$("$root/.venv/bin/python" -c "import ansible_collections.$dependency as c; print(list(c.__path__)[0])")
  mkdir -p "$work/ansible_collections/${dependency%.*}"
  ln -s "$source" "$work/ansible_collections/${dependency/.//}"
done

# ansible-test bootstraps pip in each of its venvs with a script it downloads from a host these
# machines cannot reach. A stand-in at the cache path does the same job with ensurepip, in a
# subprocess (in-process ensurepip blanks pip's configuration for the rest of the process).
cache="$HOME/.ansible/test/cache"
mkdir -p "$cache"
for version in 23_1_2 24_2 25_0 25_1 25_2 25_3; do
  cat >"$cache/get_pip_$version.py" <<'PY'
import subprocess
import sys

subprocess.run([sys.executable, "-m", "ensurepip", "--upgrade"], check=True)
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
subprocess.run([sys.executable, "-m", "pip", "install", *args], check=True)
PY
done

cd "$dest"
# ANSIBLE_TEST_VENV picks another ansible-core (make sanity-oldest: the oldest release requires_ansible claims).
"${ANSIBLE_TEST_VENV:-$root/.venv}/bin/ansible-test" "$@"
