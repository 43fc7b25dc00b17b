#!/usr/bin/env bash
# Every benchmark with a key=value last line, at one size: the invitation list (SIZE invitations), the creative
# request tabs (SIZE requests), the outbox (SIZE deliveries) and the analytics page (SIZE invitations), each on
# SQLite and on PostgreSQL. Prints each one's output as it ends, then one line with all their pairs. Asserts
# nothing. Usage: bench/all.sh SIZE   (e.g. 100000; the figures in the README are each benchmark's own default)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:?give a size, e.g. bench/all.sh 100000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pairs=()
for b in invitations creative_requests outbox analytics; do
  printf '\n=== bench/%s.sh %s ===\n' "$b" "$SIZE"
  # into a file, not through a pipe: a benchmark's own background processes keep a pipe open
  if ! bash "bench/$b.sh" "$SIZE" >"$out/$b.log" 2>&1; then
    cat "$out/$b.log"
    echo "bench/$b.sh failed" >&2
    exit 1
  fi
  cat "$out/$b.log"
  # its last line without the leading `<name>=<size>`
  pairs+=($(tail -n1 "$out/$b.log" | cut -s -d' ' -f2-))
done
echo "size=$SIZE ${pairs[*]}"
