#!/usr/bin/env bash
# The README's second command: build (if needed) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
./build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
