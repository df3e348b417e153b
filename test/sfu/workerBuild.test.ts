import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedWorkerPath } from '../../sfu/loadMediasoup';

/**
 * The worker every test runs (test/globalSetup.ts points MEDIASOUP_WORKER_BIN at it) encrypts
 * SRTP with libsrtp on OpenSSL, linked in, not Debian's shared libsrtp2 on NSS, which took a
 * lock and an NSS context per packet (16 % of the worker's CPU in a bench:media profile).
 * That media really flows through it is what every worker, browser and bench:media test shows.
 */
describe('the mediasoup worker build', () => {
  const bin = process.env.MEDIASOUP_WORKER_BIN!;

  it('links no shared libsrtp2 and no NSS, and carries libsrtp’s OpenSSL ciphers', () => {
    const libs = execFileSync('ldd', [bin], { encoding: 'utf8' });
    expect(libs).not.toMatch(/not found/);
    expect(libs).not.toMatch(/libsrtp2\.so|libnss3|libnspr4/);
    expect(libs).toMatch(/libcrypto\.so/);
    // libsrtp names each cipher module; the OpenSSL backend's AES-CM is "aes icm ossl".
    const binary = readFileSync(bin);
    expect(binary.includes('aes icm ossl')).toBe(true);
    expect(binary.includes('aes icm nss')).toBe(false);
  });

  it('is cached under one name that build.sh, sfu/, setup.sh and the deploy example share', () => {
    const env = { ...process.env, PASSERELLE_CACHE_DIR: '/cache' };
    const printed = execFileSync('bash', ['scripts/mediasoup-worker/build.sh', '--path'], {
      encoding: 'utf8',
      env,
    }).trim();
    const saved = process.env.PASSERELLE_CACHE_DIR;
    process.env.PASSERELLE_CACHE_DIR = '/cache';
    try {
      expect(cachedWorkerPath()).toBe(printed);
    } finally {
      if (saved === undefined) delete process.env.PASSERELLE_CACHE_DIR;
      else process.env.PASSERELLE_CACHE_DIR = saved;
    }
    // The recipe's name, e.g. mediasoup-worker-3.12.16-srtp-openssl.
    const folder = basename(dirname(printed));
    expect(folder).toMatch(/-srtp-openssl$/);
    for (const file of ['scripts/setup.sh', 'deploy/passerelle.env.example']) {
      expect(readFileSync(file, 'utf8'), file).toContain(`/${folder}/mediasoup-worker`);
    }
  });
});
