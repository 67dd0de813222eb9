#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: keepalived 2.2.7 (the interop peer), tcpdump and
# tshark (wire checks), iproute2 (network namespaces). Idempotent: does nothing when everything is present.
set -euo pipefail
need=()
command -v keepalived >/dev/null || need+=(keepalived)
command -v tcpdump    >/dev/null || need+=(tcpdump)
command -v tshark     >/dev/null || need+=(tshark)
command -v ip         >/dev/null || need+=(iproute2)
command -v dpkg-deb   >/dev/null || need+=(dpkg)
command -v curl       >/dev/null || need+=(curl)      # the cloud sample's notify script
command -v setpriv    >/dev/null || need+=(util-linux) # scripts run as another user
command -v python3    >/dev/null || need+=(python3)    # a launcher that execs with signals blocked
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing: ${need[*]}"
# Never let the package start keepalived in this machine's own network namespace: policy-rc.d 101 forbids
# service starts for the duration of the install.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; created_policy=1; fi
trap '[ $created_policy = 1 ] && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
