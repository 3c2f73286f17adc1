#!/usr/bin/env bash
# make bench: runs every benchmark script in bench/scripts/ in name order and prints
# each one's ratio table. Results also land in bench/results/ (not committed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$here/results"
shopt -s nullglob
scripts=("$here"/scripts/*.sh)
if [ ${#scripts[@]} -eq 0 ]; then
  echo "bench: no benchmark scripts in bench/scripts yet" >&2
  exit 0
fi
status=0
for s in "${scripts[@]}"; do
  name="$(basename "$s" .sh)"
  echo "=== bench: $name ==="
  if ! bash "$s" 2>&1 | tee "$here/results/$name.txt"; then
    echo "bench: $name FAILED" >&2
    status=1
  fi
done
exit $status
