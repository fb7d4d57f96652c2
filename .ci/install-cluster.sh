#!/usr/bin/env bash
# Installs what test/cluster needs on a fresh Debian machine and builds the control-plane
# binaries once (into ${BULWARK_CLUSTER_CACHE:-$HOME/.cache/bulwark-cluster}).
# Idempotent; prints nothing when everything is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "[install-cluster] apt-get install ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1 && [ ! -x /usr/local/go/bin/go ]; then
  echo "[install-cluster] no Go toolchain (need Go >= 1.26 on PATH or at /usr/local/go/bin/go)" >&2
  exit 1
fi

bash test/cluster/build.sh
