import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the web bundle is built from: the app and the wire definitions it imports. */
const WEB_SOURCES = ['web', 'signaling', 'lesson-plans'];
const WEB_BUNDLE = 'dist/web/index.html';

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Runs once before the suite: makes sure the real mediasoup worker exists
 * (building it on first use, see scripts/mediasoup-worker) and points every
 * test process at it. No test mocks mediasoup. The browser tests serve
 * dist/web, so a bundle older than its sources is rebuilt first: a stale
 * bundle would test yesterday's page.
 */
export default function setup(): void {
  if (!process.env.MEDIASOUP_WORKER_BIN) {
    const bin = execFileSync('bash', ['scripts/mediasoup-worker/build.sh'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    process.env.MEDIASOUP_WORKER_BIN = bin;
  }
  const builtAt = existsSync(WEB_BUNDLE) ? statSync(WEB_BUNDLE).mtimeMs : 0;
  if (WEB_SOURCES.some((dir) => newestChange(dir) > builtAt)) {
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      stdio: ['ignore', 'inherit', 'inherit'],
      // Vitest's own variables (NODE_ENV=test, VITEST…) would change what Vite builds.
      env: Object.fromEntries(
        Object.entries(process.env).filter(
          ([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST'),
        ),
      ),
    });
  }
}
