#!/usr/bin/env bash
# Sourced by the quick-start scripts and CI: moves to the project folder, installs the
# Debian 12 packages the build needs that are missing (saying exactly what it runs, or
# stopping with the list when it cannot), and defines `run`, which echoes each command.
UCOM_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libfmt-dev libexpected-dev libcli11-dev   # runtime and host tool
  libmsgsl-dev nlohmann-json3-dev libxxhash-dev   # the IDL compiler
  libelf-dev                                # reading plugin descriptors without loading them
  libtomlplusplus-dev                       # the registry file
  libc++-14-dev libc++abi-14-dev            # headers checked and plugins built against libc++ too
  catch2 libbenchmark-dev clang-14          # tests, benchmarks, the clang preset and header checks
  strace                                    # a registry writer killed at an exact system call
  rustc cargo                               # the Rust projection's crate, plugin and host (Debian's 1.63)
  python3                                   # the MIDL corpus comparison (tests/codegen/midl_corpus)
)

ucom_ensure_packages() {
  local missing=() pkg
  for pkg in "${UCOM_PACKAGES[@]}" "$@"; do
    if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "ucom: missing Debian packages: ${missing[*]}" >&2
    echo "ucom: install them as root: apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "+ apt-get update"
  apt-get update -q || { echo "ucom: 'apt-get update' failed; missing: ${missing[*]}" >&2; return 1; }
  echo "+ apt-get install -y --no-install-recommends ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" || {
    echo "ucom: could not install: ${missing[*]}" >&2
    return 1
  }
}

run() {
  echo "+ $*"
  "$@"
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ucom_ensure_packages
