#!/usr/bin/env bash
# Installs every tool Collabdesk needs, pinned, idempotently (skips what is already there at the pinned version).
#   scripts/setup.sh         tools to build and run the app
#   scripts/setup.sh --test  also Debian's chromium, PostgreSQL and python3-aiosmtpd, and the Playwright package
# Only the package registries are reachable here: nothing is downloaded from anywhere else.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
SCHEMATHESIS_VERSION=4.32.5    # PyPI; the partner API's property-based tests (end2end/schemathesis.sh)
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# Unpacks a crate from the registry cache so it can be installed with an adjusted lockfile.
unpack_crate() { # name version dest
  local name=$1 version=$2 dest=$3
  cargo info "$name@$version" >/dev/null 2>&1 || true
  local file
  file=$(ls "$HOME"/.cargo/registry/cache/*/"$name-$version.crate" 2>/dev/null | head -n1)
  [ -n "$file" ] || { echo "could not fetch $name $version from crates.io" >&2; exit 1; }
  rm -rf "${dest:?}/$name-$version"
  tar xzf "$file" -C "$dest"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (no_downloads, unoptimised build profile)"
  src=$(mktemp -d)
  unpack_crate cargo-leptos "$CARGO_LEPTOS_VERSION" "$src"
  # Built without what `no_downloads` never runs: cargo-generate's git support (gix; only `cargo leptos new
  # --git` uses it, and cargo-generate supports building without it) and reqwest's TLS provider (aws-lc-sys,
  # a C library; reqwest only downloads tools). 624 instead of 730 locked crates; with it the cold CI's setup
  # took 6.5 min instead of about 11 (cargo-leptos itself 4 min 14 s).
  toml="$src/cargo-leptos-$CARGO_LEPTOS_VERSION/Cargo.toml"
  sed -i -e '/^\[dependencies.cargo-generate\]$/a default-features = false' \
    -e '/^\[dependencies.reqwest\]$/,/^\[/ s/^    "rustls",$/    "rustls-no-provider",/' "$toml"
  grep -A2 '^\[dependencies.cargo-generate\]$' "$toml" | grep -q 'default-features = false' \
    && grep -A8 '^\[dependencies.reqwest\]$' "$toml" | grep -q '"rustls-no-provider"' \
    || { echo "could not trim cargo-leptos $CARGO_LEPTOS_VERSION's dependencies" >&2; exit 1; }
  # Its lockfile pulls a cargo-util-schemas that needs a newer rustc: pin the last one that builds (this also
  # drops the trimmed dependencies from the lockfile; nothing else moves).
  (cd "$src/cargo-leptos-$CARGO_LEPTOS_VERSION" \
    && cargo update -p cargo-util-schemas --precise 0.14.1 \
    && CARGO_PROFILE_DEV_DEBUG=0 cargo install --path . --locked --features no_downloads --debug)
  rm -rf "$src"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (unoptimised build profile: 1.4 min instead of 2.5; it then takes 0.8 s instead of 0.2 s)"
  src=$(mktemp -d)
  unpack_crate wasm-bindgen-cli "$WASM_BINDGEN_VERSION" "$src"
  (cd "$src/wasm-bindgen-cli-$WASM_BINDGEN_VERSION" \
    && { cargo update -p webpki-roots@1.0.11 --precise 1.0.10 || true; } \
    && CARGO_PROFILE_DEV_DEBUG=0 cargo install --path . --locked --debug)
  rm -rf "$src"
fi

# tailwind 4 and wasm-opt (binaryen from npm: Debian's wasm-opt 108 breaks the release WASM).
if [ ! -x node_modules/.bin/tailwindcss ] || [ ! -x node_modules/.bin/wasm-opt ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing tailwind and binaryen from npm"
  # `npm install`, not `npm ci`: npm 11 refuses `ci` when the lockfile omits other platforms' optional
  # tailwind binaries. The lockfile still pins every version and is left unchanged.
  npm install --no-audit --no-fund
fi

if [ $want_test = 1 ]; then
  need_apt=()
  command -v chromium >/dev/null || need_apt+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
  # the local SMTP server the e-mail tests send through (a Maildir sink)
  /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || need_apt+=(python3-aiosmtpd)
  # the reverse proxy in front of two app instances (end2end/two_instances.sh)
  [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
  if [ ${#need_apt[@]} -gt 0 ]; then
    log "installing from Debian: ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] \
     || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    log "installing Playwright (the library only; the browser is Debian's chromium)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
  # in a virtual environment of its own, so nothing else's Python packages change
  st_dir="$HOME/.cache/collabdesk/schemathesis"
  if ! "$st_dir/bin/schemathesis" --version 2>/dev/null | grep -q "version $SCHEMATHESIS_VERSION\$"; then
    log "installing schemathesis $SCHEMATHESIS_VERSION from PyPI into $st_dir"
    rm -rf "$st_dir"
    python3 -m venv "$st_dir"
    "$st_dir/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
fi
log "tools ready"
