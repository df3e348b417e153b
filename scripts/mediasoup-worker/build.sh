#!/usr/bin/env bash
# Builds mediasoup's C++ worker from the npm tarball against Debian bookworm's
# own libraries, without network access, into a cache outside the clone.
#
# Why: mediasoup's postinstall downloads a prebuilt worker from GitHub and its
# from-source build downloads meson subprojects; neither host is reachable
# here. Meson uses an existing worker/subprojects/<directory> folder instead
# of downloading a wrap, so each wrap gets a tiny subproject (stubs/) that
# takes the library from pkg-config. mediasoup's own sources are untouched.
#
# libsrtp is the exception: Debian's libsrtp2 is built with the NSS crypto
# backend, which creates NSS contexts and takes locks for every packet (16 % of
# the worker's CPU in a bench:media profile). Like mediasoup upstream, the
# worker links libsrtp statically with OpenSSL crypto (AES-NI): Debian's own
# libsrtp2 source package, fetched once through apt with a private sources
# list (the system's apt configuration is untouched), built with
# --enable-openssl and kept in the cache. Once cached, nothing is downloaded.
#
# Usage: build.sh            -> prints the worker path (builds it if missing)
#        build.sh --path     -> prints where the worker is cached, builds nothing
# Env:   PASSERELLE_CACHE_DIR (default ~/.cache/passerelle)
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pkg="$root/node_modules/mediasoup"
[ -f "$pkg/package.json" ] || { echo "mediasoup-worker: run npm install first ($pkg missing)" >&2; exit 1; }

version="$(node -p "require('$pkg/package.json').version")"
cache_root="${PASSERELLE_CACHE_DIR:-$HOME/.cache/passerelle}"
# The key names the recipe, so a worker linked against Debian's NSS libsrtp
# (the old mediasoup-worker-<version>) is never reused. sfu/loadMediasoup.ts,
# scripts/setup.sh and deploy/passerelle.env.example know this path too.
cache="$cache_root/mediasoup-worker-$version-srtp-openssl"
bin="$cache/mediasoup-worker"
if [ "${1:-}" = --path ]; then echo "$bin"; exit 0; fi

worker_ok() {
  [ -x "$bin" ] || return 1
  local libs
  libs="$(ldd "$bin" 2>&1)" || return 1
  ! grep -q 'not found' <<<"$libs" && ! grep -Eq 'libsrtp2\.so|libnss3' <<<"$libs"
}

if worker_ok; then echo "$bin"; exit 0; fi

# Only 3.12.x is known to work against Debian's OpenSSL (see README).
case "$version" in 3.12.*) ;; *) echo "mediasoup-worker: version $version is not supported by this recipe (pin 3.12.16)" >&2; exit 1 ;; esac

need=(g++ make pkg-config dpkg-dev debian-archive-keyring libuv1-dev libssl-dev libusrsctp-dev libabsl-dev nlohmann-json3-dev)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "mediasoup-worker: installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "mediasoup-worker: missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# shellcheck source=libsrtp2.sh
. "$here/libsrtp2.sh"
srtp_prefix="$(build_libsrtp2)"
# The libsrtp2 stub finds this prefix's static library before Debian's.
export PKG_CONFIG_PATH="$srtp_prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

cp -r "$pkg/worker" "$work/worker"

# One stub per wrap, placed where the wrap's "directory" says.
for wrap in "$work"/worker/subprojects/*.wrap; do
  name="$(basename "$wrap" .wrap)"
  dir="$(sed -n 's/^directory *= *//p' "$wrap")"
  [ -d "$here/stubs/$name" ] || continue # e.g. wingetopt: Windows only
  cp -r "$here/stubs/$name" "$work/worker/subprojects/$dir"
done

start=$(date +%s)
echo "mediasoup-worker: building $version (about 7 minutes on 2 cores)..." >&2
# The local wheel index serves meson and ninja; making it the only index
# avoids slow retries against the unreachable public one.
export PIP_INDEX_URL="file:///opt/pypi/simple"
export PIP_EXTRA_INDEX_URL=""
make -C "$work/worker" mediasoup-worker \
  MESON_VERSION=1.12.1 NINJA_VERSION=1.13.2 \
  MEDIASOUP_OUT_DIR="$work/out" >"$work/build.log" 2>&1 || {
  tail -40 "$work/build.log" >&2
  echo "mediasoup-worker: build failed (log above)" >&2
  exit 1
}
mkdir -p "$cache"
cp "$work/out/Release/mediasoup-worker" "$bin.tmp" && mv "$bin.tmp" "$bin"
if ! worker_ok; then
  ldd "$bin" >&2
  rm -f "$bin"
  echo "mediasoup-worker: built binary has unresolved libraries or links a shared libsrtp2 / NSS" >&2
  exit 1
fi
echo "mediasoup-worker: built in $(( $(date +%s) - start )) s -> $bin" >&2
echo "$bin"
