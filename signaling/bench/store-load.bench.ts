/*
 * What a lesson asks of the store: a real server in this process on a throwaway PostgreSQL
 * (scripts/local-postgres.ts), the demo timetable, L planned lessons of one tutor, two
 * classrooms and an inspector joining through socket.io, then a stretch of lesson with
 * quality reports and continuous drawing, then everyone leaving. Every statement the pg
 * driver sends is counted by table; the attendance heartbeat and board writes run faster
 * than their defaults (1 s and 0.5 s) and are reported per heartbeat and per write, then
 * scaled to the defaults (30 s, 3 s). Last, the bytes each kind of row takes on disk
 * (table + indexes + TOAST, after bulk inserts).
 *
 *   npx tsx signaling/bench/store-load.bench.ts [--lessons 10] [--seconds 8]
 */
import { parseArgs } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBase64 } from 'lib0/buffer';
import { sql } from 'kysely';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { openPlanningStore, seedDemoData, type PlanningStore } from '../../lesson-plans';
import { openPlanningDatabase } from '../../lesson-plans/store/open';
import { startLocalPostgres } from '../../scripts/local-postgres';
import { PROTOCOL_VERSION, type Ack, type Role } from '../protocol';
import { createLogger, loadConfig, startPasserelleServer, type RunningServer } from '..';

const ROLES: [Role, string][] = [
  ['tutor', 'Tutor'],
  ['classroom', 'CM1'],
  ['classroom', 'CM2'],
  ['inspector', 'IEN'],
];
const HEARTBEAT_MS = 1_000;
const SNAPSHOT_MS = 500;

/** Statements sent by the pg driver, by "verb table" (begin/commit counted apart). */
const counts = new Map<string, number>();

function countStatements(): void {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string })?.text ?? '');
    const verb = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? '?';
    const table = /\b(?:from|into|update)\s+"?(\w+)"?/i.exec(text)?.[1] ?? '';
    const key = `${verb} ${table}`.trim();
    // The server only writes attendance; its reads are this bench's own polling.
    if (key !== 'select attendance') counts.set(key, (counts.get(key) ?? 0) + 1);
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

function takeCounts(): Map<string, number> {
  const taken = new Map(counts);
  counts.clear();
  return taken;
}

function total(taken: Map<string, number>, match: (key: string) => boolean = () => true): number {
  return [...taken].filter(([key]) => match(key)).reduce((sum, [, n]) => sum + n, 0);
}

function show(label: string, taken: Map<string, number>, per: number, unit: string): void {
  console.log(
    `${label}: ${total(taken)} statements, ${(total(taken) / per).toFixed(2)} per ${unit}`,
  );
  for (const [key, n] of [...taken].sort((a, b) => b[1] - a[1]))
    console.log(
      `    ${key.padEnd(34)} ${String(n).padStart(6)}  (${(n / per).toFixed(2)} per ${unit})`,
    );
}

