#!/usr/bin/env bash
# Start the test control plane by hand; prints the kubeconfig path, Ctrl-C stops it.
#   bash test/cluster/start.sh [--gpu-nodes 16] [--cpu-nodes 2] [--scrape 127.0.0.1:9400] ...
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bash test/cluster/build.sh
node=node_modules/.bin/node
if [ ! -x "$node" ]; then node=node; fi
major="$("$node" -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 22 ]; then
  echo "start.sh needs Node >= 22 (type stripping); run npm ci for the repo's Node" >&2
  exit 1
fi
exec "$node" --experimental-strip-types --no-warnings test/cluster/cli.ts "$@"
