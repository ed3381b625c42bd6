#!/bin/sh
# Builds a compatibility fixture (tests/compat, docs/building.md): the plugin of
# FIXTURE_DIR/compat_fixture.idl and compat_fixture_plugin.cpp, with the ucom-idl and
# libucom of BUILD_DIR (a build of the default preset of this tree), and the registry file
# `ucom register` writes for it, beside it. The plugin is built as a third party would build
# it: no sanitizers, no debug info, only its entry points exported, no RUNPATH.
#   tests/compat/build_fixture.sh BUILD_DIR FIXTURE_DIR
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 BUILD_DIR FIXTURE_DIR" >&2
    exit 2
fi
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
fixture=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
set -x
"$build/codegen/ucom-idl" -o "$work" --emit header --emit impl --emit descriptor "$fixture/compat_fixture.idl"
flags="-O2 -fPIC -fvisibility=hidden -Wall -Wextra -Werror -I$work -I$source_dir/runtime/include -I$build/runtime/ucom_abi.idl"
g++ -std=c++17 -fvisibility-inlines-hidden $flags -c "$fixture/compat_fixture_plugin.cpp" -o "$work/plugin.o"
gcc -std=c99 $flags -c "$work/compat_fixture_descriptor.c" -o "$work/descriptor.o"
g++ -shared -s -Wl,--gc-sections -Wl,--as-needed -o "$fixture/libucom_compat_fixture.so" \
    "$work/plugin.o" "$work/descriptor.o" -L"$build/runtime" -lucom
rm -f "$fixture/registry.toml" "$fixture/registry.toml.index" "$fixture/registry.toml.lock"
# LD_LIBRARY_PATH: register checks that ld.so would find the plugin's libucom.so.0, which it
# does in a host (already loaded) but not in a new process without it.
LD_LIBRARY_PATH="$build/runtime" \
    "$build/tools/ucom/ucom" register --registry "$fixture/registry.toml" "$fixture/libucom_compat_fixture.so"
# The index and the lock file are the writer's, not part of what is checked in: the index
# records the file's inode, so a checked-out copy is always stale (and hosts bypass it).
rm -f "$fixture/registry.toml.index" "$fixture/registry.toml.lock"
