#!/usr/bin/env bash
# Installs whatever is missing for `npm start` / `npm test`, and nothing else:
# Debian packages, npm dependencies, the mediasoup worker and the web build.
# Fast when everything is already there.
#
# Usage: scripts/setup.sh [--with-browser | --with-cluster]
#   --with-browser: Chromium and the servers the tests start (npm test)
#   --with-cluster: PostgreSQL and Redis for `npm run start:cluster`
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf 'setup: %s\n' "$*" >&2; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${missing[*]} — run: sudo apt-get install ${missing[*]}"
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# 1. System packages. The worker's build dependencies are checked by its own recipe.
# The store tests and bench:schedule start their own PostgreSQL (initdb into a temporary
# folder, as an unprivileged user; scripts/local-postgres.ts), so the server package is
# installed but Debian's own cluster is left stopped when we added it.
# The tests also read feeds with python icalendar (a calendar client built on dateutil), run
# deploy/nginx.conf in front of the server (nginx-light; the test starts its own nginx on free
# loopback ports, whatever Debian's own service does), run their own TURN relay (coturn) and
# firewall a school's network namespace (nftables). bench:media and its smoke test compare
# Passerelle with Janus VideoRoom (janus, started by the bench on the loopback).
# The cluster tests and `npm run start:cluster` start their own Redis (redis-server on a free
# loopback port, nothing saved; scripts/local-redis.ts): Debian's own service is left stopped.
install_redis() {
  local redis_was_missing=0
  dpkg -s redis-server >/dev/null 2>&1 || redis_was_missing=1
  apt_install redis-server
  if [ "$redis_was_missing" = 1 ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now redis-server >/dev/null 2>&1 || true
  fi
}
if [ "${1:-}" = "--with-cluster" ]; then
  postgresql_was_missing=0
  dpkg -s postgresql >/dev/null 2>&1 || postgresql_was_missing=1
  apt_install postgresql
  if [ "$postgresql_was_missing" = 1 ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now postgresql >/dev/null 2>&1 || true
  fi
  install_redis
fi
if [ "${1:-}" = "--with-browser" ]; then
  install_redis
  postgresql_was_missing=0
  dpkg -s postgresql >/dev/null 2>&1 || postgresql_was_missing=1
  apt_install postgresql
  if [ "$postgresql_was_missing" = 1 ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now postgresql >/dev/null 2>&1 || true
  fi
  coturn_was_missing=0
  dpkg -s coturn >/dev/null 2>&1 || coturn_was_missing=1
  janus_was_missing=0
  dpkg -s janus >/dev/null 2>&1 || janus_was_missing=1
  apt_install chromium fonts-dejavu-core python3-icalendar python3-recurring-ical-events \
    nginx-light coturn nftables janus
  # Debian enables the packaged relay on install; the tests start their own, so stop the one we added.
  if [ "$coturn_was_missing" = 1 ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now coturn >/dev/null 2>&1 || true
  fi
  if [ "$janus_was_missing" = 1 ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now janus >/dev/null 2>&1 || true
  fi
fi

# 2. npm dependencies. mediasoup's postinstall only tries a GitHub download:
#    pointing MEDIASOUP_WORKER_BIN at our cache makes it skip (see README).
worker_cache="${PASSERELLE_CACHE_DIR:-$HOME/.cache/passerelle}/mediasoup-worker-3.12.16-srtp-openssl/mediasoup-worker"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies"
  MEDIASOUP_WORKER_BIN="${MEDIASOUP_WORKER_BIN:-$worker_cache}" npm ci --no-audit --no-fund >&2
fi

# 3. The mediasoup worker (built once per version into the cache, ~4 minutes), unless
#    one is given or mediasoup's own install script already fetched its prebuilt one.
if [ -z "${MEDIASOUP_WORKER_BIN:-}" ] && [ ! -x node_modules/mediasoup/worker/out/Release/mediasoup-worker ]; then
  bash scripts/mediasoup-worker/build.sh >/dev/null
fi

# 4. The web app, rebuilt when its sources or the shared protocol changed.
stamp=dist/web/index.html
if [ ! -f "$stamp" ] || [ -n "$(find web signaling/protocol lesson-plans/index.ts package-lock.json -newer "$stamp" -type f -not -path 'web/dist/*' 2>/dev/null | head -n 1)" ]; then
  log "building the web app"
  npx vite build --config web/vite.config.ts --logLevel warn >&2
fi
