#!/usr/bin/env bash
# fuzz/campaign.sh SECONDS [TARGET...]
#
# Runs fuzz/run.sh for each TARGET (default: every harness) one after the
# other, SECONDS each, and prints one Markdown table row per target: wall
# time, CPU time (user + system of the fuzzing process, measured, not
# assumed), executions, coverage, corpus size and whether a crash was
# written. One process at a time, so a campaign uses one core and its
# CPU-hours are the sum of the CPU column. Logs go to build-fuzz/logs/.
# See docs/fuzzing.md.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: fuzz/campaign.sh SECONDS [TARGET...]" >&2
  exit 2
fi
seconds=$1
shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(zip_reader tar_reader pth decode dsl_parse dsl_check manifest config
  dependency_files index_pages regex_runs statements)

for t in "${targets[@]}"; do
  CANARY_FUZZ_BUILD_ONLY=1 fuzz/run.sh "$t" 0 >/dev/null || { echo "fuzz/campaign.sh: building fuzz_$t failed" >&2; exit 1; }
done
mkdir -p build-fuzz/logs
echo "| target | wall | CPU (user + system) | executions | cov / ft | corpus | found |"
echo "|---|---|---|---|---|---|---|"
total_cpu=0
for t in "${targets[@]}"; do
  log=build-fuzz/logs/$t.log
  crashes_before=$(find "build-fuzz/crashes/$t" -type f 2>/dev/null | wc -l)
  start=$(date +%s)
  /usr/bin/time -f "CAMPAIGN_CPU %U %S" -o "build-fuzz/logs/$t.time" fuzz/run.sh "$t" "$seconds" >"$log" 2>&1
  status=$?
  wall=$(($(date +%s) - start))
  read -r _ user sys < <(grep CAMPAIGN_CPU "build-fuzz/logs/$t.time" || echo "x 0 0")
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f", u + s }')
  total_cpu=$((total_cpu + cpu))
  # libFuzzer's last status line: "#N  DONE  cov: C ft: F corp: K/..." (or
  # the last pulse before a crash).
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
  [ -z "$execs" ] && execs=$(echo "$last" | grep -oE '^#[0-9]+' | tr -d '#')
  cov=$(echo "$last" | grep -oE 'cov: [0-9]+' | grep -oE '[0-9]+')
  ft=$(echo "$last" | grep -oE 'ft: [0-9]+' | grep -oE '[0-9]+')
  corp=$(find "build-fuzz/corpus/$t" -type f | wc -l)
  crashes_after=$(find "build-fuzz/crashes/$t" -type f 2>/dev/null | wc -l)
  found="nothing"
  if [ "$crashes_after" -gt "$crashes_before" ]; then
    found="**$((crashes_after - crashes_before)) new file(s) in build-fuzz/crashes/$t** (see $log)"
  elif [ "$status" -ne 0 ]; then
    found="**exit $status** (see $log)"
  fi
  echo "| \`$t\` | ${wall} s | ${cpu} s | ${execs:-?} | ${cov:-?} / ${ft:-?} | $corp | $found |"
done
echo
awk -v c="$total_cpu" 'BEGIN { printf "CPU in all: %d s = %.2f CPU-hours\n", c, c / 3600 }'
