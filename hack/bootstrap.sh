#!/usr/bin/env bash
# Prepare a fresh Debian 12 machine for the demo and the tests: Debian packages and the .venv.
# Idempotent and quick when everything is already in place (a stamp records the inputs).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# etcd for the embedded control plane; openssl for its certificates; rsync/git for the
# ansible-test tree copy. kubectl is only a benchmark baseline and is not required here.
need=()
command -v etcd >/dev/null || need+=(etcd-server)
command -v openssl >/dev/null || need+=(openssl)
command -v rsync >/dev/null || need+=(rsync)
command -v git >/dev/null || need+=(git)
if ((${#need[@]})); then
  echo "installing Debian packages: ${need[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The Debian etcd package starts a system etcd on 2379; ours uses free ports, so it is harmless,
# but stop it to keep the machine quiet and ports free.
if command -v systemctl >/dev/null && systemctl is-active --quiet etcd 2>/dev/null; then
  as_root systemctl stop etcd || true
fi

PYTHON=${PYTHON:-python3}

# Side venvs, each from its own requirements file: the publishing tools (hack/requirements-tools.txt) and the
# oldest ansible-core we claim (hack/requirements-oldest.txt).
side_venv() {
  local dir=$1 requirements=$2 stamp want
  stamp=$dir/.tridentops-stamp
  want=$(sha256sum "$requirements" | cut -d' ' -f1)
  if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    echo "creating $dir ($requirements)"
    [[ -x $dir/bin/python ]] || "$PYTHON" -m venv "$dir"
    "$dir/bin/python" -m pip install -q --upgrade pip
    "$dir/bin/python" -m pip install -q -r "$requirements"
    echo "$want" >"$stamp"
  fi
}
side_venv .venv-tools hack/requirements-tools.txt
side_venv .venv-oldest hack/requirements-oldest.txt

stamp=.venv/.tridentops-stamp
want=$(cat requirements-dev.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  exit 0
fi
echo "creating .venv (about 3 minutes on a fresh machine)"
[[ -x .venv/bin/python ]] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -r requirements-dev.txt
.venv/bin/python -m pip install -q --no-deps -e .
echo "$want" >"$stamp"
