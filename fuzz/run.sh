#!/usr/bin/env bash
# fuzz/run.sh TARGET SECONDS [libFuzzer options...]
#
# Builds the libFuzzer harnesses into build-fuzz (clang-14, -DCANARY_FUZZ=ON,
# ASan + UBSan) and runs fuzz_TARGET under `nice -n 19` for SECONDS, starting
# from seeds taken from the repository's own test inputs. TARGET is one of:
#   zip_reader tar_reader pth decode dsl_parse dsl_check manifest config
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
  *) echo "fuzz/run.sh: unknown target '$target'" >&2; exit 2 ;;
esac

exec nice -n 19 "build-fuzz/fuzz/fuzz_$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 \
  -max_len=262144 -artifact_prefix="build-fuzz/crashes/$target/" -print_final_stats=1 "$@" \
  "build-fuzz/corpus/$target" "$seeds"
