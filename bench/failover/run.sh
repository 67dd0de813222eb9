#!/usr/bin/env bash
# Failover benchmark, hadaemon pair vs keepalived pair, in throw-away namespaces. Writes bench/results/failover.md.
# Usage: sudo bench/failover/run.sh [-n RUNS] [--profiles "v2 1 s,v3 0.1 s"] [--modes kill9,sigterm] [--skip-scale]
# HADAEMON_BIN=/path/to/hadaemon skips the NativeAOT publish and measures that binary instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" -ne 0 ]; then exec sudo -E "$0" "$@"; fi
scripts/install-test-deps.sh
if [ -z "${HADAEMON_BIN:-}" ]; then
  packaging/publish-aot.sh >/dev/null
  HADAEMON_BIN="$PWD/packaging/out/bin/hadaemon"
fi
exec python3 bench/failover/failover_bench.py --hadaemon "$HADAEMON_BIN" "$@"
