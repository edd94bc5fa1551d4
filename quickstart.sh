#!/usr/bin/env bash
# The README's first command: install dependencies, build, and scan the bundled
# replica of the compromised LiteLLM 1.82.8 wheel with the default rule pack.
set -euo pipefail
cd "$(dirname "$0")"
./install-deps.sh
./build.sh
echo
echo "== canary scan build/corpus/litellm-1.82.8-py3-none-any.whl (an inert replica of the March 2026 attack)"
# --fail-on none: here the MALICIOUS verdict is the expected result, not a failure.
./build/canary scan --fail-on none build/corpus/litellm-1.82.8-py3-none-any.whl
