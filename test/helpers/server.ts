import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createLogger,
  loadConfig,
  startPasserelleServer,
  type PasserelleServerOptions,
  type RunningServer,
} from '../../signaling';

export const WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** A real Passerelle server on a free port, one mediasoup worker, with its own state folder. */
export function startTestServer(
  overrides: Partial<PasserelleServerOptions> = {},
): Promise<RunningServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    RTC_PORT: '0',
    MEDIASOUP_NUM_WORKERS: '1',
    PASSERELLE_STATE_DIR: mkdtempSync(join(tmpdir(), 'passerelle-test-')),
    PASSERELLE_TOKEN_SECRET: 'test-secret-that-is-long-enough-for-hs256!',
    LOG_LEVEL: 'silent',
  });
  return startPasserelleServer({
    config,
    logger: createLogger('silent'),
    webRoot: WEB_ROOT,
    ...overrides,
  });
}
