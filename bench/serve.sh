# Sourced by the benchmarks: builds the release (precompressed, hashed assets) and serves it with demo data on a
# fresh SQLite database at $base until the script exits.
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh --test >/dev/null
cargo leptos build --release --precompress >/dev/null 2>&1
work=$(mktemp -d); pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(( 41000 + RANDOM % 2000 ))
base="http://127.0.0.1:$port"
DATABASE_URL="sqlite://$work/collabdesk.db?mode=rwc" COLLABDESK_DATA_DIR="$work" COLLABDESK_DEMO=true \
  COLLABDESK_SIGN_IN_PER_MINUTE=1000 LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_OUTPUT_NAME=collabdesk \
  LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD RUST_LOG=warn \
  target/release/collabdesk >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
