#!/usr/bin/env bash
# The creator's invitation list with 1,000,000 invitations in the database, on SQLite and on PostgreSQL:
# the server function and the server-rendered page through the real app, the same SQL run directly, and a
# static axum response — throughput and p50/p99 latency at 50 connections (wrk, 10 s each). Prints figures;
# asserts nothing; the last line is key=value (list_ratio_<engine>: the server function's req/s ÷ the direct
# SQL's). Usage: bench/invitations.sh [N]   (N invitations, default 1000000; SKIP_BUILD=1 skips the build)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
N=${1:-1000000}
scripts/setup.sh --test
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ -z "${SKIP_BUILD:-}" ]; then  # SKIP_BUILD=1: measure the binaries already built
  cargo leptos build --release --precompress >/dev/null 2>&1
  cargo build --release --features ssr --bin bench-invitations 2>&1 | tail -1
fi
work=$(mktemp -d); pgdir=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; scripts/pg.sh stop "$pgdir"; rm -rf "$work"; }
trap cleanup EXIT

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = ""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Cookie"] = os.getenv("COOKIE")
LUA

summary=()
measure() { # label url [wrk args…]; sets $rps
  local label=$1 url=$2; shift 2
  local out; out=$(wrk -t2 -c50 -d10s --latency "$@" "$url")
  local p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '  %-34s %10s req/s   p50 %8s   p99 %8s\n' "$label" "$rps" "$p50" "$p99"
}

target/release/bench-invitations static 127.0.0.1:39999 & pids+=($!)
pg_url=$(scripts/pg.sh start "$pgdir" 39432)
for engine in sqlite postgres; do
  if [ $engine = sqlite ]; then url="sqlite://$work/bench.db?mode=rwc"; else
    psql -q "$pg_url" -c "CREATE DATABASE bench"; url="${pg_url%/*}/bench"; fi
  echo "== $engine =="
  target/release/bench-invitations seed "$url" "$N"
  port=$([ $engine = sqlite ] && echo 39100 || echo 39200)
  DATABASE_URL="$url" COLLABDESK_DATA_DIR="$work" COLLABDESK_SIGN_IN_PER_MINUTE=1000 RUST_LOG=warn \
    LEPTOS_SITE_ADDR=127.0.0.1:$port LEPTOS_OUTPUT_NAME=collabdesk LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
    target/release/collabdesk & pids+=($!)
  for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  cookie=$(curl -s -D - -o /dev/null -H "Origin: http://127.0.0.1:$port" -H "Accept: application/json" \
    --data "email=bench-creator@bench.test&password=bench-password-1" "http://127.0.0.1:$port/api/sign_in" \
    | awk -F'[: ;]+' 'tolower($1)=="set-cookie" && $2 ~ /^collabdesk_session=/ {print $2; exit}')
  [ -n "$cookie" ] || { echo "could not sign in"; exit 1; }
  export COOKIE=$cookie
  measure "server function my_invitations" "http://127.0.0.1:$port/api/my_invitations" -s "$work/post.lua"
  function_rps=$rps
  measure "SSR page /my-campaigns" "http://127.0.0.1:$port/my-campaigns" -H "Cookie: $cookie" -H "Accept: text/html"
  direct=$(target/release/bench-invitations sql "$url")
  printf '  %s\n' "$direct"
  direct_rps=$(sed -E 's/^direct SQL: ([0-9.]+) req\/s.*/\1/' <<<"$direct")
  summary+=("list_ratio_$engine=$(awk -v f="$function_rps" -v d="$direct_rps" 'BEGIN { printf "%.2f", f / d }')")
  measure "static axum response" "http://127.0.0.1:39999/"
done
echo "invitations=$N ${summary[*]}"
