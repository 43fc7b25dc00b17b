#!/usr/bin/env bash
# Cargo's RUSTC_WORKSPACE_WRAPPER for the release build in scripts/test.sh: the browser half (wasm32, `hydrate`)
# is compiled by clippy-driver, so clippy lints it (CLIPPY_ARGS, -D warnings) while it builds; the server half
# is compiled by rustc as usual (it was linted when the tests compiled).
# Cargo calls it as: clippy-wasm.sh <path to rustc> <rustc arguments…>
for arg in "$@"; do
  case $arg in
    wasm32-unknown-unknown | --target=wasm32-unknown-unknown) exec "${CLIPPY_DRIVER:?}" "$@" ;;
  esac
done
exec "$@"
