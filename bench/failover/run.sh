#!/usr/bin/env bash
# Failover benchmark, hadaemon pair vs keepalived pair, in throw-away namespaces. Writes bench/results/failover.md.
# Usage: sudo bench/failover/run.sh [-n RUNS] [--profiles "v2 1 s,v3 0.1 s"] [--modes kill9,sigterm] [--skip-scale]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" -ne 0 ]; then exec sudo -E "$0" "$@"; fi
scripts/install-test-deps.sh
packaging/publish-aot.sh >/dev/null
exec python3 bench/failover/failover_bench.py --hadaemon "$PWD/packaging/out/bin/hadaemon" "$@"
