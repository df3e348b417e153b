import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NO_FIGURES,
  type ReadinessOverview,
  type ReadinessReport,
} from '../../lesson-plans/contract/readiness';
import { startTestServer, type TestServer } from '../helpers/server';

/** "Today": a Saturday in term 1, so every class has lessons ahead. */
const NOW = new Date('2026-11-28T10:00:00Z');
const WEAK_CLASS = 'ecole-jaures-ce2';
const READY_CLASS = 'ecole-jaures-cm2';
const NEVER_CHECKED = 'ecole-curie-cm1';

const figures = {
  upstreamBps: 1_400_000,
  downstreamBps: 1_450_000,
  rttMs: 12,
  upstreamLossPct: 0,
  downstreamLossPct: 0,
  upstreamLineLimited: false,
};
function report(overrides: Partial<ReadinessReport> = {}): ReadinessReport {
  return {
    https: true,
    websocket: true,
    paths: [
      { path: 'udp', outcome: 'failed', durationMs: 10_000, ...NO_FIGURES },
      { path: 'tcp', outcome: 'ok', durationMs: 4_200, ...figures },
      { path: 'turn-udp', outcome: 'not_configured', durationMs: 0, ...NO_FIGURES },
    ],
    verdict: 'ready',
    weak: false,
    ...overrides,
  };
}

describe('readiness results: stored per whiteboard, listed for the coordinator', () => {
  let server: TestServer;
  let coordinator: string;

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true, now: () => NOW });
    coordinator = await server.apiTokens.mint('coordinator', 'coord-1', 'Mairie');
  });
  afterAll(async () => server?.close());

  const post = async (credential: string, body: unknown) =>
    fetch(`${server.url}/api/classroom/readiness`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const overview = async (credential: string) =>
    fetch(`${server.url}/api/planning/readiness`, {
      headers: { authorization: `Bearer ${credential}` },
    });
  const deviceKey = (classId: string) => server.apiTokens.mint('classroom', classId, classId);

  it('a whiteboard stores its own result, and reads back what the server kept', async () => {
    const weak = report({
      weak: true,
      paths: [{ path: 'udp', outcome: 'ok', durationMs: 5_000, ...figures, rttMs: 420 }],
    });
    const response = await post(await deviceKey(WEAK_CLASS), weak);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      ...weak,
      classId: WEAK_CLASS,
      checkedAt: NOW.toISOString(),
    });
    expect((await post(await deviceKey(READY_CLASS), report())).status).toBe(201);
  });

  it('invalid_request: malformed results, and no way to name another class or store an address', async () => {
    const key = await deviceKey(WEAK_CLASS);
    const malformed: unknown[] = [
      { ...report(), verdict: 'great' },
      { ...report(), classId: READY_CLASS },
      { ...report(), publicIp: '203.0.113.7' },
      { ...report(), paths: [] },
      { ...report(), paths: [{ path: 'carrier-pigeon', outcome: 'ok', durationMs: 1 }] },
      { ...report(), paths: [{ ...report().paths[1], rttMs: -5 }] },
      'ready',
    ];
    for (const body of malformed) {
      const response = await post(key, body);
      expect([JSON.stringify(body).slice(0, 60), response.status]).toEqual([
        JSON.stringify(body).slice(0, 60),
        400,
      ]);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'invalid_request',
      );
    }
  });

  it('the coordinator sees every school and whiteboard, the next lesson, and who needs attention', async () => {
    const response = await overview(coordinator);
    expect(response.status).toBe(200);
    const { schools } = (await response.json()) as ReadinessOverview;
    expect(schools.length).toBe((await server.planning!.listSchools()).length);
    const classes = new Map(schools.flatMap((school) => school.classes.map((c) => [c.classId, c])));
    expect(classes.size).toBe((await server.planning!.listClasses()).length);
    const weak = classes.get(WEAK_CLASS)!;
    expect(weak).toMatchObject({ concern: 'weak', latest: { weak: true, verdict: 'ready' } });
    expect(Date.parse(weak.nextLessonAt!)).toBeGreaterThan(NOW.getTime());
    expect(classes.get(READY_CLASS)).toMatchObject({ concern: null, latest: { verdict: 'ready' } });
    expect(classes.get(NEVER_CHECKED)).toMatchObject({ concern: 'never-checked', latest: null });
    expect(classes.get(NEVER_CHECKED)!.nextLessonAt).not.toBeNull();
  });

  it('a later not-ready result replaces the latest, flagged before the next lesson', async () => {
    const notReady = report({
      verdict: 'not-ready',
      paths: [{ path: 'udp', outcome: 'failed', durationMs: 10_000, ...NO_FIGURES }],
    });
    expect((await post(await deviceKey(READY_CLASS), notReady)).status).toBe(201);
    const { schools } = (await (await overview(coordinator)).json()) as ReadinessOverview;
    const ready = schools.flatMap((s) => s.classes).find((c) => c.classId === READY_CLASS)!;
    expect(ready).toMatchObject({ concern: 'not-ready', latest: { verdict: 'not-ready' } });
  });

  it('forbidden: a whiteboard, a teacher or a tutor cannot read the results of the schools', async () => {
    const teacherId = (await server.planning!.getClass(WEAK_CLASS))!.teacherId;
    const refused = [
      await deviceKey(NEVER_CHECKED),
      await server.apiTokens.mint('teacher', teacherId, 'Teacher'),
      await server.apiTokens.mint('tutor', 'tutor-emily', 'Emily'),
    ];
    for (const credential of refused) expect((await overview(credential)).status).toBe(403);
    // And a person cannot store a result in a whiteboard's name.
    expect((await post(coordinator, report())).status).toBe(401);
  });

  it('the coordinator may test her own computer (a check token), nobody else from planning', async () => {
    const mint = (credential: string) =>
      fetch(`${server.url}/api/planning/readiness/token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${credential}` },
      });
    const minted = await mint(coordinator);
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    expect((await server.checkTokens.verify(token)).sub).toBe('coord-1');
    const tutor = await server.apiTokens.mint('tutor', 'tutor-emily', 'Emily');
    expect((await mint(tutor)).status).toBe(403);
    expect((await mint(await deviceKey(WEAK_CLASS))).status).toBe(403);
  });
});
