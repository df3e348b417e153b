import { execFileSync } from 'node:child_process';

/**
 * Runs once before the suite: makes sure the real mediasoup worker exists
 * (building it on first use, see scripts/mediasoup-worker) and points every
 * test process at it. No test mocks mediasoup.
 */
export default function setup(): void {
  if (!process.env.MEDIASOUP_WORKER_BIN) {
    const bin = execFileSync('bash', ['scripts/mediasoup-worker/build.sh'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    process.env.MEDIASOUP_WORKER_BIN = bin;
  }
}
