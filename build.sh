#!/usr/bin/env bash
# Configures (once) and builds canary in ./build. Extra CMake options may be
# passed in CANARY_CMAKE_ARGS, e.g. CANARY_CMAKE_ARGS="-DCANARY_WERROR=ON".
set -euo pipefail
cd "$(dirname "$0")"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f build/CMakeCache.txt ]; then
  # shellcheck disable=SC2086
  cmake -S . -B build "${generator[@]}" ${CANARY_CMAKE_ARGS:-}
elif [ -n "${CANARY_CMAKE_ARGS:-}" ]; then
  # shellcheck disable=SC2086
  cmake -S . -B build ${CANARY_CMAKE_ARGS}
fi
cmake --build build --parallel "$(nproc)"