async function call<T>(socket: Socket, name: string, payload: unknown): Promise<T> {
  const ack = (await socket.emitWithAck(name, payload)) as Ack<T>;
  if (!ack.ok) throw new Error(`${name}: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

async function joinLesson(server: RunningServer, sessionId: string, [role, name]: [Role, string]) {
  const token = await server.tokens.mint({ sessionId, role, displayName: name });
  const socket = io(server.url, {
    auth: { token, sessionId, protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const { rtpCapabilities } = await call<{ rtpCapabilities: unknown }>(
    socket,
    'getRouterRtpCapabilities',
    {},
  );
  await call(socket, 'joinSession', { rtpCapabilities });
  return { socket, role };
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One stroke of `points` random-walk points, as a page's update. */
function strokeUpdate(doc: Y.Doc, id: string, points: number): Uint8Array {
  const before = Y.encodeStateVector(doc);
  const stroke = new Y.Map<unknown>(
    Object.entries({ id, tool: 'pen', color: '#1565c0', width: 0.004 }),
  );
  const coordinates = new Y.Array<number>();
  let [x, y] = [0.5, 0.5];
  const values: number[] = [];
  for (let i = 0; i < points; i += 1) {
    x = Math.min(1, Math.max(0, x + (Math.random() - 0.5) * 0.01));
    y = Math.min(1, Math.max(0, y + (Math.random() - 0.5) * 0.01));
    values.push(Math.fround(x), Math.fround(y));
  }
  coordinates.push(values);
  stroke.set('points', coordinates);
  doc.getArray('strokes').push([stroke]);
  return Y.encodeStateAsUpdate(doc, before);
}

type Joined = Awaited<ReturnType<typeof joinLesson>>;

async function joinAll(server: RunningServer, store: PlanningStore, sessionIds: string[]) {
  const joined: Joined[] = [];
  for (const sessionId of sessionIds)
    for (const seat of ROLES) joined.push(await joinLesson(server, sessionId, seat));
  await waitFor(async () => {
    const rows = await Promise.all(sessionIds.map((id) => store.listAttendance(id)));
    return rows.flat().filter((row) => row.present).length === joined.length;
  }, 'attendance rows');
  return joined;
}

/** Quality reports every 250 ms from the visible seats, a stroke every 200 ms per tutor. */
async function lessonStretch(joined: Joined[], seconds: number): Promise<number> {
  const docs = new Map<Socket, Y.Doc>();
  const started = Date.now();
  let strokes = 0;
  const report = { sendBitrateKbps: 900, recvBitrateKbps: 1500, packetLossPercent: 0.5 };
  while (Date.now() - started < seconds * 1000) {
    for (const { socket, role } of joined) {
      if (role === 'inspector') continue;
      await call(socket, 'reportQuality', { ...report, roundTripMs: 30, freezeCount: 0 });
      if (role !== 'tutor') continue;
      const doc = docs.get(socket) ?? new Y.Doc();
      docs.set(socket, doc);
      const update = strokeUpdate(doc, `s${(strokes += 1)}`, 40);
      await call(socket, 'updateBoard', { update: toBase64(update) });
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return (Date.now() - started) / 1000;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lessons: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '8' },
    },
  });
  const lessons = Number(values.lessons);
  const seconds = Number(values.seconds);
  const postgres = await startLocalPostgres();
  try {
    await measureLessons(postgres.urlOf('postgres'), lessons, seconds);
    await measureRowSizes(postgres.urlOf('postgres'));
  } finally {
    await postgres.stop();
  }
}

async function measureLessons(databaseUrl: string, lessons: number, seconds: number) {
  const store = await openPlanningStore({ databaseUrl });
  await seedDemoData(store);
  const now = Date.now();
  const sessionIds = (await store.listSessions({}))
    .filter((s) => Date.parse(s.endsAt) > now && s.state === 'scheduled')
    .slice(0, lessons)
    .map((s) => s.id);
  countStatements();
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    RTC_PORT: '0',
    MEDIASOUP_NUM_WORKERS: '1',
    DEMO: '0',
    PASSERELLE_STATE_DIR: join(mkdtempSync(join(tmpdir(), 'store-load-')), 'state'),
    PASSERELLE_TOKEN_SECRET: 'store-load-bench-secret-long-enough-for-hs256',
    ATTENDANCE_HEARTBEAT_MS: String(HEARTBEAT_MS),
    BOARD_SNAPSHOT_MS: String(SNAPSHOT_MS),
  });
  const server = await startPasserelleServer({
    config,
    logger: createLogger('silent'),
    planning: store,
  });
  takeCounts();
  const joined = await joinAll(server, store, sessionIds);
  const seats = joined.length;
  show(`\njoin (${sessionIds.length} lessons, ${seats} participants)`, takeCounts(), seats, 'join');
  const elapsed = await lessonStretch(joined, seconds);
  const during = takeCounts();
  report(during, elapsed, sessionIds.length);
  for (const { socket } of joined) socket.disconnect();
  await waitFor(
    async () =>
      (await Promise.all(sessionIds.map((id) => store.listAttendance(id))))
        .flat()
        .every((row) => !row.present),
    'stays closed',
  );
  show('leave', takeCounts(), seats, 'participant');
  await server.close();
  await store.close();
}

/**
 * Both a quality sample and a board write first read their lesson (`select sessions`), so
 * each counts two statements: the read and its insert.
 */
function report(during: Map<string, number>, elapsed: number, lessons: number): void {
  const beats = elapsed / (HEARTBEAT_MS / 1000);
  const writes = elapsed / (SNAPSHOT_MS / 1000);
  show(
    `\nlesson stretch (${elapsed.toFixed(1)} s, ${lessons} lessons)`,
    during,
    lessons * elapsed,
    'lesson-second',
  );
  const boardWrites = during.get('insert board_snapshots') ?? 0;
  const samples = during.get('insert quality_samples') ?? 0;
  const attendance = total(during, (key) => key.includes('attendance'));
  const samplesPerBeat = samples / beats / lessons;
  const writesPerSlot = boardWrites / writes / lessons;
  console.log('\nat the defaults (heartbeat 30 s, a changed board written every 3 s):');
  console.log(
    `  attendance: ${(attendance / beats).toFixed(2)} statements per heartbeat per node, whatever its lessons`,
  );
  console.log(
    `  quality: ${samplesPerBeat.toFixed(2)} samples per heartbeat per lesson = ${(samplesPerBeat * 2 * 2).toFixed(1)} statements per lesson-minute`,
  );
  console.log(
    `  board: ${writesPerSlot.toFixed(2)} writes per interval per lesson drawing = ${(writesPerSlot * 2 * 20).toFixed(1)} statements per lesson-minute`,
  );
}

/** Bytes per row on disk: table, indexes and TOAST, after `count` rows written in bulk. */
async function bytesPerRow(db: Awaited<ReturnType<typeof openPlanningDatabase>>, table: string) {
  const { rows } = await sql<{ bytes: number; n: number }>`
    select pg_total_relation_size(${table}::regclass) as bytes,
      (select count(*) from ${sql.table(table)}) as n`.execute(db);
  return Number(rows[0]!.bytes) / Number(rows[0]!.n);
}

async function measureRowSizes(databaseUrl: string): Promise<void> {
  const db = await openPlanningDatabase({ databaseUrl });
  const [session] = await db.selectFrom('sessions').select('id').limit(1).execute();
  const rows = 20_000;
  const at = (i: number) => new Date(Date.UTC(2026, 8, 1) + i * 60_000).toISOString();
  for (let start = 0; start < rows; start += 1000) {
    const batch = Array.from({ length: 1000 }, (_, k) => start + k);
    await db
      .insertInto('attendance')
      .values(
        batch.map((i) => ({
          id: `att-bench-${i}`,
          session_id: session!.id,
          role: 'classroom',
          display_name: `CM1 École ${i % 300}`,
          joined_at: at(i),
          left_at: at(i + 30),
          last_seen_at: at(i + 30),
          open: 0,
        })),
      )
      .execute();
    await db
      .insertInto('quality_samples')
      .values(
        batch.map((i) => ({
          id: `q-bench-${i}`,
          session_id: session!.id,
          role: 'classroom',
          display_name: `CM1 École ${i % 300}`,
          recorded_at: at(i),
          bitrate_kbps: 1234.5,
          packet_loss_pct: 0.4,
          freeze_count: 1,
          round_trip_ms: 31.2,
        })),
      )
      .execute();
  }
  await sql`vacuum analyze`.execute(db);
  console.log('\nbytes on disk per row (PostgreSQL: table + indexes + TOAST):');
  for (const table of [
    'attendance',
    'quality_samples',
    'lesson_plans',
    'plan_history',
    'sessions',
    'session_classes',
  ])
    console.log(`  ${table.padEnd(18)} ${(await bytesPerRow(db, table)).toFixed(0)} B`);
  await boardSnapshotBytes(databaseUrl);
  await db.destroy();
}

/** A busy lesson's board (300-600 KB in Yjs, boardLimits.ts): 1,000 strokes of 80 points. */
async function boardSnapshotBytes(databaseUrl: string): Promise<void> {
  const store = await openPlanningStore({ databaseUrl });
  const db = await openPlanningDatabase({ databaseUrl });
  const doc = new Y.Doc();
  for (let i = 0; i < 1000; i += 1) strokeUpdate(doc, `b${i}`, 80);
  const state = Y.encodeStateAsUpdate(doc);
  const sessions = await store.listSessions({});
  for (const session of sessions.slice(0, 20)) await store.saveBoardSnapshot(session.id, state);
  await sql`vacuum analyze board_snapshots`.execute(db);
  const perRow = await bytesPerRow(db, 'board_snapshots');
  console.log(
    `  board_snapshots    ${(perRow / 1024).toFixed(0)} KB for a ${(state.byteLength / 1024).toFixed(0)} KB board`,
  );
  await db.destroy();
  await store.close();
}

await main();
