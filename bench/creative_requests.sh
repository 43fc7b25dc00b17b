#!/usr/bin/env bash
# Creative request tabs with N requests (default 100,000) on SQLite and on PostgreSQL: each tab of /requests
# and /response loaded with its counts through the real router, against the same SQL run directly (p50/p99
# over ROUNDS loads, default 200). Prints figures; asserts nothing.
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
echo "== sqlite =="
RUST_LOG=warn target/release/bench-creative-requests "sqlite://$work/bench.db?mode=rwc" "$N" "$ROUNDS"
pg_url=$(scripts/pg.sh start "$pgdir" 39433)
psql -q "$pg_url" -c "CREATE DATABASE bench"
echo "== postgres =="
RUST_LOG=warn target/release/bench-creative-requests "${pg_url%/*}/bench" "$N" "$ROUNDS"
