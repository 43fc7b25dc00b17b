#!/usr/bin/env bash
# Webhook deliveries per second from the outbox to a local receiver, and the same with 30 % of attempts failing,
# with the time until the outbox is empty, on SQLite and on PostgreSQL. Prints figures, the last line as key=value
# pairs (outbox_per_s_sqlite, outbox_failing_per_s_sqlite, …); asserts nothing.
# Usage: bench/outbox.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
N=${1:-20000}
scripts/setup.sh --test
cargo build --release --features ssr --bin bench-outbox 2>&1 | tail -1
work=$(mktemp -d); pgdir=$(mktemp -d)
cleanup() { scripts/pg.sh stop "$pgdir" || true; rm -rf "$work"; }
trap cleanup EXIT
# each run's own last line is `outbox_per_s=… outbox_failing_per_s=…`; this script's last line names the engine
# in each key
summary=()
run() { # engine url
  RUST_LOG=warn target/release/bench-outbox "$2" "$N" >"$work/$1.out"
  cat "$work/$1.out"
  summary+=($(tail -n1 "$work/$1.out" | sed -E "s/(outbox[a-z_]*_per_s)=/\1_$1=/g"))
}
echo "== sqlite =="
run sqlite "sqlite://$work/bench.db?mode=rwc"
pg_url=$(scripts/pg.sh start "$pgdir" 39434)
psql -q "$pg_url" -c "CREATE DATABASE bench"
echo "== postgres =="
run postgres "${pg_url%/*}/bench"
echo "outbox=$N ${summary[*]}"
