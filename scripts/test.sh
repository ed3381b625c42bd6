#!/usr/bin/env bash
# Quick start, part 2: install what is missing, build (default preset) and run the whole
# test suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-packages.sh
ucom_ensure_packages

run() { echo "+ $*"; "$@"; }
run cmake --preset default
run cmake --build --preset default
run ctest --preset default
