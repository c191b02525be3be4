#!/usr/bin/env bash
# Build kube-apiserver and kube-controller-manager v1.20.2 once from Debian's `kubernetes`
# source package and cache them outside the repository. Nothing here runs when the cache is
# already filled, or when KUBE_APISERVER_BIN / KUBE_CONTROLLER_MANAGER_BIN point at existing
# binaries (for example those of controller-runtime's envtest on a laptop).
set -euo pipefail

CACHE_DIR="${TRIDENTOPS_CACHE:-$HOME/.cache/tridentops}/k8s-v1.20.2"
APISERVER="$CACHE_DIR/kube-apiserver"
CONTROLLER_MANAGER="$CACHE_DIR/kube-controller-manager"

if [[ -n "${KUBE_APISERVER_BIN:-}" ]]; then
  echo "using KUBE_APISERVER_BIN=$KUBE_APISERVER_BIN (no build)"
  exit 0
fi
if [[ -x "$APISERVER" && -x "$CONTROLLER_MANAGER" ]]; then
  echo "control-plane binaries cached in $CACHE_DIR"
  exit 0
fi

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# deb-src for bookworm: the machine's sources list only carries binary packages.
SRC_LIST=/etc/apt/sources.list.d/tridentops-src.sources
if ! apt-get source --print-uris kubernetes >/dev/null 2>&1; then
  as_root tee "$SRC_LIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  as_root apt-get update -qq
fi
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  golang-go rsync make dpkg-dev golang-github-modern-go-reflect2-dev >/dev/null

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tridentops-kube-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
apt-get source --download-only kubernetes >/dev/null
tar -xzf kubernetes_*.orig.tar.gz
SRC=$(find . -maxdepth 1 -mindepth 1 -type d | head -n1)
cd "$SRC"

# The one required fix: vendored reflect2 v1.0.1 crashes (SIGSEGV in mapiterinit) when built with
# Go >= 1.18. Debian's golang-github-modern-go-reflect2-dev carries the fixed 1.0.2 source.
REFLECT2=$(dpkg -L golang-github-modern-go-reflect2-dev | grep -m1 '/github.com/modern-go/reflect2$')
rm -rf vendor/github.com/modern-go/reflect2
cp -r "$REFLECT2" vendor/github.com/modern-go/reflect2
rm -f vendor/github.com/modern-go/reflect2/go.mod

mkdir -p .go/src/k8s.io
ln -s ../../.. .go/src/k8s.io/kubernetes
GOPATH=$PWD/.go CGO_ENABLED=0 GOFLAGS=-mod=vendor \
  make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" >build.log 2>&1 || {
  tail -n 60 build.log >&2
  exit 1
}

mkdir -p "$CACHE_DIR"
install -m 0755 _output/local/bin/linux/amd64/kube-apiserver "$APISERVER.tmp"
install -m 0755 _output/local/bin/linux/amd64/kube-controller-manager "$CONTROLLER_MANAGER.tmp"
mv "$APISERVER.tmp" "$APISERVER"
mv "$CONTROLLER_MANAGER.tmp" "$CONTROLLER_MANAGER"
echo "built and cached control-plane binaries in $CACHE_DIR"
