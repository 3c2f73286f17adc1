#!/usr/bin/env bash
# CI: make dist, unpack the tarball in an unrelated directory and run it from there; install (as make install) into a
# scratch prefix and look for the launcher, man pages and completion. Fails loudly on the first miss.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
make -s dist >/dev/null
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
tarball="$(ls cli/target/gossip-preflight-*.tar.gz)"
tar -C "$scratch" -xzf "$tarball"
cd /
"$scratch"/gossip-preflight-*/bin/preflight --help | grep -q '^Usage: preflight' \
  || { echo "check-dist: bin/preflight --help from the unpacked tarball failed" >&2; exit 1; }
"$scratch"/gossip-preflight-*/bin/preflight node status --help >/dev/null
cd "$root"
bash scripts/install.sh "$scratch/prefix" >/dev/null  # what make install runs after make build
for f in bin/preflight share/gossip-preflight/preflight.jar share/man/man1/preflight.1 share/man/man1/preflight-node-status.1 \
    share/bash-completion/completions/preflight share/gossip-preflight/completion.zsh; do
  [ -e "$scratch/prefix/$f" ] || { echo "check-dist: make install left out $f" >&2; exit 1; }
done
(cd / && "$scratch/prefix/bin/preflight" --version >/dev/null)
echo "check-dist: $(basename "$tarball") runs from an unrelated directory; make install puts the launcher, man pages and completion in place"
