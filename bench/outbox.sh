#!/usr/bin/env bash
# Webhook deliveries per second from the outbox to a local receiver, and the same with 30 % of attempts failing,
# with the time until the outbox is empty, on SQLite and on PostgreSQL. Prints figures; asserts nothing.
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
echo "== sqlite =="
RUST_LOG=warn target/release/bench-outbox "sqlite://$work/bench.db?mode=rwc" "$N"
pg_url=$(scripts/pg.sh start "$pgdir" 39434)
psql -q "$pg_url" -c "CREATE DATABASE bench"
echo "== postgres =="
RUST_LOG=warn target/release/bench-outbox "${pg_url%/*}/bench" "$N"
