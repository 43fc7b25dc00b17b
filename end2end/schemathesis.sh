#!/usr/bin/env bash
# Property-based tests of the partner API by a tool we did not write: schemathesis (PyPI, pinned, installed by
# scripts/setup.sh --test) reads /api/v1/openapi.json from the running app and calls every operation with
# generated input, once with a key of each kind (partner, business, advertiser, publisher, admin; made on the
# app as its users make them: end2end/api_keys.py). Checks: no 5xx; every status, content type, header and body
# as the document says; a request without the key refused (ignored_auth); a missing required header and
# schema-invalid input refused with a 4xx. Prints each run's summary; fails if any run finds a failure.
#
#   end2end/schemathesis.sh http://127.0.0.1:3000
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:?give the base URL of the running app}"
st="${SCHEMATHESIS:-$HOME/.cache/collabdesk/schemathesis/bin/schemathesis}"
examples="${SCHEMATHESIS_EXAMPLES:-50}"
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance
checks=$checks,response_schema_conformance,negative_data_rejection,missing_required_header,ignored_auth

keys=$(python3 end2end/api_keys.py "$base")
failed=0
for role in partner business advertiser publisher admin; do
  key=$(printf '%s\n' "$keys" | sed -n "s/^$role=//p")
  printf '\n\033[1;35m--- schemathesis with a %s key (%s examples per operation) ---\033[0m\n' "$role" "$examples"
  out=$(mktemp)
  # the partner's signed answers take no key: exercised once, with the partner key's run
  exclude=()
  [ "$role" = partner ] || exclude=(--exclude-path /webhooks/partner/events)
  if "$st" run "$base/api/v1/openapi.json" --url "$base" -H "Authorization: Bearer $key" \
      --checks "$checks" -n "$examples" --seed 20261202 --no-color --workers 1 \
      --generation-database none "${exclude[@]}" >"$out" 2>&1; then
    status=passed
  else
    status=FAILED
    failed=1
  fi
  if [ "$status" = FAILED ]; then cat "$out"; else sed -n '/= SUMMARY =/,$p' "$out"; fi
  echo "schemathesis ($role key): $status"
  rm -f "$out"
done
exit "$failed"
