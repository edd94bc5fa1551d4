#!/usr/bin/env bash
# The whole test suite again, built with AddressSanitizer + UBSan into
# build-asan (CANARY_SANITIZE, cmake/Sanitize.cmake). The CLI tests run the
# sanitized canary of that tree (CANARY_BINARY is the tree's own binary), so
# every scan they make is checked too. Any report aborts its test.
# Extra CMake options may be passed in CANARY_CMAKE_ARGS (e.g. a ccache launcher).
set -euo pipefail
cd "$(dirname "$0")/.."
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# shellcheck disable=SC2086
# -g1: line tables and function names, all a sanitizer report's stack needs,
# at a fraction of full debug info's compile and link time.
cmake -S . -B build-asan "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCANARY_SANITIZE=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  -DCANARY_WERROR=ON -DCANARY_TEST_TIMEOUT=1500 ${CANARY_CMAKE_ARGS:-}
cmake --build build-asan --parallel "$(nproc)"
# detect_leaks: a leak is a bug like any other. halt_on_error is implied by
# -fno-sanitize-recover=all for UBSan and is ASan's default.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Leaks inside third-party libraries only, each with its reason.
export LSAN_OPTIONS="suppressions=$PWD/.ci/lsan.supp:print_suppressions=0"
ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" "$@"
