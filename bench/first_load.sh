#!/usr/bin/env bash
# First-load weight and time to interactive per route on emulated slow 4G (see first_load.cjs), against the
# release build with demo data on a fresh SQLite database. Prints figures; asserts nothing.
#   bench/first_load.sh            (CPU=4 bench/first_load.sh also slows the CPU four times)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/serve.sh
node bench/first_load.cjs "$base"
