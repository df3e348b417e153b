# Sourced by build.sh: builds Debian bookworm's libsrtp2 source package with
# OpenSSL crypto as a static library, cached, and prints its install prefix.
# Uses $cache_root and $work from build.sh.

# apt with a private, source-only configuration: the system's sources, lists
# and caches are neither read nor written.
srtp_apt() {
  local apt="$work/apt"
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
  [ -f "$apt/sources.sources" ] || cat >"$apt/sources.sources" <<SOURCES
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.sources" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Dir::Etc::Preferences=/dev/null
    -o Dir::Etc::PreferencesParts=/dev/null)
  # apt's _apt sandbox user cannot write to our private mktemp folder.
  [ "$(id -u)" = 0 ] && opts+=(-o APT::Sandbox::User=root)
  apt-get -q "${opts[@]}" "$@"
}

build_libsrtp2() {
  local sources="$cache_root/sources/libsrtp2"
  if ! compgen -G "$sources/libsrtp2_*.dsc" >/dev/null; then
    echo "mediasoup-worker: downloading Debian's libsrtp2 source package (deb.debian.org)" >&2
    mkdir -p "$work/srtp-download"
    # apt checks the files against the signed Sources index.
    (cd "$work/srtp-download" && srtp_apt update >&2 && srtp_apt source --download-only libsrtp2 >&2) || {
      echo "mediasoup-worker: could not download libsrtp2's source from deb.debian.org (put libsrtp2_*.dsc and its tarballs in $sources to build offline)" >&2
      return 1
    }
    mkdir -p "$sources"
    cp "$work/srtp-download"/libsrtp2_* "$sources/"
  fi
  local dsc debver prefix
  dsc="$(ls "$sources"/libsrtp2_*.dsc | sort -V | tail -n 1)"
  debver="$(sed -n 's/^Version: *//p' "$dsc")"
  prefix="$cache_root/libsrtp2-$debver-openssl"
  if [ ! -f "$prefix/.built" ]; then
    echo "mediasoup-worker: building libsrtp2 $debver with OpenSSL crypto (static)" >&2
    # dpkg-source checks the tarballs against the .dsc and applies Debian's patches. Its gpgv
    # warning (no maintainer key here) is expected: apt checked the files against the signed index.
    dpkg-source -q -x "$dsc" "$work/libsrtp2" >&2 || return 1
    rm -rf "$prefix"
    (
      cd "$work/libsrtp2"
      # Debian's rules use --enable-nss; the rest of its options only concern logging.
      ./configure --prefix="$prefix" --enable-openssl --disable-pcap >"$work/libsrtp2.log" 2>&1
      make -j"$(nproc)" libsrtp2.a >>"$work/libsrtp2.log" 2>&1
      make install >>"$work/libsrtp2.log" 2>&1
    ) || {
      tail -40 "$work/libsrtp2.log" >&2
      echo "mediasoup-worker: libsrtp2 build failed (log above)" >&2
      return 1
    }
    grep -q '^#define OPENSSL 1' "$work/libsrtp2/crypto/include/config.h" || {
      echo "mediasoup-worker: libsrtp2 was not configured with OpenSSL" >&2
      return 1
    }
    touch "$prefix/.built"
  fi
  echo "$prefix"
}
