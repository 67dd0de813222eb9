#!/usr/bin/env bash
# Publishes hadaemon as a NativeAOT single binary (net9.0: the net10 AOT pack is not served here).
# Output: packaging/out/bin/hadaemon. Usage: packaging/publish-aot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=packaging/out/bin
dotnet publish src/HaDaemon/HaDaemon.csproj -c Release -r linux-x64 -p:HaDaemonAot=true -p:PublishAot=true \
  -p:StripSymbols=true -p:InvariantGlobalization=true -o "$out" -nologo -v q
rm -f "$out"/*.dbg
ls -l "$out/hadaemon"
