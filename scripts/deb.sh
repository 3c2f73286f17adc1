#!/usr/bin/env bash
# make deb: a Debian package of the install layout under /usr, built with dpkg-deb (no packaging
# plugin). Java and libpcap come from the distribution; postinst writes the class-data archive for
# the jar's final path (it records that path), prerm removes it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:?usage: scripts/deb.sh VERSION}"
debver="${version/-SNAPSHOT/~snapshot}"  # Debian versions order ~ before the release
stage="$root/cli/target/deb/gossip-preflight"
rm -rf "$root/cli/target/deb"
NO_CDS=1 bash "$root/scripts/install.sh" /usr "$stage" >/dev/null
install -d "$stage/DEBIAN"
size="$(du -sk "$stage/usr" | cut -f1)"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: gossip-preflight
Version: $debver
Architecture: all
Maintainer: gossip-preflight developers <gossip-preflight@localhost>
Installed-Size: $size
Depends: openjdk-17-jre-headless | java17-runtime-headless, libpcap0.8, libpcap-dev
Recommends: iproute2, nftables, tcpdump, ethtool
Section: net
Priority: optional
Description: network-path diagnostics for gossip clusters (Apache Cassandra)
 Will the gossip messages a cluster needs cross a network path? preflight probes
 it with real gossip exchanges (probe check), analyses captures (analyze), runs a
 network lab (lab) and a Cassandra-style gossip node (node).
CONTROL
cat > "$stage/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
# class-data archive: one-off commands start faster; failing only costs that
jar=/usr/share/gossip-preflight/preflight.jar
java -XX:ArchiveClassesAtExit=/usr/share/gossip-preflight/preflight.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
  -XX:TieredStopAtLevel=1 -jar "$jar" --help >/dev/null 2>&1 || true
POSTINST
cat > "$stage/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
rm -f /usr/share/gossip-preflight/preflight.jsa
PRERM
chmod 755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/prerm"
out="$root/cli/target/gossip-preflight_${debver}_all.deb"
dpkg-deb --root-owner-group --build "$stage" "$out" >/dev/null
echo "$out"
