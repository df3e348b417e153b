import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hashedFeedPath } from '../../lesson-plans';
import { createLogger } from '../../signaling';
import { BoardDocument } from '../../web/src/board';
import { solidPng, uploadMaterial } from '../helpers/materials';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectClient, type TestClient } from '../helpers/socketClient';

/** Emily's Monday lesson with CE2 and CM2 Jaurès (demo town), in term 1. */
const LESSON = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-07';
const CLASS = 'ecole-jaures-ce2';
const OTHER_CLASS = 'ecole-curie-cm1';
/** Said, drawn or pushed during the lesson, never in the plan: must reach no family. */
const CAPTURED = ['Lucas', 'Chloé', 'photo-de-classe', 'tutor-only note'];

/** A tiny valid WAV (the material type is read from the bytes). */
function wav(level = 128): Uint8Array {
  const data = Buffer.alloc(800, level);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
  text: string;
  type: string;
}

describe('family recap: publish from the plan, read with the family key, subscribe to Atom', () => {
  let server: TestServer;
  let clock = new Date('2026-11-28T10:00:00Z');
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
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
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? (JSON.parse(text) as Answer['body']) : {};
    return { status: response.status, body: parsed, text, type } satisfies Answer;
  }

  async function upload(name: string, kind: string, bytes: Uint8Array, type: string) {
    const response = await uploadMaterial(server, tokens.tutor!, { bytes, type, name, kind });
    expect(response.status).toBe(201);
    return ((await response.json()) as { material: { id: string } }).material.id;
  }

  async function joined(role: 'tutor' | 'classroom', name: string, subject: string) {
    const token = await server.tokens.mint({ sessionId: LESSON, role, displayName: name, subject });
    const client = await connectClient(server, role, name, { sessionId: LESSON, token });
    const caps = await client.request('getRouterRtpCapabilities', {});
    const rtpCapabilities = caps.ok
      ? (caps.data as { rtpCapabilities: unknown }).rtpCapabilities
      : null;
    expect((await client.request('joinSession', { rtpCapabilities })).ok).toBe(true);
    return client;
  }

  /** A lesson like any other: the class draws, the tutor pushes a photo and a name. */
  async function runLesson(): Promise<void> {
    const tutor: TestClient = await joined('tutor', 'Emily', 'tutor-emily');
    const classroom: TestClient = await joined('classroom', 'CE2 Jaurès', CLASS);
    const board = new BoardDocument();
    const stroke = board.startStroke({
      tool: 'pen',
      color: '#1565c0',
      width: 0.004,
      x: 0.1,
      y: 0.1,
    });
    board.extendStroke(stroke, [0.4, 0.4, 0.6, 0.2]);
    board.endStroke(stroke);
    const update = Buffer.from(board.updateSince(Y.encodeStateVector(new Y.Doc()))).toString(
      'base64',
    );
    expect((await classroom.request('updateBoard', { update })).ok).toBe(true);
    const photo = { type: 'image', materialId: ids.photo, title: 'Lucas et Chloé au tableau' };
    expect((await tutor.request('pushContent', { content: photo })).ok).toBe(true);
    const card = { type: 'flashcard', word: 'Bravo Lucas' };
    expect((await tutor.request('pushContent', { content: card })).ok).toBe(true);
    // The lesson really holds them: a recap built from it would show them.
    const snapshot = Buffer.from((await server.registry.open(LESSON)).board.snapshot()).toString();
    expect(snapshot).toContain('Bravo Lucas');
    expect(snapshot).toContain(ids.photo);
    tutor.close();
    classroom.close();
  }

  beforeAll(async () => {
    // Every line the server logs, to show the family credentials never reach a log.
    const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
    server = await startTestServer({ withPlanning: true, now: () => clock, logger });
    const store = server.planning!;
    const api = server.apiTokens;
    const teacherId = (await store.getClass(CLASS))!.teacherId;
    const otherTeacher = (await store.getClass(OTHER_CLASS))!.teacherId;
    tokens.tutor = await api.mint('tutor', 'tutor-emily', 'Emily Hartley');
    tokens.teacher = await api.mint('teacher', teacherId, 'Mme Lefèvre');
    tokens.otherTeacher = await api.mint('teacher', otherTeacher, 'Mme Roux');
    tokens.inspector = await api.mint('inspector', 'inspector-martin', 'Claire Martin');
    tokens.coordinator = await api.mint('coordinator', 'coord-1', 'Mairie');
    tokens.device = await api.mint('classroom', CLASS, 'CE2');
    tokens.lesson = await server.tokens.mint({
      sessionId: LESSON,
      role: 'tutor',
      displayName: 'Emily',
      subject: 'tutor-emily',
    });
    ids.cat = await upload('cat', 'flashcard', solidPng(), 'image/png');
    ids.catSound = await upload('cat (pronunciation)', 'audio', wav(), 'audio/wav');
    ids.song = await upload('Old MacDonald', 'audio', wav(100), 'audio/wav');
    ids.pdf = await upload(
      'answers',
      'document',
      Buffer.from('%PDF-1.4\n%%EOF\n'),
      'application/pdf',
    );
    ids.photo = await upload('photo-de-classe', 'image', solidPng(4, 4, [9, 9, 9]), 'image/png');
    const plan = await call(tokens.tutor, 'GET', `/api/planning/sessions/${LESSON}/plan`);
    const saved = await call(tokens.tutor, 'PUT', `/api/planning/sessions/${LESSON}/plan`, {
      expectedVersion: (plan.body.plan as { version: number }).version,
      objectives: ['I can name farm animals'],
      vocabulary: [
        { word: 'cat', translation: 'chat' },
        { word: 'dog', translation: 'chien' },
      ],
      activities: [{ title: 'Song: Old MacDonald', minutes: 10, description: 'tutor-only note' }],
      materialIds: [ids.cat, ids.catSound, ids.song, ids.pdf],
      handoverNote: 'Lucas was shy today (tutor-only note)',
    });
    expect(saved.status).toBe(200);
    const session = (await store.getSession(LESSON))!;
    startsAt = session.startsAt;
    endsAt = session.endsAt;
  }, 60_000);

  afterAll(async () => server?.close());

  const publish = (token: string, homeActivity = 'Chante la chanson à la maison') =>
    call(token, 'POST', `/api/planning/sessions/${LESSON}/recap`, { homeActivity });

  it('refuses publishing before the lesson has started (conflict)', async () => {
    expect((await publish(tokens.tutor!)).body.error?.code).toBe('conflict');
  });

  it('runs the lesson: the class draws and the tutor pushes a photo and a name', async () => {
    clock = new Date(Date.parse(startsAt) + 5 * 60_000);
    const live = await call(tokens.tutor!, 'POST', `/api/planning/sessions/${LESSON}/state`, {
      state: 'live',
    });
    expect(live.status).toBe(200);
    await runLesson();
    clock = new Date(Date.parse(endsAt) + 10 * 60_000);
    const done = await call(tokens.tutor!, 'POST', `/api/planning/sessions/${LESSON}/state`, {
      state: 'done',
    });
    expect(done.status).toBe(200);
  }, 60_000);

  it('refuses publishing to a teacher of another class, an inspector, the coordinator, a classroom key and a lesson token', async () => {
    const refusals: Record<string, number> = {};
    for (const who of ['otherTeacher', 'inspector', 'coordinator', 'device', 'lesson'])
      refusals[who] = (await publish(tokens[who]!)).status;
    expect(refusals).toEqual({
      // Another class's lesson reads as absent, as everywhere in the planning API.
      otherTeacher: 404,
      inspector: 403,
      coordinator: 403,
      device: 403,
      lesson: 403,
    });
    const audit = await call(tokens.tutor!, 'GET', `/api/planning/sessions/${LESSON}/recap/audit`);
    expect(audit.body).toEqual({ current: null, audit: [] });
  });

  it('previews and publishes the plan only: nothing drawn, pushed or noted during the lesson', async () => {
    const preview = await call(
      tokens.teacher!,
      'GET',
      `/api/planning/sessions/${LESSON}/recap/preview`,
    );
    expect(preview.status).toBe(200);
    const published = await publish(tokens.teacher!);
    expect(published.status).toBe(201);
    const recap = published.body.recap as { content: Record<string, unknown>; version: number };
    expect(recap.version).toBe(1);
    expect(recap.content).toEqual({
      lessonDate: startsAt,
      objectives: ['I can name farm animals'],
      vocabulary: [
        { word: 'cat', translation: 'chat', pictureId: ids.cat, audioId: ids.catSound },
        { word: 'dog', translation: 'chien', pictureId: null, audioId: null },
      ],
      activities: ['Song: Old MacDonald'],
      materials: [
        { id: ids.cat, name: 'cat', kind: 'flashcard', mimeType: 'image/png' },
        { id: ids.catSound, name: 'cat (pronunciation)', kind: 'audio', mimeType: 'audio/wav' },
        { id: ids.song, name: 'Old MacDonald', kind: 'audio', mimeType: 'audio/wav' },
      ],
      homeActivity: 'Chante la chanson à la maison',
    });
    expect({ ...(preview.body.content as object), homeActivity: 'x' }).toEqual({
      ...recap.content,
      homeActivity: 'x',
    });
    for (const text of [...CAPTURED, ids.photo!, ids.pdf!])
      expect(published.text).not.toContain(text);
  });

  it('records who published, re-published and withdrew, and when', async () => {
    clock = new Date(clock.getTime() + 60_000);
    expect((await publish(tokens.tutor!, 'Dessine un chat')).body.recap).toMatchObject({
      version: 2,
    });
    clock = new Date(clock.getTime() + 60_000);
    const withdrawn = await call(tokens.tutor!, 'DELETE', `/api/planning/sessions/${LESSON}/recap`);
    expect(withdrawn.body).toEqual({ unpublished: 2 });
    clock = new Date(clock.getTime() + 60_000);
    expect((await publish(tokens.teacher!)).body.recap).toMatchObject({ version: 3 });
    const audit = await call(
      tokens.teacher!,
      'GET',
      `/api/planning/sessions/${LESSON}/recap/audit`,
    );
    const entries = audit.body.audit as {
      action: string;
      version: number;
      byName: string;
      at: string;
    }[];
    expect(entries.map(({ action, version, byName }) => [action, version, byName])).toEqual([
      ['publish', 1, 'Mme Lefèvre'],
      ['publish', 2, 'Emily Hartley'],
      ['unpublish', 2, 'Emily Hartley'],
      ['publish', 3, 'Mme Lefèvre'],
    ]);
    expect(entries[3]!.at).toBe(clock.toISOString());
    expect((audit.body.current as { version: number }).version).toBe(3);
  });

  let key = '';
  let feedUrl = '';

  it('issues the family link to the teacher or the coordinator only, key in the fragment', async () => {
    const path = `/api/planning/classes/${CLASS}/family-link`;
    expect((await call(tokens.tutor!, 'POST', path)).status).toBe(403);
    expect((await call(tokens.otherTeacher!, 'POST', path)).status).toBe(403);
    expect((await call(tokens.device!, 'POST', path)).status).toBe(403);
    const issued = await call(tokens.teacher!, 'POST', path);
    expect(issued.status).toBe(201);
    const link = issued.body as {
      url: string;
      feedUrl: string;
      expiresAt: string;
      termName: string;
    };
    expect(link.termName).toBe('Trimestre 1');
    expect(link.url).toMatch(new RegExp(`/familles/${CLASS}#cle=[A-Za-z0-9_-]{32}$`));
    key = link.url.split('#cle=')[1]!;
    feedUrl = link.feedUrl;
    expect(feedUrl).not.toContain(key);
  });

  it('shows families the published recap and the materials it shows, nothing else', async () => {
    const page = await call(key, 'GET', '/api/families/recaps');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ className: 'CE2 Jaurès', termName: 'Trimestre 1', feedUrl });
    expect((page.body.recaps as unknown[]).length).toBe(1);
    for (const text of [...CAPTURED, ids.photo!, ids.pdf!]) expect(page.text).not.toContain(text);
    const material = (id: string) => call(key, 'GET', `/api/families/materials/${id}/content`);
    expect((await material(ids.cat!)).type).toBe('image/png');
    expect((await material(ids.catSound!)).type).toBe('audio/wav');
    expect((await material(ids.photo!)).status).toBe(404);
    expect((await material(ids.pdf!)).status).toBe(404);
    // The family key opens nothing else, and nothing else opens the family API.
    expect((await call(key, 'GET', `/api/planning/sessions/${LESSON}/plan`)).status).toBe(401);
    const staff = await call(tokens.teacher!, 'GET', '/api/families/recaps');
    expect(staff.status).toBe(401);
    expect(staff.body.error?.message).toMatch(/^Ce lien n'est pas reconnu/);
    expect((await call(null, 'GET', `/api/families/recaps?cle=${key}`)).status).toBe(401);
  });

  it('serves an Atom feed that a feed reader parses, with the plan content and no key', async () => {
    const response = await fetch(feedUrl);
    expect(response.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await response.text();
    const feed = await new Parser().parseString(xml);
    expect(feed.title).toBe('Anglais – CE2 Jaurès : ce que nous avons appris');
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item!.title).toBe('Séance du lundi 7 décembre 2026');
    expect(item!.content).toContain('cat (chat)');
    expect(item!.content).toContain('Chante la chanson à la maison');
    expect(item!.link).toBe(`${server.url}/familles/${CLASS}#seance-${encodeURIComponent(LESSON)}`);
    for (const text of [...CAPTURED, ids.photo!, ids.pdf!, key, 'cle='])
      expect(xml).not.toContain(text);
    const token = new URL(feedUrl).pathname.split('/').pop()!.replace('.atom', '');
    expect(hashedFeedPath(`/feeds/${token}.atom`)).not.toContain(token);
  });

  it('keeps the feed token and the family key out of Referers, the lesson and the logs', async () => {
    const token = new URL(feedUrl).pathname.split('/').pop()!.replace('.atom', '');
    // No Referer leaves the family page or the feed: a link followed from either names neither.
    for (const url of [feedUrl, `${server.url}/familles/${CLASS}`]) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    // An unknown feed token is refused, and what is logged of any feed path is its hash.
    expect((await fetch(feedUrl.replace(token, `${token}x`))).status).toBe(404);
    const board = Buffer.from((await server.registry.open(LESSON)).board.snapshot()).toString();
    for (const secret of [token, key]) {
      expect(board).not.toContain(secret);
      expect(logLines.join('\n')).not.toContain(secret);
    }
  });

  it('refuses a link of a past term, in French, and a new term has a new link', async () => {
    clock = new Date('2027-01-05T09:00:00Z');
    const old = await call(key, 'GET', '/api/families/recaps');
    expect(old.status).toBe(401);
    expect(old.body.error?.message).toMatch(/fin de la période « Trimestre 1 »/);
    expect((await fetch(feedUrl)).status).toBe(404);
    const renewed = await call(
      tokens.coordinator!,
      'POST',
      `/api/planning/classes/${CLASS}/family-link`,
    );
    expect(renewed.body).toMatchObject({ termName: 'Trimestre 2' });
    const newKey = (renewed.body.url as string).split('#cle=')[1]!;
    expect((await call(newKey, 'GET', '/api/families/recaps')).status).toBe(200);
    expect((await call(key, 'GET', '/api/families/recaps')).status).toBe(401);
    key = newKey;
    feedUrl = renewed.body.feedUrl as string;
  });

  it('refuses a revoked link (page and feed), in French', async () => {
    const revoked = await call(
      tokens.teacher!,
      'DELETE',
      `/api/planning/classes/${CLASS}/family-link`,
    );
    expect(revoked.body).toEqual({ revoked: 1 });
    const refused = await call(key, 'GET', '/api/families/recaps');
    expect(refused.status).toBe(401);
    expect(refused.body.error?.message).toMatch(/remplacé ou retiré par l'école/);
    expect((await fetch(feedUrl)).status).toBe(404);
  });
});
