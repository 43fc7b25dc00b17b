#!/usr/bin/env bash
# Runs every test: installs what is missing, then the format check, unit tests, database and HTTP tests
# on SQLite AND on a real PostgreSQL server started here, a release build, the Playwright end-to-end suite in
# Debian's Chromium against the running app, schemathesis against its partner API, and two instances on one
# PostgreSQL behind nginx. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
started=$(date +%s)
# A one-off build: incremental caches only take disk (CI's disk is not large; see Cargo.toml [profile.dev]).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
step() { printf '\n\033[1;35m==> %s\033[0m\n' "$*"; }

step "setup: tools (pinned, installed only when missing)"
scripts/setup.sh --test

work=$(mktemp -d)
pgdir=$(mktemp -d)  # its own directory: the postgres user must be able to reach it
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  scripts/pg.sh stop "$pgdir" || true
  rm -rf "$work"
}
trap cleanup EXIT

step "cargo fmt --check"
cargo fmt --all -- --check

# Clippy lints while the code compiles for the tests and for the release build: clippy-driver is cargo's
# workspace wrapper (what `cargo clippy` does in check mode), so every dependency is not compiled twice more
# in check mode just to lint. Same lints and targets as `cargo clippy --all-targets -- -D warnings` for `ssr`
# (the tests build the library, the binaries and the test crate) and `--lib` for `hydrate` (the WASM build).
export CLIPPY_DRIVER CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
CLIPPY_DRIVER=$(rustup which clippy-driver)
lint_ssr() { RUSTC_WORKSPACE_WRAPPER="$CLIPPY_DRIVER" "$@"; }
lint_wasm() { RUSTC_WORKSPACE_WRAPPER="$PWD/scripts/clippy-wasm.sh" "$@"; }

# Tests run side by side, except the one that sets fail points: those are process-wide, so it runs alone.
FAILPOINTS_TEST=offers::a_crash_between_any_statements_of_a_send_leaves_all_or_nothing
# The hostile-input suite runs on its own too, printing its summary (cases run, functions called, statuses).
FUZZ_TEST=fuzz::hostile_input_never_breaks_anything

step "unit, database and HTTP tests on SQLite (clippy -D warnings, ssr, all targets, as they compile)"
TEST_DATABASE_URL="" lint_ssr cargo test --locked --features ssr -- --color=never --skip "$FAILPOINTS_TEST" --skip "$FUZZ_TEST" 2>&1 | tee -a "$work/tests-sqlite.log"
TEST_DATABASE_URL="" lint_ssr cargo test --locked --features ssr --test it -- --color=never --exact "$FAILPOINTS_TEST" 2>&1 | tee -a "$work/tests-sqlite.log"
TEST_DATABASE_URL="" lint_ssr cargo test --locked --features ssr --test it -- --color=never --exact "$FUZZ_TEST" --nocapture 2>&1 | tee -a "$work/tests-sqlite.log"

step "database and HTTP tests on PostgreSQL (a real server, started here)"
pg_port=$(( 20000 + RANDOM % 20000 ))
pg_url=$(scripts/pg.sh start "$pgdir" "$pg_port")
echo "PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -n1) listening on port $pg_port"
TEST_DATABASE_URL="$pg_url" lint_ssr cargo test --locked --features ssr --tests -- --color=never --skip "$FAILPOINTS_TEST" --skip "$FUZZ_TEST" 2>&1 | tee -a "$work/tests-postgres.log"
TEST_DATABASE_URL="$pg_url" lint_ssr cargo test --locked --features ssr --test it -- --color=never --exact "$FAILPOINTS_TEST" 2>&1 | tee -a "$work/tests-postgres.log"
TEST_DATABASE_URL="$pg_url" lint_ssr cargo test --locked --features ssr --test it -- --color=never --exact "$FUZZ_TEST" --nocapture 2>&1 | tee -a "$work/tests-postgres.log"

step "release build (server + WASM; clippy -D warnings on the hydrate lib as it compiles) for the end-to-end run"
lint_wasm cargo leptos build --release --precompress

# The app as its users run it (release build, SQLite, demo data), on a fresh database each time it starts.
start_app() { # name; sets $app_url and $server_pid
  local dir="$work/$1" port=$(( 40000 + RANDOM % 10000 ))
  mkdir -p "$dir"
  (
    export DATABASE_URL="sqlite://$dir/collabdesk.db?mode=rwc" COLLABDESK_DATA_DIR="$dir" \
      COLLABDESK_DEMO=true COLLABDESK_SIGN_IN_PER_MINUTE=1000 COLLABDESK_API_PER_MINUTE=1000000 \
      COLLABDESK_PARTNER_WEBHOOK_SECRET="whsec_$(head -c 24 /dev/urandom | base64)" \
      LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_OUTPUT_NAME=collabdesk \
      LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD RUST_LOG=warn
    exec target/release/collabdesk
  ) >"$dir/server.log" 2>&1 &
  server_pid=$!
  server_log="$dir/server.log"
  app_url="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    curl -fsS "$app_url/healthz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$server_log"; exit 1; }
    sleep 0.5
  done
  curl -fsS "$app_url/healthz"; echo
}
stop_app() { kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; server_pid=""; }

step "the partner API under schemathesis (property-based, every operation, a key of each kind; its own app)"
start_app schemathesis
bash end2end/schemathesis.sh "$app_url" | tee "$work/schemathesis.log" || { tail -50 "$server_log"; exit 1; }
stop_app

step "two instances on one PostgreSQL behind nginx (Debian's package): specs through the proxy, a shared sign-in budget"
bash end2end/two_instances.sh | tee "$work/two_instances.log"

step "end to end: Playwright in Chromium against the running app (SQLite, demo data)"
start_app e2e
(cd end2end && BASE_URL="$app_url" npx playwright test) | tee "$work/playwright.log" || { tail -50 "$server_log"; exit 1; }
stop_app

step "summary"
# what each runner reported above, added up
cargo_totals() { # engine: cargo's own "test result:" lines of that engine's runs, added up
  sed -n "s/^test result: [a-z]*\. \([0-9]*\) passed; \([0-9]*\) failed; \([0-9]*\) ignored.*/\1 \2 \3/p" \
    "$work/tests-$1.log" | awk -v e="$1" '{p+=$1; f+=$2; i+=$3} END {printf "cargo test (%s): %d passed; %d failed; %d ignored\n", e, p, f, i}'
}
cargo_totals sqlite
cargo_totals postgres
awk '/generated, .* passed/ {g+=$1} END {printf "schemathesis: %d cases passed (5 keys)\n", g}' "$work/schemathesis.log"
grep -E '^ +[0-9]+ passed' "$work/two_instances.log" | sed 's/^ */two instances behind nginx, playwright: /'
grep -E '^ +[0-9]+ passed' "$work/playwright.log" | sed 's/^ */playwright: /'
df -h . | tail -n1 | awk '{print "disk: " $3 " used, " $4 " free"}'
step "all tests passed in $(( $(date +%s) - started )) s"
