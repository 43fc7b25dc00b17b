#!/usr/bin/env bash
# Installs what is missing, builds (release), and serves Collabdesk at http://127.0.0.1:3000 on SQLite with
# demo data. Settings come from the environment (see .env.example); the defaults suit a first look.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
export COLLABDESK_DEMO="${COLLABDESK_DEMO:-true}"
export DATABASE_URL="${DATABASE_URL:-sqlite://data/collabdesk.db?mode=rwc}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
echo "[run] building and serving Collabdesk at http://$LEPTOS_SITE_ADDR (database: ${DATABASE_URL%%\?*})"
exec cargo leptos serve --release --precompress
