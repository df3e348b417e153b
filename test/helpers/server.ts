import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverLogSink } from './artifacts';
import { seedDemoData, type PlanningStore } from '../../lesson-plans';
import { openTestStore } from './planningStore';
import {
  createLogger,
  loadConfig,
  startPasserelleServer,
  type PasserelleServerOptions,
  type RunningServer,
} from '../../signaling';

export const WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

export interface TestServerOptions extends Partial<PasserelleServerOptions> {
  /** Open an in-memory planning store seeded with the demo town. */
  withPlanning?: boolean;
  /** Extra environment for loadConfig (e.g. METRICS_TOKEN). */
  env?: Record<string, string>;
}

export interface TestServer extends RunningServer {
  planning: PlanningStore | undefined;
}

let serverCount = 0;

/** A real Passerelle server on a free port, one mediasoup worker, with its own state folder. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    RTC_PORT: '0',
    MEDIASOUP_NUM_WORKERS: '1',
    PASSERELLE_STATE_DIR: mkdtempSync(join(tmpdir(), 'passerelle-test-')),
    PASSERELLE_TOKEN_SECRET: 'test-secret-that-is-long-enough-for-hs256!',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const { withPlanning, ...rest } = options;
  delete rest.env;
  const overrides: Partial<PasserelleServerOptions> = rest;
  let planning = overrides.planning;
  if (withPlanning && !planning) {
    planning = await openTestStore({ now: overrides.now });
    await seedDemoData(planning);
  }
  // Logged into memory, written out only when a browser test fails (artifacts.ts).
  const logSink = serverLogSink(`server-${++serverCount}`);
  const server = await startPasserelleServer({
    config,
    logger: createLogger('info', logSink),
    webRoot: WEB_ROOT,
    ...overrides,
    planning,
  });
  return {
    ...server,
    planning,
    async close() {
      logSink.close();
      await server.close();
      await planning?.close();
    },
  };
}
