#!/usr/bin/env bash
# Instructions per operation of each row of ucom_compare_bench, counted by callgrind:
# every benchmark runs N and then 2N iterations in its own process under
# `valgrind --tool=callgrind`, and (I(2N) - I(N)) / N is its loop's instructions per
# iteration, with everything done once (start-up, set-up, the report) cancelled out; the
# empty loop's count is subtracted from each. Writes "name count" lines to FILE (default:
# stdout), which `ucom_compare_bench --compare_instructions=FILE` prints beside the times.
#   scripts/bench-instructions.sh BENCH_BINARY [FILE]
set -euo pipefail
bench=${1:?usage: bench-instructions.sh BENCH_BINARY [FILE]}
out=${2:-/dev/stdout}
iterations=${UCOM_BENCH_CALLGRIND_ITERATIONS:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The instructions callgrind counted in one run of one benchmark.
count() { # name iterations
  valgrind --tool=callgrind --callgrind-out-file="$work/out" "$bench" --benchmark_filter="^$1(/|\$)" \
    --compare_iterations="$2" >/dev/null 2>"$work/log" || { cat "$work/log" >&2; return 1; }
  awk '/^totals:/ { print $2 }' "$work/out"
}

# The benchmarks' names, as Google Benchmark lists them (the lines before the empty table).
names=$("$bench" --benchmark_list_tests=true 2>/dev/null | awk 'NF == 0 { exit } { print }')
per_iteration() { # name
  local once twice
  once=$(count "$1" "$iterations")
  twice=$(count "$1" $((2 * iterations)))
  awk -v a="$once" -v b="$twice" -v n="$iterations" 'BEGIN { printf "%.2f", (b - a) / n }'
}
empty=$(per_iteration empty_loop)
echo "empty loop: $empty instructions an iteration" >&2
for name in $names; do
  [ "$name" = empty_loop ] && continue
  line=$(awk -v name="$name" -v loop="$(per_iteration "$name")" -v empty="$empty" \
    'BEGIN { printf "%s %.1f", name, loop - empty }')
  echo "$line"
  echo "$line" >&2 # progress
done >"$out"
