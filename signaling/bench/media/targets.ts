import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, startPasserelleServer } from '../..';
import { BareRouter } from './bareRouter';
import { ROLE_OF_SEAT, SEATS, type Seat } from './lesson';
import type { BareRequest } from './links';
import type { Target } from './run';
import { startJanus } from './janusServer';

/**
 * The real server, in this process, with one mediasoup worker; clients get real tokens.
 * `env` overrides its configuration (a cost setting under test), `name` labels the rows.
 * `dynacast` false: the clients send every layer whatever the server says, as a page opened
 * with `?dynacast=0` does (what dynacast saves the SFU).
 */
export async function passerelleTarget(
  name = 'passerelle',
  env: Record<string, string> = {},
  dynacast = true,
): Promise<Target> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    RTC_PORT: '0',
    MEDIASOUP_NUM_WORKERS: '1',
    PASSERELLE_STATE_DIR: mkdtempSync(join(tmpdir(), 'passerelle-bench-media-')),
    PASSERELLE_TOKEN_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await startPasserelleServer({ config, logger: createLogger('silent') });
  return {
    name,
    sfuPids: () => server.pool.workers().map((pooled) => pooled.worker.pid),
    async startMessage(lessons) {
      const assigned = await Promise.all(
        lessons.map(async (id) => {
          const tokens = {} as Record<Seat, string>;
          for (const seat of SEATS)
            tokens[seat] = await server.tokens.mint({
              sessionId: id,
              role: ROLE_OF_SEAT[seat],
              displayName: seat,
            });
          return { id, tokens };
        }),
      );
      return {
        kind: 'start',
        target: 'passerelle',
        url: server.url,
        lessons: assigned,
        dynacast,
      };
    },
    close: () => server.close(),
  };
}

/** mediasoup alone: one worker, one router per lesson, driven over the clients' IPC. */
export async function bareTarget(): Promise<Target> {
  const bare = await BareRouter.create();
  return {
    name: 'bare',
    sfuPids: () => [bare.pid],
    startMessage: async (lessons) => ({
      kind: 'start',
      target: 'bare',
      lessons: lessons.map((id) => ({ id })),
    }),
    attach(child: ChildProcess) {
      child.on('message', (message: BareRequest) => {
        if (message?.kind === 'bare')
          void bare.handle(message).then((answer) => child.send(answer));
      });
    },
    close: async () => bare.close(),
  };
}

/** The bare router with the calibration fan-out (fanout.ts) instead of lessons. */
export async function fanoutTarget(subscribers: number): Promise<Target> {
  const bare = await bareTarget();
  return {
    ...bare,
    name: 'bare-fanout',
    startMessage: async (lessons) => ({
      ...(await bare.startMessage(lessons)),
      fanout: subscribers,
    }),
  };
}

/** Janus VideoRoom from Debian, the same clients through its HTTP API. */
export async function janusTarget(): Promise<Target> {
  const janus = await startJanus();
  return {
    name: 'janus',
    sfuPids: () => [janus.pid],
    startMessage: async (lessons) => ({
      kind: 'start',
      target: 'janus',
      url: janus.url,
      lessons: lessons.map((id) => ({ id })),
    }),
    close: () => janus.close(),
  };
}
