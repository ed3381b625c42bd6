#!/usr/bin/env bash
# Quick start, part 2: install what is missing, build (default preset) and run the whole
# test suite with ctest.
set -euo pipefail
source "$(dirname "$0")/quickstart-env.sh"

run cmake --preset default
run cmake --build --preset default
run ctest --preset default
