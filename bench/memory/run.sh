#!/usr/bin/env bash
# Resident memory of hadaemon as a backup with 1 and 1000 instances (bench/memory/rss.py), in throw-away namespaces.
# Usage: sudo bench/memory/run.sh --hadaemon BIN [--instances 1,1000] [--settle 20] [--env DOTNET_X=Y] [--spread N] [--label L]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" -ne 0 ]; then exec sudo -E "$0" "$@"; fi
exec python3 bench/memory/rss.py "$@"
