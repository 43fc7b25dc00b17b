#!/usr/bin/env bash
# Two instances of the app on one PostgreSQL, behind nginx (Debian's package, configured here), used as their
# users use them: the Playwright specs for signing in, inviting and accepting, offers, the creative-request
# review and live updates run through the proxy, which sends each request to either instance in turn (a page's
# live stream on one, the action it shows on the other). Then wrong passwords for one account go through the
# proxy until refused: the budget is the one both instances share. Fails if either instance served nothing.
#
#   end2end/two_instances.sh        (after the release build; scripts/test.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/collabdesk
[ -x "$bin" ] || { echo "build the release first: cargo leptos build --release --precompress" >&2; exit 1; }
work=$(mktemp -d)
pgdir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/pg.sh stop "$pgdir" || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

pg_url=$(scripts/pg.sh start "$pgdir" "$(free_port)")
psql -q "$pg_url" -c "CREATE DATABASE collabdesk"
db_url="${pg_url%/*}/collabdesk"
# what every instance behind one proxy shares: the database, the cookie's key, the partner's secret
session_secret=$(head -c 64 /dev/urandom | base64 -w0)
partner_secret="whsec_$(head -c 24 /dev/urandom | base64 -w0)"
per_minute=30

start_instance() { # name port
  mkdir -p "$work/$1"
  (
    export DATABASE_URL="$db_url" COLLABDESK_DATA_DIR="$work/$1" COLLABDESK_DEMO=true \
      COLLABDESK_SESSION_SECRET="$session_secret" COLLABDESK_PARTNER_WEBHOOK_SECRET="$partner_secret" \
      COLLABDESK_SIGN_IN_PER_MINUTE=$per_minute COLLABDESK_CLIENT_IP_SOURCE=XRealIp \
      LEPTOS_SITE_ADDR="127.0.0.1:$2" LEPTOS_OUTPUT_NAME=collabdesk LEPTOS_SITE_ROOT=target/site \
      LEPTOS_SITE_PKG_DIR=pkg LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD RUST_LOG=warn
    exec "$bin"
  ) >"$work/$1/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  cat "$work/$1/server.log"
  return 1
}
port_a=$(free_port)
start_instance a "$port_a"  # the first one seeds the demo data into the empty database
port_b=$(free_port)
start_instance b "$port_b"  # the second finds it there

proxy_port=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
  log_format upstream '\$request_method \$uri \$status \$upstream_addr';
  access_log $work/nginx/access.log upstream;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream collabdesk {
    server 127.0.0.1:$port_a;
    server 127.0.0.1:$port_b;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$proxy_port;
    client_max_body_size 2m;
    location / {
      proxy_pass http://collabdesk;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      # the client's address, for the rate limits (COLLABDESK_CLIENT_IP_SOURCE=XRealIp): set here, never
      # passed on from the client
      proxy_set_header X-Real-IP \$remote_addr;
      # the live stream (/events) leaves as it is written, and stays open
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
CONF
/usr/sbin/nginx -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' &
pids+=($!)
proxy="http://127.0.0.1:$proxy_port"
for _ in $(seq 1 40); do curl -fsS "$proxy/healthz" >/dev/null 2>&1 && break; sleep 0.25; done
echo "nginx $(/usr/sbin/nginx -v 2>&1 | sed 's/.*\///') on $proxy in front of 127.0.0.1:$port_a and 127.0.0.1:$port_b (PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -n1))"

failed=0
(cd end2end && BASE_URL="$proxy" npx playwright test tests/auth.spec.ts tests/invitations.spec.ts \
  tests/offers.spec.ts tests/creative-requests.spec.ts tests/live.spec.ts) || failed=1

# the sign-in budget (per account and address) is one, whichever instance a request reaches
codes=()
for _ in $(seq 0 "$per_minute"); do
  codes+=("$(curl -s -o "$work/last" -w '%{http_code}' -H "Origin: $proxy" -H 'Accept: application/json' \
    --data 'email=nobody%40two-instances.test&password=not-the-password' "$proxy/api/sign_in")")
done
refused_at=$(printf '%s\n' "${codes[@]}" | grep -n '^429$' | head -n1 | cut -d: -f1)
served_by=$(grep '^POST /api/sign_in ' "$work/nginx/access.log" | tail -n $((per_minute + 1)) \
  | awk '{print $4}' | sort -u | wc -l)
echo "wrong passwords through the proxy: ${codes[*]}"
if [ "${refused_at:-0}" = $((per_minute + 1)) ] && [ "$served_by" = 2 ] && grep -q "Too many sign-in attempts" "$work/last"; then
  echo "the sign-in budget held across both instances: attempt $refused_at of $((per_minute + 1)) refused, the attempts served by $served_by instances"
else
  echo "FAILED: the sign-in budget of $per_minute: first refusal at attempt ${refused_at:-none}, served by $served_by instances"
  failed=1
fi

requests=$(wc -l <"$work/nginx/access.log")
per_instance=$(awk '{print $4}' "$work/nginx/access.log" | sort | uniq -c | awk '{printf "%s%s requests on %s", sep, $1, $2; sep=", "}')
echo "through nginx: $requests requests ($per_instance)"
[ "$(awk '{print $4}' "$work/nginx/access.log" | sort -u | wc -l)" -ge 2 ] || { echo "FAILED: one instance served everything"; failed=1; }
if [ $failed = 1 ]; then
  for i in a b; do echo "--- instance $i ---"; tail -30 "$work/$i/server.log"; done
  echo "--- nginx ---"; tail -30 "$work/nginx/error.log"
fi
[ $failed = 0 ] && echo "two instances behind nginx: passed"
exit $failed
