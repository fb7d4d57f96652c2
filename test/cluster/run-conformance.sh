#!/usr/bin/env bash
# npm run test:cluster: build the control-plane binaries if the cache lacks them, then
# run every test under test/cluster against real etcd/apiserver/controllers/kwok.
# Extra arguments go to vitest (e.g. a file filter).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bash test/cluster/build.sh
exec npx vitest run -c vitest.cluster.config.ts "$@"
