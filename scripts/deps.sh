#!/usr/bin/env bash
# The system packages gossip-preflight needs on Debian/Ubuntu, in one place: `make demo`, `make test`
# and .ci/run all come through here. Checks what is missing; as root installs it with apt-get, otherwise
# prints the one apt-get line to run and exits 3 (environment error, as the tool's own exit codes).
#
#   scripts/deps.sh [--check|--print|--install] [GROUP...]     (default: --install build lab test)
#     --check    list what is missing, one "PACKAGE<TAB>why" a line; exit 0 when nothing is, 3 otherwise
#     --print    print the apt-get line for what is missing (nothing when nothing is); exit as --check
#     --install  install what is missing when root; otherwise print the line and exit 3
#
# Groups: build (compile and package), lab (network namespaces: make demo, lab tests), test (what tests
# drive besides the lab), ci (what CI adds), bench (the peer tools make bench times beside ours).
# To add a package, add one line to NEEDS below.
set -euo pipefail

# One line per package: group | check (a shell condition, true when present) | package | why
NEEDS=$(cat <<'EOF'
build | has javac && java_at_least 17 | openjdk-17-jdk-headless | Java 17 compiler
build | has mvn                       | maven                   | builds the project
build | has make                      | make                    | the make targets
lab   | has ip                        | iproute2                | network namespaces, veth, routes
lab   | has nft                       | nftables                | gateway rules (drop ICMP, loss, MSS clamp)
lab   | has tcpdump                   | tcpdump                 | lab captures
lab   | has ethtool                   | ethtool                 | offloads off in the lab
lab   | has ping                      | iputils-ping            | lab reachability checks
lab   | has sysctl                    | procps                  | per-namespace sysctls
lab   | has setpriv                   | util-linux              | runs lab commands with dropped privileges
lab   | has gcc                       | gcc                     | builds the lab's link emulator (linkem) on first use
lab   | test -f /usr/include/stdio.h  | libc6-dev               | the C library headers linkem needs
lab   | lib 'libpcap.so.0.8'          | libpcap0.8              | live captures (pcap4j)
lab   | lib 'libpcap.so '             | libpcap-dev             | pcap4j loads libpcap.so by that name
test  | has stress-ng                 | stress-ng               | verdicts under CPU load
test  | has tshark                    | tshark                  | captures cross-checked against Wireshark
ci    | has chromium                  | chromium                | HTML reports rendered headless (skipped loudly without it, outside CI)
ci    | has promtool && has prometheus | prometheus             | promtool tests alert rules and metrics; a real Prometheus scrapes probe watch in the lab
bench | has scamper                   | scamper                 | peer tool in make bench: path MTU (trace -M)
bench | has nmap                      | nmap                    | peer tool in make bench: --script path-mtu
bench | has tracepath                 | iputils-tracepath       | peer tool in make bench: path MTU discovery
EOF
)

trim() { sed -E 's/^ +//; s/ +$//' <<<"$1"; }
# a command on the PATH, or in the sbin directories a user's PATH may lack (nft, ip, sysctl live there)
has() { PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null 2>&1; }
# a shared library the dynamic loader knows
lib() { PATH="$PATH:/usr/sbin:/sbin" ldconfig -p 2>/dev/null | grep -qF "$1"; }
java_at_least() {
  local v
  v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
  [ -n "$v" ] && [ "$v" -ge "$1" ]
}

mode=--install
groups=()
for a in "$@"; do
  case "$a" in
    --check|--print|--install) mode="$a" ;;
    build|lab|test|ci|bench) groups+=("$a") ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "deps: unknown argument '$a' (groups: build lab test ci bench; modes: --check --print --install)" >&2; exit 2 ;;
  esac
done
[ ${#groups[@]} -gt 0 ] || groups=(build lab test)

missing=()
whys=()
while IFS='|' read -r group check pkg why; do
  group="$(trim "$group")"; pkg="$(trim "$pkg")"; why="$(trim "$why")"
  [ -n "$group" ] || continue
  wanted=false
  for g in "${groups[@]}"; do [ "$g" = "$group" ] && wanted=true; done
  $wanted || continue
  if ! eval "$check"; then
    dup=false
    for m in ${missing[@]+"${missing[@]}"}; do [ "$m" = "$pkg" ] && dup=true; done
    $dup || { missing+=("$pkg"); whys+=("$why"); }
  fi
done <<<"$NEEDS"

line="apt-get install -y --no-install-recommends ${missing[*]+${missing[*]}}"
if [ ${#missing[@]} -eq 0 ]; then
  [ "$mode" = --check ] && echo "deps: nothing missing (${groups[*]})"
  exit 0
fi
case "$mode" in
  --check)
    for i in "${!missing[@]}"; do printf '%s\t%s\n' "${missing[$i]}" "${whys[$i]}"; done
    exit 3 ;;
  --print)
    echo "$line"
    exit 3 ;;
esac

if [ "$(id -u)" != 0 ]; then
  echo "deps: missing ${missing[*]}; install them with:" >&2
  echo "  sudo apt-get update && sudo $line" >&2
  exit 3
fi
if ! has apt-get; then
  echo "deps: missing ${missing[*]} and no apt-get here: install the equivalents with this system's package manager" >&2
  exit 3
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # one word per package
apt-get install -y -qq --no-install-recommends ${missing[*]}
