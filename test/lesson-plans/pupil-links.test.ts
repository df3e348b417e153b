import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../signaling';
import { demoLinks } from '../../signaling/demo';
import { MAX_PUPIL_LINKS_PER_CLASS } from '../../lesson-plans/contract/pupil';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectClient, refusedConnection } from '../helpers/socketClient';

/** Emily's Monday lesson with CE2 and CM2 Jaurès (demo town), and its weekly series. */
const LESSON = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-07';
const SERIES = 'slot-ecole-jaures-ce2_ecole-jaures-cm2';
const CLASS = 'ecole-jaures-ce2';
const OTHER_CLASS = 'ecole-curie-cm1';

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

/**
 * Pupil links (issue 13, item 1) over the real server and store (SQLite, and PostgreSQL in the
 * `postgres` project): who may create and revoke them, what is stored, and their exchange for
 * a lesson token, refused once revoked or over, at the exchange and at the socket's door.
 */
describe('pupil links: create, revoke, expire, exchange', () => {
  let server: TestServer;
  const base = new Date('2026-11-28T10:00:00Z');
  let clock = base;
  const tokens: Record<string, string> = {};
  /** Every line the server logs, at debug level: no pupil key or token may appear in one. */
  const logLines: string[] = [];
  let startsAt = '';
  let endsAt = '';

  async function call(token: string | null, method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} } as Answer;
  }

  const create = (token: string, classId: string, body: Record<string, unknown>) =>
    call(token, 'POST', `/api/planning/classes/${classId}/pupil-links`, body);
  const keyOf = (answer: Answer) => new URL(answer.body.url as string).hash.replace('#cle=', '');
  const exchange = (key: string) => call(key, 'POST', '/api/pupil/session');

  beforeAll(async () => {
    const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
    server = await startTestServer({ withPlanning: true, now: () => clock, logger });
    const store = server.planning!;
    const api = server.apiTokens;
    const session = (await store.getSession(LESSON))!;
    startsAt = session.startsAt;
    endsAt = session.endsAt;
    tokens.teacher = await api.mint('teacher', (await store.getClass(CLASS))!.teacherId, 'Mme L');
    tokens.otherTeacher = await api.mint(
      'teacher',
      (await store.getClass(OTHER_CLASS))!.teacherId,
      'Mme Roux',
    );
    tokens.tutor = await api.mint('tutor', 'tutor-emily', 'Emily Hartley');
    tokens.inspector = await api.mint('inspector', 'inspector-martin', 'Claire Martin');
    tokens.coordinator = await api.mint('coordinator', 'coord-1', 'Mairie');
    tokens.device = await api.mint('classroom', CLASS, 'CE2 Jaurès');
    tokens.otherDevice = await api.mint('classroom', OTHER_CLASS, 'CM1 Curie');
    tokens.lesson = await server.tokens.mint({
      sessionId: LESSON,
      role: 'classroom',
      displayName: 'CE2 Jaurès',
      subject: CLASS,
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates a link for one lesson: the key in the fragment, stored as a hash, ending with the lesson', async () => {
    const answer = await create(tokens.teacher!, CLASS, { pupilName: 'Léa', sessionId: LESSON });
    expect(answer.status).toBe(201);
    const url = new URL(answer.body.url as string);
    expect(url.pathname).toBe('/eleve');
    expect(url.search).toBe('');
    expect(answer.body.link).toMatchObject({
      classId: CLASS,
      pupilName: 'Léa',
      sessionId: LESSON,
      allowCamera: false,
      expiresAt: endsAt,
      revokedAt: null,
    });
    const listed = await call(tokens.teacher!, 'GET', `/api/planning/classes/${CLASS}/pupil-links`);
    expect(JSON.stringify(listed.body)).not.toContain(keyOf(answer));
    expect(listed.body.links).toHaveLength(1);
    // The whiteboard's key creates one too, for its own class, camera allowed.
    const fromBoard = await create(tokens.device!, CLASS, {
      pupilName: 'T. M.',
      sessionId: LESSON,
      allowCamera: true,
    });
    expect(fromBoard.status).toBe(201);
    expect(fromBoard.body.link).toMatchObject({ allowCamera: true });
  });

  it('creates a link for the series, ending with its last planned lesson', async () => {
    const answer = await create(tokens.coordinator!, CLASS, { pupilName: 'Noé', slotId: SERIES });
    expect(answer.status).toBe(201);
    const sessions = await server.planning!.listSessions({
      slotId: SERIES,
      from: base.toISOString(),
    });
    expect((answer.body.link as { expiresAt: string }).expiresAt).toBe(sessions.at(-1)!.endsAt);
  });

  it("refuses another class's teacher, a tutor, an inspector, another class's key and a lesson token (forbidden)", async () => {
    const body = { pupilName: 'Léa', sessionId: LESSON };
    for (const who of ['otherTeacher', 'tutor', 'inspector', 'otherDevice', 'lesson']) {
      const answer = await create(tokens[who]!, CLASS, body);
      expect([who, answer.status, answer.body.error?.code]).toEqual([who, 403, 'forbidden']);
    }
    // A lesson of another class is not this class's to open.
    const wrongLesson = await create(tokens.otherTeacher!, OTHER_CLASS, body);
    expect(wrongLesson.body.error?.code).toBe('not_found');
  });

  it('takes a first name or initials only (invalid_request)', async () => {
    for (const pupilName of ['Léa Martin 06 12 34 56 78', 'Léa, asthme', 'x'.repeat(25), '']) {
      const answer = await create(tokens.teacher!, CLASS, { pupilName, sessionId: LESSON });
      expect([pupilName, answer.body.error?.code]).toEqual([pupilName, 'invalid_request']);
    }
    const both = await create(tokens.teacher!, CLASS, {
      pupilName: 'Léa',
      sessionId: LESSON,
      slotId: SERIES,
    });
    expect(both.body.error?.code).toBe('invalid_request');
  });

  it('exchanges the key for a pupil token once the door is open, and the token opens the lesson', async () => {
    const key = keyOf(
      await create(tokens.teacher!, CLASS, { pupilName: 'Léa', sessionId: LESSON }),
    );
    clock = base;
    expect((await exchange(key)).body.error?.code).toBe('conflict');
    clock = new Date(Date.parse(startsAt) - 5 * 60_000);
    const answer = await exchange(key);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ sessionId: LESSON, pupilName: 'Léa', allowCamera: false });
    const claims = await server.tokens.verify(answer.body.token as string, LESSON);
    expect(claims).toMatchObject({ role: 'pupil', name: 'Léa', pupil: { classId: CLASS } });
    const client = await connectClient(server, 'pupil', 'Léa', {
      sessionId: LESSON,
      token: answer.body.token as string,
    });
    client.close();
    // The key opens nothing else.
    expect((await call(key, 'GET', `/api/planning/sessions/${LESSON}/plan`)).status).toBe(401);
    expect((await call(tokens.teacher!, 'POST', '/api/pupil/session')).status).toBe(401);
    clock = base;
  });

  it('keeps the pupil key and its token out of Referers, logs, the board and what others receive', async () => {
    const key = keyOf(
      await create(tokens.teacher!, CLASS, { pupilName: 'Léa', sessionId: LESSON }),
    );
    // The pupil's page sends no Referer: a link followed from it names nothing of the key.
    const page = await fetch(`${server.url}/eleve`);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('<meta name="referrer" content="no-referrer"');
    clock = new Date(Date.parse(startsAt) + 60_000);
    const token = (await exchange(key)).body.token as string;
    const join = async (role: 'tutor' | 'classroom' | 'pupil', name: string, ownToken?: string) => {
      const client = await connectClient(server, role, name, {
        sessionId: LESSON,
        ...(ownToken === undefined ? {} : { token: ownToken }),
      });
      const caps = await client.request('getRouterRtpCapabilities', {});
      const { rtpCapabilities } = (caps as { data: { rtpCapabilities: unknown } }).data;
      expect((await client.request('joinSession', { rtpCapabilities })).ok).toBe(true);
      return client;
    };
    const tutor = await join('tutor', 'Emily');
    const classroom = await join('classroom', 'CE2 Jaurès');
    const pupil = await join('pupil', 'Léa', token);
    await pupil.request('raiseHand', { raised: true });
    await expect
      .poll(() => tutor.received.some(([event]) => event === 'participantJoined'))
      .toBe(true);
    const board = Buffer.from((await server.registry.open(LESSON)).board.snapshot()).toString();
    const seenByOthers = JSON.stringify([tutor.received, classroom.received]);
    for (const secret of [key, token]) {
      expect(seenByOthers).not.toContain(secret);
      expect(board).not.toContain(secret);
      expect(logLines.join('\n')).not.toContain(secret);
    }
    // Scoped to that one lesson: another lesson's door refuses the token.
    expect(
      await refusedConnection(server, { role: 'pupil', sessionId: `${LESSON}-other`, token }),
    ).toBe('forbidden');
    for (const client of [tutor, classroom, pupil]) client.close();
    clock = base;
  });

  it('refuses a revoked link at the exchange and at the door, and sends its pupil out of the lesson', async () => {
    const created = await create(tokens.teacher!, CLASS, { pupilName: 'Léa', sessionId: LESSON });
    const key = keyOf(created);
    clock = new Date(Date.parse(startsAt) + 60_000);
    const token = (await exchange(key)).body.token as string;
    const pupil = await connectClient(server, 'pupil', 'Léa', { sessionId: LESSON, token });
    const caps = await pupil.request('getRouterRtpCapabilities', {});
    const rtpCapabilities = (caps as { data: { rtpCapabilities: unknown } }).data.rtpCapabilities;
    expect((await pupil.request('joinSession', { rtpCapabilities })).ok).toBe(true);
    const gone = new Promise((resolve) => pupil.socket.once('disconnect', resolve));

    const linkId = (created.body.link as { id: string }).id;
    expect(
      (await call(tokens.otherTeacher!, 'DELETE', `/api/planning/pupil-links/${linkId}`)).status,
    ).toBe(403);
    const revoked = await call(tokens.teacher!, 'DELETE', `/api/planning/pupil-links/${linkId}`);
    expect(revoked.status).toBe(200);
    await gone;
    // Attendance knows the pupil by the first name its link gives, and nothing more.
    const pupilStay = async () =>
      (await server.planning!.listAttendance(LESSON)).find((row) => row.role === 'pupil');
    for (let tries = 0; !(await pupilStay()) && tries < 400; tries++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await pupilStay()).toMatchObject({ role: 'pupil', displayName: 'Léa' });
    const refused = await exchange(key);
    expect([refused.status, refused.body.error?.code]).toEqual([401, 'unauthenticated']);
    expect(refused.body.error?.message).toMatch(/retiré/);
    expect(await refusedConnection(server, { role: 'pupil', sessionId: LESSON, token })).toBe(
      'forbidden',
    );
    clock = base;
  });

  it('refuses an expired link at the exchange and at the door, and forgets it a week later', async () => {
    const created = await create(tokens.teacher!, CLASS, { pupilName: 'Léa', sessionId: LESSON });
    const key = keyOf(created);
    clock = new Date(Date.parse(startsAt) + 60_000);
    const token = (await exchange(key)).body.token as string;
    clock = new Date(Date.parse(endsAt) + 60_000);
    const refused = await exchange(key);
    expect([refused.status, refused.body.error?.code]).toEqual([401, 'unauthenticated']);
    expect(await refusedConnection(server, { role: 'pupil', sessionId: LESSON, token })).toBe(
      'forbidden',
    );
    const linkId = (created.body.link as { id: string }).id;
    clock = new Date(Date.parse(endsAt) + 8 * 24 * 60 * 60_000);
    await server.planning!.purgePupilLinks();
    expect(await server.planning!.pupilLinkById(linkId)).toBeUndefined();
    clock = base;
  });

  it("prints a pupil link in the demo, which opens once the lesson's tutor is in", async () => {
    clock = base;
    const links = await demoLinks(server, server.planning!);
    const pupilLink = links.find((link) => link.label.startsWith('pupil at home'));
    expect(pupilLink?.url).toMatch(/\/eleve#cle=/);
    const key = new URL(pupilLink!.url).hash.replace('#cle=', '');
    expect((await exchange(key)).body.error?.code).toBe('conflict');
    const tutorUrl = new URL(links.find((link) => link.label.startsWith('tutor'))!.url);
    const sessionId = decodeURIComponent(tutorUrl.pathname.split('/').at(-1)!);
    const token = new URLSearchParams(tutorUrl.hash.slice(1)).get('token')!;
    const tutor = await connectClient(server, 'tutor', 'Emily', { sessionId, token });
    const caps = await tutor.request('getRouterRtpCapabilities', {});
    const rtpCapabilities = (caps as { data: { rtpCapabilities: unknown } }).data.rtpCapabilities;
    expect((await tutor.request('joinSession', { rtpCapabilities })).ok).toBe(true);
    const answer = await exchange(key);
    expect([answer.status, answer.body.sessionId]).toEqual([201, sessionId]);
    tutor.close();
  });
  it('refuses a class more links in use than MAX_PUPIL_LINKS_PER_CLASS (conflict), until one is revoked', async () => {
    const path = `/api/planning/classes/${CLASS}/pupil-links`;
    const inUse = async () =>
      ((await call(tokens.teacher!, 'GET', path)).body.links as unknown[]).length;
    const created: string[] = [];
    while ((await inUse()) < MAX_PUPIL_LINKS_PER_CLASS) {
      const answer = await create(tokens.teacher!, CLASS, { pupilName: 'A. B.', slotId: SERIES });
      expect(answer.status).toBe(201);
      created.push((answer.body.link as { id: string }).id);
    }
    const refused = await create(tokens.teacher!, CLASS, { pupilName: 'C. D.', slotId: SERIES });
    expect([refused.status, refused.body.error?.code]).toEqual([409, 'conflict']);
    expect(await inUse()).toBe(MAX_PUPIL_LINKS_PER_CLASS);
    const revoked = await call(
      tokens.teacher!,
      'DELETE',
      `/api/planning/pupil-links/${created[0]}`,
    );
    expect(revoked.status).toBeLessThan(300);
    const again = await create(tokens.teacher!, CLASS, { pupilName: 'C. D.', slotId: SERIES });
    expect(again.status).toBe(201);
  });
});
