#!/usr/bin/env bash
# Creative request tabs with N requests (default 100,000) on SQLite and on PostgreSQL: each tab of /requests
# and /response loaded with its counts through the real router, against the same SQL run directly (p50/p99
# over ROUNDS loads, default 200). Prints figures, the last line as key=value pairs (tab_p50_ms_sqlite, …: the
# slowest tab's); asserts nothing.
# Usage: bench/creative_requests.sh [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
N=${1:-100000}
ROUNDS=${2:-200}
scripts/setup.sh --test
cargo build --release --features ssr --bin bench-creative-requests 2>&1 | tail -1
work=$(mktemp -d); pgdir=$(mktemp -d)
cleanup() { scripts/pg.sh stop "$pgdir" || true; rm -rf "$work"; }
trap cleanup EXIT
# each run's own last line is `tab_p50_ms=… tab_p99_ms=…` (the slowest tab); this script's last line names the
# engine in each key
summary=()
run() { # engine url
  RUST_LOG=warn target/release/bench-creative-requests "$2" "$N" "$ROUNDS" >"$work/$1.out"
  cat "$work/$1.out"
  summary+=($(tail -n1 "$work/$1.out" | sed -E "s/(tab_p[0-9]+_ms)=/\1_$1=/g"))
}
echo "== sqlite =="
run sqlite "sqlite://$work/bench.db?mode=rwc"
pg_url=$(scripts/pg.sh start "$pgdir" 39433)
psql -q "$pg_url" -c "CREATE DATABASE bench"
echo "== postgres =="
run postgres "${pg_url%/*}/bench"
echo "creative_requests=$N ${summary[*]}"
