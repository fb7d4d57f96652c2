#!/usr/bin/env bash
# Builds the real Kubernetes parts that test/cluster starts on loopback:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok
# from Go modules (through the Go module proxy), once, into a cache folder outside
# the repo. A second run is a no-op while the stamp file matches the pinned versions
# and the committed go.mod/go.sum files.
#
#   BULWARK_CLUSTER_CACHE   cache folder (default: $HOME/.cache/bulwark-cluster)
#   BULWARK_CLUSTER_FORCE=1 rebuild even when the stamp matches
#
# Versions are pinned in test/cluster/gobuild/*/go.mod (and the constants below,
# which only feed -ldflags and the stamp; keep them in sync).
set -euo pipefail

KUBE_VERSION=v1.34.4
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0
# Bump when the build flags below change, so existing caches get rebuilt.
RECIPE=1

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${BULWARK_CLUSTER_CACHE:-$HOME/.cache/bulwark-cluster}"
bin="$cache/bin"
stamp="$cache/stamp"
binaries=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)

log() { printf '[cluster-build] %s\n' "$*" >&2; }

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do
    if [ -x "$g" ]; then echo "$g"; return; fi
  done
  log "no Go toolchain found (need Go >= 1.26; put it on PATH or at /usr/local/go/bin/go)"
  exit 1
}

want_stamp() {
  # Everything that changes the output: pinned versions, the module files, the
  # Go version and the recipe number.
  {
    echo "kube=$KUBE_VERSION etcd=$ETCD_VERSION kwok=$KWOK_VERSION recipe=$RECIPE"
    "$GO" env GOVERSION
    cat "$here"/gobuild/*/go.mod "$here"/gobuild/*/go.sum
  } | sha256sum | cut -d' ' -f1
}

GO="$(find_go)"
want="$(want_stamp)"

if [ "${BULWARK_CLUSTER_FORCE:-0}" != 1 ] && [ -f "$stamp" ] && [ "$(head -1 "$stamp")" = "$want" ]; then
  ok=1
  for b in "${binaries[@]}"; do [ -x "$bin/$b" ] || ok=0; done
  if [ "$ok" = 1 ]; then
    exit 0
  fi
fi

mkdir -p "$bin"
rm -f "$stamp"

export CGO_ENABLED=0
export GOTOOLCHAIN=local
export GOFLAGS="-mod=readonly -buildvcs=false"

build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
kube_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kube_ldflags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  kube_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
done

timings="$cache/build-times.txt"
: > "$timings.tmp"
total_start=$SECONDS

run_build() { # name dir output ldflags pkgs...
  local name="$1" dir="$2" out="$3" ldflags="$4"; shift 4
  local t0=$SECONDS
  log "building $name ($("$GO" env GOVERSION), $(nproc) cores) ..."
  # Module downloads are announced one line each; keep the log to what matters.
  (cd "$here/gobuild/$dir" && nice -n 10 "$GO" build -trimpath -ldflags "$ldflags" -o "$out" "$@") 2>&1 \
    | { grep -v '^go: downloading ' || true; } >&2
  local dt=$((SECONDS - t0))
  log "built $name in ${dt}s"
  echo "$name ${dt}s" >> "$timings.tmp"
}

run_build "etcd $ETCD_VERSION" etcd "$bin/etcd" "-s -w" go.etcd.io/etcd/server/v3
run_build "kwok $KWOK_VERSION" kwok "$bin/kwok" "-s -w" sigs.k8s.io/kwok/cmd/kwok
run_build "kubernetes $KUBE_VERSION" kube "$bin/" "$kube_ldflags" \
  k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler \
  k8s.io/kubernetes/cmd/kubectl

for b in "${binaries[@]}"; do
  [ -x "$bin/$b" ] || { log "missing $bin/$b after build"; exit 1; }
done

echo "total $((SECONDS - total_start))s (on $(date -u +%Y-%m-%d), $(nproc) cores)" >> "$timings.tmp"
mv -f "$timings.tmp" "$timings"
{
  echo "$want"
  echo "kube=$KUBE_VERSION etcd=$ETCD_VERSION kwok=$KWOK_VERSION go=$("$GO" env GOVERSION)"
} > "$stamp"
log "done: binaries in $bin ($(tr '\n' ' ' < "$timings"))"
