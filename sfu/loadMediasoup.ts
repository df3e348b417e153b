import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type * as mediasoupModule from 'mediasoup';

const require = createRequire(import.meta.url);

export type Mediasoup = typeof mediasoupModule;

/**
 * Where scripts/mediasoup-worker/build.sh caches the worker it builds. The
 * suffix names the recipe (libsrtp with OpenSSL crypto, linked statically), so
 * an older cached worker linked against Debian's NSS libsrtp is never picked.
 */
export function cachedWorkerPath(): string {
  const version = (require('mediasoup/package.json') as { version: string }).version;
  const cacheDir = process.env.PASSERELLE_CACHE_DIR ?? join(homedir(), '.cache', 'passerelle');
  return join(cacheDir, `mediasoup-worker-${version}-srtp-openssl`, 'mediasoup-worker');
}

let loaded: Promise<Mediasoup> | undefined;

/**
 * Loads mediasoup after pointing MEDIASOUP_WORKER_BIN at the cached worker:
 * mediasoup reads that variable once, when its module is first evaluated.
 * An explicit MEDIASOUP_WORKER_BIN (e.g. a worker from a prebuilt download)
 * wins; with neither, mediasoup falls back to its own build folder.
 */
export function loadMediasoup(): Promise<Mediasoup> {
  if (!process.env.MEDIASOUP_WORKER_BIN) {
    const cached = cachedWorkerPath();
    if (existsSync(cached)) process.env.MEDIASOUP_WORKER_BIN = cached;
  }
  loaded ??= import('mediasoup');
  return loaded;
}
