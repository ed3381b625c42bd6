#!/usr/bin/env bash
# Quick start, part 1: install what is missing, build (default preset), and run the main
# job: register the sample components into a registry file in the build folder, list,
# show, query and verify them with the host tool, and run the plugin pipeline on a text.
set -euo pipefail
source "$(dirname "$0")/quickstart-env.sh"

run cmake --preset default
run cmake --build --preset default

ucom=build/default/tools/ucom/ucom
registry=build/default/registry.toml
run rm -f "$registry"
run "$ucom" register --registry "$registry" build/default/components/hello/libucom_hello.so \
    build/default/components/pipeline/libucom_pipeline_text_source.so \
    build/default/components/pipeline/libucom_pipeline_tokenizer.so \
    build/default/components/pipeline/libucom_pipeline_word_stats.so
run "$ucom" list --registry "$registry"
run "$ucom" show Ucom.Hello --registry "$registry"
run "$ucom" query Ucom.Hello --registry "$registry"
run "$ucom" query Ucom.Pipeline.Tokenizer --trace --registry "$registry"
run "$ucom" verify --registry "$registry"
run build/default/components/hello/hello-host "$registry"
run build/default/components/pipeline/ucom-wordstats --registry "$registry" --top 5 components/pipeline/sample.txt
