#!/usr/bin/env bash
# The performance table of docs/performance.md: installs what is missing (the build's
# Debian packages, the peers' and valgrind), builds the benchmarks in Release in their own
# folder (build/bench), counts each row's instructions under callgrind, then runs
# ucom_compare_bench and prints one table: ucom, its peers and baselines in the same run,
# their times, instructions per operation and the ratios.
#   scripts/bench.sh [--no-instructions] [Google Benchmark flags, e.g. --benchmark_repetitions=15]
set -euo pipefail
source "$(dirname "$0")/quickstart-env.sh" # moves to the project folder
ucom_ensure_packages qtbase5-dev libboost-dev libboost-filesystem-dev libreoffice-dev valgrind

instructions=yes
if [ "${1:-}" = --no-instructions ]; then
  instructions=no
  shift
fi

# Warnings stay warnings here: at -O3 GCC 12 reports a false -Wrestrict inside libstdc++'s
# std::string (GCC bug 105329) in atomic_file.cpp; the presets (-O2) build with -Werror.
build=build/bench
run cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DUCOM_WARNINGS_AS_ERRORS=OFF \
  -DUCOM_BUILD_TESTS=OFF -DUCOM_BUILD_EXAMPLES=OFF -DUCOM_BUILD_BENCHMARKS=ON
run cmake --build "$build" --target ucom_compare_bench
bench="$build/bench/ucom_compare_bench"

counts=()
if [ "$instructions" = yes ]; then
  run scripts/bench-instructions.sh "$bench" "$build/instructions.txt"
  counts=(--compare_instructions="$build/instructions.txt")
fi
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, Linux $(uname -r)"
run "$bench" --benchmark_min_time=0.2 "${counts[@]}" "$@"
