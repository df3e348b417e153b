import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../lesson-plans';
import { openTestStore } from '../helpers/planningStore';
import { addToPlan, solidPng, uploadMaterial } from '../helpers/materials';
import { startTestServer, type TestServer } from '../helpers/server';
import { refusedConnection } from '../helpers/socketClient';

const NOW = new Date('2026-11-28T10:00:00Z');
const LESSON = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-07';
const CLASS = 'ecole-jaures-ce2';

/** Issue 8: each attack as it was found, now refused. */
describe('REST attacks of issue 8, refused', () => {
  let server: TestServer;
  let clock = NOW;
  let coordinator: string;
  let tutor: string;

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true, now: () => clock });
    coordinator = await server.apiTokens.mint('coordinator', 'coord-1', 'Mairie');
    tutor = await server.apiTokens.mint('tutor', 'tutor-emily', 'Emily');
  }, 60_000);
  afterAll(async () => server?.close());

  const call = (token: string | null, method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('row 2: a classroom key cannot write plans, upload, create feeds or get join links (forbidden)', async () => {
    const key = await server.apiTokens.mint('classroom', CLASS, 'CE2');
    const plan = `/api/planning/sessions/${LESSON}/plan`;
    expect((await call(key, 'GET', plan)).status).toBe(200);
    expect((await call(key, 'PUT', plan, { objectives: ['x'], expectedVersion: 0 })).status).toBe(
      403,
    );
    const upload = await uploadMaterial(server, key, {
      bytes: solidPng(),
      type: 'image/png',
      name: 'x',
      kind: 'image',
    });
    expect(upload.status).toBe(403);
    expect(
      (await call(key, 'POST', '/api/planning/feeds', { kind: 'class', id: CLASS })).status,
    ).toBe(403);
    expect((await call(key, 'POST', `/api/planning/sessions/${LESSON}/join-links`)).status).toBe(
      403,
    );
  });

  it('row 2: a rotated and a revoked classroom key are refused (unauthenticated)', async () => {
    const old = await server.apiTokens.mint('classroom', CLASS, 'CE2');
    expect((await call(old, 'GET', '/api/classroom/lesson')).status).toBe(200);
    expect((await call(tutor, 'POST', `/api/credentials/classrooms/${CLASS}/key`)).status).toBe(
      403,
    );
    expect((await call(old, 'POST', `/api/credentials/classrooms/${CLASS}/key`)).status).toBe(401);
    const rotated = await call(coordinator, 'POST', `/api/credentials/classrooms/${CLASS}/key`);
    expect(rotated.status).toBe(201);
    const issued = (await rotated.json()) as { key: string; url: string; expiresAt: string };
    expect(issued.expiresAt).toBe('2027-07-02T23:59:59.000Z');
    expect(issued.url).toContain(`#key=`);
    expect((await call(old, 'GET', '/api/classroom/lesson')).status).toBe(401);
    expect((await call(issued.key, 'GET', '/api/classroom/lesson')).status).toBe(200);
    expect(
      (await call(coordinator, 'DELETE', `/api/credentials/classrooms/${CLASS}/key`)).status,
    ).toBe(200);
    expect((await call(issued.key, 'GET', '/api/classroom/lesson')).status).toBe(401);
  });

  it('row 1: a lesson link cannot list lessons, mint join links or touch another lesson', async () => {
    const link = await server.tokens.mint({
      sessionId: LESSON,
      role: 'classroom',
      displayName: 'CE2',
      subject: CLASS,
    });
    expect((await call(link, 'GET', '/api/planning/sessions')).status).toBe(403);
    expect((await call(link, 'GET', '/api/planning/materials')).status).toBe(403);
    expect((await call(link, 'POST', `/api/planning/sessions/${LESSON}/join-links`)).status).toBe(
      403,
    );
    expect(
      (await call(link, 'POST', `/api/planning/sessions/${LESSON}/state`, { state: 'done' }))
        .status,
    ).toBe(403);
    const other = `/api/planning/sessions/slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-14/plan`;
    expect((await call(link, 'GET', other)).status).toBe(404);
    expect((await call(link, 'GET', `/api/planning/sessions/${LESSON}/plan`)).status).toBe(200);
    const query = await fetch(
      `${server.url}/api/planning/sessions/${LESSON}/plan?access_token=${link}`,
    );
    expect(query.status).toBe(401);
  });

  it("row 1: the tutor's lesson link saves only the handover note of its lesson", async () => {
    const link = await server.tokens.mint({
      sessionId: LESSON,
      role: 'tutor',
      displayName: 'Emily',
      subject: 'tutor-emily',
    });
    const path = `/api/planning/sessions/${LESSON}/plan`;
    const { plan } = (await (await call(link, 'GET', path)).json()) as {
      plan: { version: number };
    };
    const overwrite = { objectives: ['pwned'], expectedVersion: plan.version };
    expect((await call(link, 'PUT', path, overwrite)).status).toBe(403);
    const note = { handoverNote: 'Sang the song twice.', expectedVersion: plan.version };
    expect((await call(link, 'PUT', path, note)).status).toBe(200);
  });

  it('row 9: SVG and HTML declared as PNG are refused; a real PNG is served inert', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
    const asSvg = await uploadMaterial(server, tutor, {
      bytes: svg,
      type: 'image/svg+xml',
      name: 's',
      kind: 'image',
    });
    const asPng = await uploadMaterial(server, tutor, {
      bytes: html,
      type: 'image/png',
      name: 'h',
      kind: 'image',
    });
    for (const refused of [asSvg, asPng]) {
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const png = await uploadMaterial(server, tutor, {
      bytes: solidPng(),
      type: 'image/png',
      name: 'p',
      kind: 'image',
    });
    const { material } = (await png.json()) as { material: { id: string } };
    await addToPlan(server, tutor, LESSON, material.id);
    const content = await call(
      tutor,
      'GET',
      `/api/planning/sessions/${LESSON}/materials/${material.id}/content`,
    );
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(content.headers.get('x-content-type-options')).toBe('nosniff');
    expect(content.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('row 8: done on a future lesson is refused (conflict), and the coordinator reverts a mistaken done', async () => {
    const state = (token: string, value: string) =>
      call(token, 'POST', `/api/planning/sessions/${LESSON}/state`, { state: value });
    const future = await state(tutor, 'done');
    expect(future.status).toBe(409);
    expect(await future.json()).toMatchObject({ error: { code: 'conflict' } });
    clock = new Date('2026-12-07T08:10:00Z');
    expect((await state(tutor, 'done')).status).toBe(200);
    expect((await state(tutor, 'scheduled')).status).toBe(403);
    const reverted = await state(coordinator, 'scheduled');
    expect(reverted.status).toBe(200);
    expect(await reverted.json()).toMatchObject({ session: { state: 'scheduled' } });
    clock = NOW;
  });

  it('row 10: a link minted before its lesson was cancelled is refused at socket connect (forbidden)', async () => {
    const cancelledLesson = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-14';
    const token = await server.tokens.mint({
      sessionId: cancelledLesson,
      role: 'classroom',
      displayName: 'CE2',
      subject: CLASS,
    });
    expect(await refusedConnection(server, { token, sessionId: cancelledLesson })).toBe(
      'connected',
    );
    const cancel = await call(
      coordinator,
      'POST',
      `/api/planning/sessions/${cancelledLesson}/state`,
      {
        state: 'cancelled',
      },
    );
    expect(cancel.status).toBe(200);
    expect(await refusedConnection(server, { token, sessionId: cancelledLesson })).toBe(
      'forbidden',
    );
    expect(
      (await call(token, 'GET', `/api/planning/sessions/${cancelledLesson}/plan`)).status,
    ).toBe(401);
  });

  it('row 10: feed tokens are listed for their owner and revocable', async () => {
    const created = await call(tutor, 'POST', '/api/planning/feeds', {
      kind: 'tutor',
      id: 'tutor-emily',
    });
    const { url, feedId } = (await created.json()) as { url: string; feedId: string };
    expect((await fetch(url)).status).toBe(200);
    const listed = (await (await call(tutor, 'GET', '/api/planning/feeds')).json()) as {
      feeds: { feedId: string }[];
    };
    expect(listed.feeds.map((feed) => feed.feedId)).toContain(feedId);
    expect((await call(coordinator, 'DELETE', `/api/planning/feeds/${feedId}`)).status).toBe(404);
    expect((await call(tutor, 'DELETE', `/api/planning/feeds/${feedId}`)).status).toBe(200);
    expect((await fetch(url)).status).toBe(404);
  });

  it("a person's API tokens are revoked at once (unauthenticated afterwards)", async () => {
    const mine = await server.apiTokens.mint('teacher', 'teacher-revoked', 'T');
    expect((await call(mine, 'GET', '/api/planning/schools')).status).toBe(200);
    expect(
      (await call(mine, 'DELETE', '/api/credentials/people/teacher-revoked/tokens')).status,
    ).toBe(200);
    expect((await call(mine, 'GET', '/api/planning/schools')).status).toBe(401);
  });
});

describe('REST 500s (issue 8, row 10)', () => {
  it('are logged with pino and answered `internal`', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const planning = await openTestStore();
    await seedDemoData(planning);
    planning.listSchools = () => Promise.reject(new Error('disk on fire'));
    const server = await startTestServer({ planning, logger: pino({ level: 'error' }, sink) });
    const token = await server.apiTokens.mint('coordinator', 'coord-1', 'Mairie');
    const response = await fetch(`${server.url}/api/planning/schools`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: 'internal', message: 'internal error' },
    });
    const logged = lines.map(
      (line) => JSON.parse(line) as { msg: string; err?: { message: string } },
    );
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: 'REST request failed',
        err: expect.objectContaining({ message: 'disk on fire' }),
      }),
    );
    await server.close();
  });
});
