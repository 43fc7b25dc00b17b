#!/usr/bin/env bash
# The Analytics page of a business with 1,000,000 invitations (100 campaigns, 12 weeks, every outcome, an
# application per acceptance, 20,000 offers), on SQLite and on PostgreSQL: the page rendered by the real app
# one request at a time (wrk, 1 connection, 10 s) and the analytics read directly. Prints figures, the last line
# as key=value; asserts nothing.
# Usage: bench/analytics.sh [N]   (N invitations, default 1000000; SKIP_BUILD=1 skips the build)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
N=${1:-1000000}
scripts/setup.sh --test
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ -z "${SKIP_BUILD:-}" ]; then
  cargo leptos build --release --precompress >/dev/null 2>&1
  cargo build --release --features ssr --bin bench-analytics 2>&1 | tail -1
fi
work=$(mktemp -d); pgdir=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; scripts/pg.sh stop "$pgdir"; rm -rf "$work"; }
trap cleanup EXIT

pg_url=$(scripts/pg.sh start "$pgdir" 39433)
summary=()
for engine in sqlite postgres; do
  if [ $engine = sqlite ]; then url="sqlite://$work/bench.db?mode=rwc"; else
    psql -q "$pg_url" -c "CREATE DATABASE bench"; url="${pg_url%/*}/bench"; fi
  echo "== $engine =="
  target/release/bench-analytics seed "$url" "$N"
  port=$([ $engine = sqlite ] && echo 39300 || echo 39400)
  DATABASE_URL="$url" COLLABDESK_DATA_DIR="$work" COLLABDESK_SIGN_IN_PER_MINUTE=1000 RUST_LOG=warn \
    LEPTOS_SITE_ADDR=127.0.0.1:$port LEPTOS_OUTPUT_NAME=collabdesk LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
    target/release/collabdesk & pids+=($!)
  for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  cookie=$(curl -s -D - -o /dev/null -H "Origin: http://127.0.0.1:$port" -H "Accept: application/json" \
    --data "email=bench-business@bench.test&password=bench-password-1" "http://127.0.0.1:$port/api/sign_in" \
    | awk -F'[: ;]+' 'tolower($1)=="set-cookie" && $2 ~ /^collabdesk_session=/ {print $2; exit}')
  [ -n "$cookie" ] || { echo "could not sign in"; exit 1; }
  bytes=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/analytics" | tee "$work/page.html" | wc -c)
  grep -q 'data-testid="funnel-table"' "$work/page.html" || { echo "the page did not render its analytics"; exit 1; }
  out=$(wrk -t1 -c1 -d10s --latency -H "Cookie: $cookie" -H "Accept: text/html" "http://127.0.0.1:$port/analytics")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  printf '  %-34s p50 %8s   p99 %8s   %s req/s   (%s bytes of HTML)\n' "page /analytics, one at a time" "$p50" "$p99" "$rps" "$bytes"
  printf '  %s\n' "$(target/release/bench-analytics sql "$url")"
  ms() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 } printf "%.1f", v }' <<<"$1"; }
  summary+=("analytics_p50_ms_$engine=$(ms "$p50")" "analytics_p99_ms_$engine=$(ms "$p99")")
  kill "${pids[-1]}"
done
echo "invitations=$N ${summary[*]}"
