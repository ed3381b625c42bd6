#!/usr/bin/env bash
# Quick start, part 1: install what is missing, build (default preset), and run the main
# job: the IDL compiler on the example interfaces, the host tool's --version and --help,
# and a short tour of the object model.
set -euo pipefail
source "$(dirname "$0")/quickstart-env.sh"

run cmake --preset default
run cmake --build --preset default
run build/default/codegen/ucom-idl --emit header --emit json -o build/default/quickstart \
    examples/calculator/calculator.idl
run sed -n '/typedef struct ICalculatorVtbl/,/} ICalculatorVtbl;/p' build/default/quickstart/calculator.h
run build/default/tools/ucom/ucom --version
run build/default/tools/ucom/ucom --help
run build/default/tools/ucom/ucom guid new --format idl
run build/default/tools/ucom/ucom hresult 0x80004002
run build/default/examples/calculator/ucom-object-model-demo
