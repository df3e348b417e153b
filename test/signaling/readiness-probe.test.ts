import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectivityProbe, WorkerPool } from '../../sfu';
import { openPlanningStore, seedDemoData } from '../../lesson-plans';
import { NO_FIGURES, type ReadinessReport } from '../../lesson-plans/contract/readiness';
import { CheckGate, CheckTokenIssuer } from '../../signaling/probe';
import { PROTOCOL_VERSION, type Ack } from '../../signaling/protocol';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectClient, refusedConnection, type TestClient } from '../helpers/socketClient';

const CLASS = 'ecole-jaures-ce2';
const OTHER_CLASS = 'ecole-jaures-cm2';
const TURN_SECRET = 'turn-secret-long-enough-for-coturn-0123456789';
const TURN_URLS =
  'turn:turn.ecole.lan:3478?transport=udp,turn:turn.ecole.lan:3478?transport=tcp,turns:turn.ecole.lan:443?transport=tcp';

async function mintCheckToken(server: TestServer, classId: string): Promise<Response> {
  const key = await server.apiTokens.mint('classroom', classId, classId);
  return fetch(`${server.url}/api/classroom/readiness/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
  });
}

async function checkToken(server: TestServer, classId = CLASS): Promise<string> {
  const response = await mintCheckToken(server, classId);
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

function connectCheck(server: TestServer, token: string): Promise<TestClient> {
  return connectClient(server, 'classroom', 'check', {
    auth: { token, purpose: 'check', protocolVersion: PROTOCOL_VERSION },
  });
}

function errorCode(ack: Ack<unknown>): string {
  return ack.ok ? 'ok' : ack.error.code;
}

function data<T>(ack: Ack<unknown>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data as T;
}

interface ReadyProbe {
  status: 'ready';
  probeId: string;
  send: { iceCandidates: { protocol: string; port: number; ip?: string; address?: string }[] };
  recv: { iceCandidates: { protocol: string }[] };
  iceServers: { urls: string[]; username: string; credential: string }[];
  iceTransportPolicy: 'all' | 'relay';
}

describe('readiness check: the check token and its scope', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true });
  });
  afterAll(async () => server?.close());

  it('a whiteboard key mints a check token; a person or a lesson token cannot', async () => {
    const response = await mintCheckToken(server, CLASS);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { token: string; expiresAt: string };
    const lifetimeMs = Date.parse(body.expiresAt) - Date.now();
    expect(lifetimeMs).toBeGreaterThan(8 * 60_000);
    expect(lifetimeMs).toBeLessThanOrEqual(10 * 60_000);
    const coordinator = await server.apiTokens.mint('coordinator', 'coord-1', 'Mairie');
    const lesson = await server.tokens.mint({
      sessionId: 'any-lesson',
      role: 'classroom',
      displayName: 'CE2',
      subject: CLASS,
    });
    for (const credential of [coordinator, lesson]) {
      const refused = await fetch(`${server.url}/api/classroom/readiness/token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${credential}` },
      });
      expect(refused.status).toBe(401);
    }
  });

  it('forbidden: a check connection cannot joinSession or any lesson request', async () => {
    const check = await connectCheck(server, await checkToken(server));
    try {
      const join = await check.request('joinSession', { rtpCapabilities: { codecs: [] } });
      expect(join).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(errorCode(await check.request('createTransport', { direction: 'recv' }))).toBe(
        'forbidden',
      );
      expect(errorCode(await check.request('getRouterRtpCapabilities', {}))).toBe('forbidden');
    } finally {
      check.close();
    }
  });

  it('unauthenticated: a check token cannot open a lesson connection', async () => {
    const token = await checkToken(server);
    expect(await refusedConnection(server, { token, sessionId: 'any-lesson' })).toBe(
      'unauthenticated',
    );
  });

  it('forbidden: a lesson connection cannot probe; unauthenticated: a lesson token as a check', async () => {
    const lesson = await connectClient(server, 'classroom', 'CE2', { sessionId: 'probe-lesson' });
    try {
      expect(errorCode(await lesson.request('startCheck', {}))).toBe('forbidden');
      expect(errorCode(await lesson.request('createProbe', { path: 'udp' }))).toBe('forbidden');
    } finally {
      lesson.close();
    }
    const lessonToken = await server.tokens.mint({
      sessionId: 'probe-lesson',
      role: 'tutor',
      displayName: 'Emily',
    });
    const auth = { token: lessonToken, purpose: 'check', protocolVersion: PROTOCOL_VERSION };
    expect(await refusedConnection(server, { auth })).toBe('unauthenticated');
  });

  it('unauthenticated: an expired check token, or one signed by another server', async () => {
    const issuer = new CheckTokenIssuer('test-secret-that-is-long-enough-for-hs256!');
    const expired = (await issuer.mint(CLASS, -60)).token;
    const foreign = (
      await new CheckTokenIssuer('another-secret-that-is-long-enough-xx').mint(CLASS)
    ).token;
    for (const token of [expired, foreign]) {
      const auth = { token, purpose: 'check', protocolVersion: PROTOCOL_VERSION };
      expect(await refusedConnection(server, { auth })).toBe('unauthenticated');
    }
  });
});

describe('readiness check: probes and their limits (no TURN configured)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true });
  });
  afterAll(async () => server?.close());

  it('startCheck answers the targets from the configuration, and only the paths it can test', async () => {
    const check = await connectCheck(server, await checkToken(server));
    try {
      const started = data<{
        targets: { mediaAddress: string; mediaUdpPorts: number[]; mediaTcpPorts: number[] };
        paths: string[];
      }>(await check.request('startCheck', {}));
      expect(started.paths).toEqual(['udp', 'tcp']);
      expect(started.targets.mediaAddress).toBe('127.0.0.1');
      expect(started.targets.mediaUdpPorts).toHaveLength(1);
      expect(started.targets.mediaTcpPorts).toHaveLength(1);
      const udp = data<ReadyProbe>(await check.request('createProbe', { path: 'udp' }));
      // The candidates are the very address and port the page will name to the IT service.
      expect(udp.send.iceCandidates.map((c) => [c.protocol, c.port])).toEqual([
        ['udp', started.targets.mediaUdpPorts[0]],
      ]);
      expect(udp.iceTransportPolicy).toBe('all');
      expect(udp.iceServers).toEqual([]);
    } finally {
      check.close();
    }
  });

  it('each path gets transports of that path only; TURN answers not_configured', async () => {
    const check = await connectCheck(server, await checkToken(server, OTHER_CLASS));
    try {
      expect(errorCode(await check.request('createProbe', { path: 'udp' }))).toBe('conflict');
      const started = await check.request('startCheck', {});
      const tcp = data<ReadyProbe>(await check.request('createProbe', { path: 'tcp' }));
      expect(new Set(tcp.send.iceCandidates.map((c) => c.protocol))).toEqual(new Set(['tcp']));
      const ports = data<{ targets: { mediaTcpPorts: number[] } }>(started).targets.mediaTcpPorts;
      expect(tcp.send.iceCandidates.map((c) => c.port)).toEqual(ports);
      expect(new Set(tcp.recv.iceCandidates.map((c) => c.protocol))).toEqual(new Set(['tcp']));
      for (const path of ['turn-udp', 'turn-tcp', 'turn-tls'])
        expect(data(await check.request('createProbe', { path }))).toEqual({
          status: 'not_configured',
        });
    } finally {
      check.close();
    }
  });

  it('conflict: a third open probe, a second startCheck, or a second check of the same classroom', async () => {
    const token = await checkToken(server);
    const first = await waitForFreeCheck(server, token);
    const second = await connectCheck(server, token);
    try {
      expect(errorCode(await first.request('startCheck', {}))).toBe('conflict');
      const refused = await second.request('startCheck', {});
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(refused.ok || refused.error.message).toMatch(/already running/);
      const a = data<ReadyProbe>(await first.request('createProbe', { path: 'udp' }));
      data(await first.request('createProbe', { path: 'tcp' }));
      const third = await first.request('createProbe', { path: 'udp' });
      expect(third).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(third.ok || third.error.message).toMatch(/at most 2 probes/);
      data(await first.request('closeProbe', { probeId: a.probeId }));
      data(await first.request('createProbe', { path: 'udp' }));
      expect(errorCode(await first.request('probeStats', { probeId: a.probeId }))).toBe(
        'not_found',
      );
    } finally {
      first.close();
      second.close();
    }
  });

  it('invalid_request: malformed probe payloads, and the server stays up', async () => {
    const check = await connectCheck(server, await checkToken(server, 'ecole-curie-cm1'));
    try {
      data(await check.request('startCheck', {}));
      const probe = data<ReadyProbe>(await check.request('createProbe', { path: 'udp' }));
      const malformed: [string, unknown][] = [
        ['startCheck', { extra: 1 }],
        ['createProbe', { path: 'carrier-pigeon' }],
        ['createProbe', 'udp'],
        ['connectProbe', { probeId: probe.probeId, side: 'both', dtlsParameters: {} }],
        ['connectProbe', { probeId: probe.probeId, side: 'send' }],
        ['produceProbe', { probeId: probe.probeId, rtpParameters: { codecs: 'vp8' } }],
        ['consumeProbe', { probeId: probe.probeId }],
        ['probeStats', { probeId: 42 }],
        ['closeProbe', null],
      ];
      for (const [name, payload] of malformed)
        expect([name, errorCode(await check.request(name, payload))]).toEqual([
          name,
          'invalid_request',
        ]);
      expect(
        errorCode(
          await check.request('consumeProbe', {
            probeId: probe.probeId,
            rtpCapabilities: { codecs: [] },
          }),
        ),
      ).toBe('not_found');
      const stats = data<{ send: { iceState: string } }>(
        await check.request('probeStats', { probeId: probe.probeId }),
      );
      expect(stats.send.iceState).toBe('new');
    } finally {
      check.close();
    }
  });
});

describe('readiness check: TURN paths when the relay is configured', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      withPlanning: true,
      env: { TURN_SECRET, TURN_URLS },
    });
  });
  afterAll(async () => server?.close());

  it('each TURN path gets its one URL with a fresh credential, relay policy, and its target', async () => {
    const check = await connectCheck(server, await checkToken(server));
    try {
      const started = data<{ paths: string[]; targets: { turn: unknown[] } }>(
        await check.request('startCheck', {}),
      );
      expect(started.paths).toEqual(['udp', 'tcp', 'turn-udp', 'turn-tcp', 'turn-tls']);
      expect(started.targets.turn).toEqual([
        { path: 'turn-udp', host: 'turn.ecole.lan', port: 3478, protocol: 'udp' },
        { path: 'turn-tcp', host: 'turn.ecole.lan', port: 3478, protocol: 'tcp' },
        { path: 'turn-tls', host: 'turn.ecole.lan', port: 443, protocol: 'tls' },
      ]);
      const tls = data<ReadyProbe>(await check.request('createProbe', { path: 'turn-tls' }));
      expect(tls.iceTransportPolicy).toBe('relay');
      expect(tls.iceServers).toHaveLength(1);
      expect(tls.iceServers[0]!.urls).toEqual(['turns:turn.ecole.lan:443?transport=tcp']);
      // The TURN REST API username: expiry, then an opaque id (no class, no role).
      expect(tls.iceServers[0]!.username).toMatch(/^\d+:[0-9a-f-]{36}$/);
      expect(tls.iceServers[0]!.username).not.toContain(CLASS);
    } finally {
      check.close();
    }
  });
});

describe('readiness check: budgets and lifetimes', () => {
  it('unavailable: a seventh check in the same hour, allowed again an hour later', async () => {
    let now = Date.parse('2026-12-03T08:00:00Z');
    const gate = new CheckGate({ now: () => now });
    for (let i = 0; i < 6; i++) (await gate.begin(CLASS))();
    await expect(gate.begin(CLASS)).rejects.toThrow(/at most 6 checks an hour/);
    (await gate.begin(OTHER_CLASS))();
    now += 60 * 60_000;
    (await gate.begin(CLASS))();
  });

  it('conflict: one check at a time per classroom, until the first is released', async () => {
    const gate = new CheckGate();
    const release = await gate.begin(CLASS);
    await expect(gate.begin(CLASS)).rejects.toThrow(/already running/);
    release();
    (await gate.begin(CLASS))();
  });

  it('unavailable after a restart too: the budget counts the stored results (real store)', async () => {
    let now = new Date('2026-12-03T08:00:00Z');
    const store = await openPlanningStore({ filename: ':memory:', now: () => now });
    try {
      await seedDemoData(store);
      const report: ReadinessReport = {
        https: true,
        websocket: true,
        paths: [{ path: 'udp', outcome: 'failed', durationMs: 10_000, ...NO_FIGURES }],
        verdict: 'not-ready',
        weak: false,
      };
      // Six checks stored by a server that was then restarted: the new gate has counted none.
      for (let i = 0; i < 6; i++) {
        await store.recordReadiness(CLASS, 'ecole-jaures', report);
        now = new Date(now.getTime() + 5 * 60_000);
      }
      const storedChecks = (classId: string, since: Date) =>
        store.readinessCheckTimes(classId, since);
      const gate = new CheckGate({ now: () => now.getTime(), storedChecks });
      await expect(gate.begin(CLASS)).rejects.toThrow(
        /at most 6 checks an hour: try again in 30 min/,
      );
      // Refused, it holds nothing: another class checks, and this one once the hour has passed.
      (await gate.begin(OTHER_CLASS))();
      now = new Date(now.getTime() + 30 * 60_000);
      (await gate.begin(CLASS))();
    } finally {
      await store.close();
    }
  });

  it('a probe closes by itself at the end of its lifetime (real worker)', async () => {
    const pool = await WorkerPool.create({ numWorkers: 1, listen: { ip: '127.0.0.1' } });
    try {
      const probe = await ConnectivityProbe.create({ pool, probeLifetimeMs: 200 });
      const opened = await probe.openProbe('udp');
      const closed = new Promise((resolve) => probe.on('probeClosed', (...args) => resolve(args)));
      expect(await closed).toEqual([opened.probeId, 'expired']);
      expect(probe.openProbes).toBe(0);
      probe.close();
      expect(probe.closed).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

/** The previous test's check of this classroom ends when its socket's close reaches the server. */
async function waitForFreeCheck(server: TestServer, token: string): Promise<TestClient> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const client = await connectCheck(server, token);
    const ack = await client.request('startCheck', {});
    if (ack.ok) return client;
    client.close();
    if (ack.error.code !== 'conflict') throw new Error(ack.error.message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the classroom check was never released');
}
