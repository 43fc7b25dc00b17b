#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile preset: simulated slow 4G, 4x CPU) with Debian's chromium on /signin and on the
# creator's /my-campaigns (signed in), against the release build with demo data. Prints the performance,
# accessibility and best-practices scores and the main timings of each. Asserts nothing.
#   bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
LIGHTHOUSE_VERSION=12.2.3
source bench/serve.sh
if [ "$(node -p 'require("./bench/node_modules/lighthouse/package.json").version' 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
  npm i -E "lighthouse@$LIGHTHOUSE_VERSION" --prefix bench --no-audit --no-fund >/dev/null
fi
cookie=$(curl -s -D - -o /dev/null -H "Origin: $base" -H "Accept: application/json" \
  --data "email=creator@demo.test&password=collabdesk-demo" "$base/api/sign_in" \
  | awk -F'[: ;]+' 'tolower($1)=="set-cookie" && $2 ~ /^collabdesk_session=/ {print $2; exit}')
run() { # label url [extra headers json]
  local label=$1 url=$2 headers=${3:-}
  local args=(--quiet --output=json --output-path="$work/$label.json"
    --only-categories=performance,accessibility,best-practices
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic")
  [ -n "$headers" ] && args+=(--extra-headers="$headers")
  CHROME_PATH=/usr/bin/chromium bench/node_modules/.bin/lighthouse "$url" "${args[@]}" || true
  node -e '
    const r = require(process.argv[1]);
    const c = r.categories, a = r.audits;
    const s = (k) => (c[k] ? c[k].score : NaN);
    const ms = (k) => (a[k] ? (a[k].numericValue / 1000).toFixed(2) + " s" : "-");
    console.log(`${process.argv[2].padEnd(14)} performance ${s("performance")}  accessibility ${s("accessibility")}  best practices ${s("best-practices")}  FCP ${ms("first-contentful-paint")}  LCP ${ms("largest-contentful-paint")}  TBT ${ms("total-blocking-time")}  TTI ${ms("interactive")}`);
  ' "$work/$label.json" "$label"
}
run signin "$base/signin"
run my-campaigns "$base/my-campaigns" "{\"Cookie\":\"collabdesk_session=$cookie\"}"
