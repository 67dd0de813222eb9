#!/bin/sh
# Scrape-time benchmark of the status endpoint (see status_bench.py). Root: it creates a network namespace.
# Usage: sudo bench/status/run.sh [BINARY]   (default: the NativeAOT binary from packaging/publish-aot.sh)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/status_bench.py" "$@"
