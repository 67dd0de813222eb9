#!/usr/bin/env bash
# Runs every HaDaemon test: unit, property, golden and the network-namespace integration tests (which need root
# and keepalived). Installs what it needs first. Prints "N passed, N failed" at the end.
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" -ne 0 ]; then exec sudo -E "$0" "$@"; fi
scripts/install-test-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release HaDaemon.sln -nologo -v q
results=$(mktemp -d)
status=0
dotnet test HaDaemon.sln -c Release --no-build --logger "trx" --results-directory "$results" "$@" || status=$?
scripts/summarise-trx.sh "$results"
rm -rf "$results"
exit $status
