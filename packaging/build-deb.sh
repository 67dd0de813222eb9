#!/usr/bin/env bash
# Builds packaging/out/hadaemon_<version>_amd64.deb with dpkg-deb: the NativeAOT binary in /usr/sbin, the systemd
# unit, /etc/default/hadaemon, a sample config and the docs. Usage: packaging/build-deb.sh [--skip-publish]
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/HaDaemon/HaDaemon.csproj | head -1)
version=${version:-0.1.0}
[ "${1:-}" = "--skip-publish" ] || packaging/publish-aot.sh
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
install -D -m 0755 packaging/out/bin/hadaemon          "$root/usr/sbin/hadaemon"
install -D -m 0644 packaging/hadaemon.service          "$root/lib/systemd/system/hadaemon.service"
install -D -m 0644 packaging/hadaemon.default          "$root/etc/default/hadaemon"
install -D -m 0644 samples/web-pair/keepalived.conf    "$root/usr/share/doc/hadaemon/examples/hadaemon.conf"
install -D -m 0644 README.md                           "$root/usr/share/doc/hadaemon/README.md"
for f in docs/*.md; do [ -e "$f" ] && install -D -m 0644 "$f" "$root/usr/share/doc/hadaemon/$(basename "$f")"; done
mkdir -p "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CONTROL
Package: hadaemon
Version: $version
Architecture: amd64
Maintainer: HaDaemon maintainers <maintainers@users.noreply.example>
Depends: libc6
Conflicts: keepalived
Section: net
Priority: optional
Description: VRRP failover daemon compatible with keepalived
 Reads /etc/keepalived/keepalived.conf, speaks VRRPv2/v3 with keepalived peers,
 runs the same notify scripts, and adds precise diagnostics, live status and a simulator.
CONTROL
echo /etc/default/hadaemon > "$root/DEBIAN/conffiles"
install -m 0755 packaging/debian/postinst packaging/debian/prerm "$root/DEBIAN/"
mkdir -p packaging/out
deb=packaging/out/hadaemon_${version}_amd64.deb
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "$deb"
