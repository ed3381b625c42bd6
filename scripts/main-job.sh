#!/usr/bin/env bash
# Quick start, part 1: install what is missing, build (default preset), and run the main
# job: register the sample components into a registry file in the build folder, list,
# show, query and verify them with the host tool, and run the plugin pipeline on a text;
# then the same tutorial component written in Rust, built with cargo (docs/rust.md).
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

# The Rust plugin, from the same IDL: built by cargo against this build's ucom-idl and
# libucom, registered beside the C++ one, and called by the C++ host.
export UCOM_IDL="$PWD/build/default/codegen/ucom-idl" UCOM_LIB_DIR="$PWD/build/default/runtime"
run cargo build --offline --quiet --manifest-path components/hello_rust/Cargo.toml --target-dir build/default/rust
run rm -f components/hello_rust/Cargo.lock
run "$ucom" register --registry "$registry" build/default/rust/debug/libucom_hello_rust.so
run "$ucom" query Ucom.Hello.Rust --registry "$registry"
run build/default/components/hello/hello-host "$registry" Ucom.Hello.Rust world
