#!/usr/bin/env bash
# Installs the built preflight (make build) under a prefix: make install, make dist and make deb use it.
#   scripts/install.sh PREFIX [DESTDIR]
# Layout, relative to PREFIX (bin/preflight finds the jar through it, from any directory):
#   bin/preflight                                    the launcher
#   share/gossip-preflight/preflight.jar (+ .jsa)    the runnable jar (java -jar works too)
#   share/man/man1/preflight*.1                      man pages of every command
#   share/bash-completion/completions/preflight      bash completion (loaded on demand by bash-completion)
#   share/gossip-preflight/completion.zsh            zsh completion (source it from ~/.zshrc)
#   share/doc/gossip-preflight/                      README and docs
# The class-data archive (faster start of one-off commands) records the jar's absolute path, so it is
# written only for a real install (no DESTDIR) and NO_CDS unset; a package writes it when installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="${1:?usage: scripts/install.sh PREFIX [DESTDIR]}"
dest="${2:-}"
jar="$root/cli/target/preflight.jar"
gen="$root/cli/target"
for f in "$jar" "$gen/man/preflight.1" "$gen/completion/preflight.bash"; do
  [ -f "$f" ] || { echo "install: $f is missing; run 'make build' first" >&2; exit 3; }
done
d="$dest$prefix"
install -d "$d/bin" "$d/share/gossip-preflight" "$d/share/man/man1" "$d/share/bash-completion/completions" \
  "$d/share/doc/gossip-preflight/docs"
install -m 755 "$root/bin/preflight" "$d/bin/preflight"
install -m 644 "$jar" "$d/share/gossip-preflight/preflight.jar"
install -m 644 "$gen"/man/*.1 "$d/share/man/man1/"
install -m 644 "$gen/completion/preflight.bash" "$d/share/bash-completion/completions/preflight"
install -m 644 "$gen/completion/preflight.zsh" "$d/share/gossip-preflight/completion.zsh"
install -m 644 "$root/README.md" "$d/share/doc/gossip-preflight/README.md"
install -m 644 "$root"/docs/*.md "$d/share/doc/gossip-preflight/docs/"
rm -f "$d/share/gossip-preflight/preflight.jsa"
if [ -z "$dest" ] && [ -z "${NO_CDS:-}" ]; then
  # the same archive as make build's, for the installed jar
  bash "$root/scripts/class-archive.sh" "$d/share/gossip-preflight/preflight.jar" "$d/share/gossip-preflight/preflight.jsa" || true
fi
echo "installed preflight under $d (bin/preflight, share/gossip-preflight, share/man/man1, share/bash-completion)"
