#!/usr/bin/env bash
# The MIDL corpus without installing Wine: downloads Debian 12's libwine-dev (Wine's SDK IDL
# files) and wine64-tools (widl, which needs only libc) with `apt-get download` and unpacks
# them with `dpkg -x` into a cache folder, which the test `idl midl corpus` reads
# (docs/idl.md, "MIDL as Wine's SDK writes it"). Installing libwine-dev would pull in all of
# Wine (about 770 MB); the two packages are 5.5 MB.
#
# Usage: scripts/fetch-midl-corpus.sh [DIR]   (default: build/midl-corpus, which every preset's
# test reads). Does nothing when DIR already holds a widl that runs. As root it runs
# `apt-get update` when the download fails for want of package lists.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=${1:-build/midl-corpus}
packages=(libwine-dev wine64-tools)
widl=$dir/root/usr/lib/wine/widl
idl_dir=$dir/root/usr/include/wine/wine/windows

if [ -x "$widl" ] && "$widl" -V >/dev/null 2>&1 && [ -f "$idl_dir/unknwn.idl" ]; then
  echo "midl corpus: already in $dir ($("$widl" -V | head -n1))"
  exit 0
fi

rm -rf "$dir/debs" "$dir/root"
mkdir -p "$dir/debs" "$dir/root"
# As root apt downloads as the user _apt, who may not write DIR: keep root there (no warning).
sandbox=()
[ "$(id -u)" -eq 0 ] && sandbox=(-o APT::Sandbox::User=root)
download() { (cd "$dir/debs" && apt-get download -q "${sandbox[@]}" "${packages[@]}"); }
echo "+ (cd $dir/debs && apt-get download ${packages[*]})"
if ! download; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "midl corpus: 'apt-get download ${packages[*]}' failed; run 'apt-get update' as root, or this script as root" >&2
    exit 1
  fi
  echo "+ apt-get update"
  apt-get update -q
  download
fi
for deb in "$dir"/debs/*.deb; do
  echo "+ dpkg -x $deb $dir/root"
  dpkg -x "$deb" "$dir/root"
done
"$widl" -V >/dev/null || { echo "midl corpus: the unpacked $widl does not run" >&2; exit 1; }
[ -f "$idl_dir/unknwn.idl" ] || { echo "midl corpus: no IDL files in $idl_dir" >&2; exit 1; }
echo "midl corpus: widl $widl, IDL files $idl_dir"
