#!/usr/bin/env bash
# fuzz/run.sh TARGET SECONDS [libFuzzer options...]
#
# Builds the libFuzzer harnesses into build-fuzz (clang-14, -DCANARY_FUZZ=ON,
# ASan + UBSan) and runs fuzz_TARGET under `nice -n 19` for SECONDS, starting
# from seeds taken from the repository's own test inputs. TARGET is one of:
#   zip_reader tar_reader pth decode dsl_parse dsl_check manifest config
#   dependency_files index_pages regex_runs statements
# The growing corpus is kept in build-fuzz/corpus/TARGET; a crash is written
# to build-fuzz/crashes/TARGET/ and the run stops with libFuzzer's report.
# Set CANARY_BUILD_LOCK=/path to serialise the build with other builds (flock).
# See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: fuzz/run.sh TARGET SECONDS [libFuzzer options...]" >&2
  exit 2
fi
target=$1
seconds=$2
shift 2

lock=()
if [ -n "${CANARY_BUILD_LOCK:-}" ]; then lock=(flock "$CANARY_BUILD_LOCK"); fi
if [ ! -f build-fuzz/CMakeCache.txt ]; then
  # shellcheck disable=SC2086
  CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCANARY_FUZZ=ON -DCANARY_BUILD_TESTS=OFF ${CANARY_CMAKE_ARGS:-}
fi
"${lock[@]}" cmake --build build-fuzz --target "fuzz_$target" corpus_artifacts
# CANARY_FUZZ_BUILD_ONLY=1: build and stop (fuzz/campaign.sh builds every
# target first so that the CPU time it measures is fuzzing only).
[ "${CANARY_FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

# Seeds: the inputs the tests and fixtures already use, copied (never the
# live malware of ../shared/corpus).
seeds=build-fuzz/seeds/$target
rm -rf "$seeds"
mkdir -p "$seeds" "build-fuzz/corpus/$target" "build-fuzz/crashes/$target"
copy() { for f in "$@"; do [ -f "$f" ] && cp -- "$f" "$seeds/$(echo "$f" | tr '/' '_')"; done; return 0; }
shopt -s nullglob globstar
case "$target" in
  zip_reader) copy build-fuzz/corpus/*.whl build-fuzz/corpus/*.zip fuzz/seeds/zip/* ;;
  tar_reader) copy build-fuzz/corpus/*.tar.gz build-fuzz/corpus/*.tar.* fuzz/seeds/tar/* ;;
  pth) copy rules/**/*.pth corpus/replicas/**/*.pth ;;
  decode) copy rules/obfuscation/*.py stdlib-rules/python.decode*.py stdlib-rules/python.xor*.py corpus/replicas/**/*.py ;;
  dsl_parse | dsl_check) copy rules/**/*.canary stdlib-rules/*.canary ;;
  manifest) copy rules/canary-pack.toml fuzz/seeds/manifest/* ;;
  config) copy fuzz/seeds/config/* ;;
  dependency_files)
    # The harness's first byte picks the format (0 requirements, 1 pyproject,
    # 2 poetry.lock, 3 uv.lock, 4 Pipfile.lock, 5 pylock): each seed is the
    # test file behind the byte that names its format.
    seed() { [ -f "$2" ] || return 0; { printf "\\$(printf %03o "$1")"; cat -- "$2"; } > "$seeds/$1_$(echo "$2" | tr '/' '_')"; }
    for f in tests/deps-files/requirements/**/*; do seed 0 "$f"; done
    for f in tests/deps-files/pyproject/*; do seed 1 "$f"; done
    for f in tests/deps-files/poetry/*; do seed 2 "$f"; done
    for f in tests/deps-files/uv/*; do seed 3 "$f"; done
    for f in tests/deps-files/pipenv/*; do seed 4 "$f"; done
    for f in tests/deps-files/pylock/*; do seed 5 "$f"; done
    ;;
  index_pages) copy fuzz/seeds/index_pages/* ;;
  regex_runs) copy fuzz/seeds/regex_runs/* ;;
  statements) copy corpus/replicas/**/*.py rules/**/*.py stdlib-rules/*.py fuzz/seeds/statements/* ;;
  *) echo "fuzz/run.sh: unknown target '$target'" >&2; exit 2 ;;
esac

# A unit slower than this is reported as a hang. dsl_check compiles every
# regex of a rule file with Hyperscan; a rule file of the default pack with
# bounded repeats (rules/obfuscation/dense_code.canary) takes 7 s of CPU under
# ASan, and minutes of wall time at nice 19 on a busy machine.
timeout=30
[ "$target" = dsl_check ] && timeout=300

# The leaks of third-party libraries that CI suppresses (.ci/lsan.supp, each
# with its reason) are suppressed here too: tree-sitter 0.20.7 leaks a few
# bytes inside ts_query_new whenever it rejects a query, which dsl_check
# feeds it by the thousand, and libFuzzer would stop at the first.
export LSAN_OPTIONS="suppressions=$PWD/.ci/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

exec nice -n 19 "build-fuzz/fuzz/fuzz_$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout="$timeout" \
  -max_len=262144 -artifact_prefix="build-fuzz/crashes/$target/" -print_final_stats=1 "$@" \
  "build-fuzz/corpus/$target" "$seeds"
