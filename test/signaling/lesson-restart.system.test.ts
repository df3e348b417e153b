import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openPlanningStore, seedDemoData } from '../../lesson-plans';
import type { Ack, Role } from '../../signaling/protocol';
import { BOARD_STROKES } from '../../signaling/protocol';
import { BoardDocument, BoardSync, type BoardTransport } from '../../web/src/board';
import { drawStroke, strokeIds } from '../board/fakeNetwork';
import { startLocalPostgres, type LocalPostgres } from '../../scripts/local-postgres';
import { exited, startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { connectClient, type TestClient } from '../helpers/socketClient';

/*
 * A real server process on a SQLite store, SIGKILLed mid-lesson and started again on the
 * same store: what was on the board comes back from the snapshot, what was drawn after the
 * last snapshot comes back from a page's re-sync (only from one allowed to draw), and the
 * attendance of the killed run is kept and closed at its last heartbeat.
 */

/** A send cut by the kill fails (socket.io's ack timeout); the next re-sync repairs it. */
const SYNC_OPTIONS = { flushIntervalMs: 10, onError: () => undefined };

/** Snapshots only when the lesson empties (or at 60 s): the test decides what the store holds. */
const SERVER_ENV = { ATTENDANCE_HEARTBEAT_MS: '200', BOARD_SNAPSHOT_MS: '60000' };

interface AttendanceRow {
  id: string;
  display_name: string;
  joined_at: string;
  left_at: string;
  last_seen_at: string;
  open: number;
}

/** Where the lesson's store is, and a read-only look into it from the test. */
interface Engine {
  /** The server process's environment for this store (none: SQLite in its state folder). */
  env: Record<string, string>;
  open(): { filename: string } | { databaseUrl: string };
  query<T>(text: string, ...params: unknown[]): Promise<T[]>;
}

function sqliteEngine(stateDir: string): Engine {
  const filename = join(stateDir, 'passerelle.sqlite');
  return {
    env: {},
    open: () => ({ filename }),
    async query<T>(text: string, ...params: unknown[]) {
      const db = new Database(filename, { readonly: true });
      try {
        return db.prepare(text.replace(/\$\d+/g, '?')).all(...params) as T[];
      } finally {
        db.close();
      }
    },
  };
}

function postgresEngine(databaseUrl: string): Engine {
  return {
    env: { DATABASE_URL: databaseUrl },
    open: () => ({ databaseUrl }),
    async query<T>(text: string, ...params: unknown[]) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return (await client.query(text, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
  };
}

/** The stroke ids in the lesson's stored snapshot ([] when there is none). */
async function snapshotStrokes(engine: Engine, sessionId: string): Promise<string[]> {
  const [row] = await engine.query<{ state: Uint8Array }>(
    'select state from board_snapshots where session_id = $1',
    sessionId,
  );
  if (!row) return [];
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(row.state));
  const ids = doc
    .getArray<Y.Map<unknown>>(BOARD_STROKES)
    .toArray()
    .map((stroke) => String(stroke.get('id')));
  doc.destroy();
  return ids;
}

function unwrap<T>(ack: Ack<unknown>): T {
  if (!ack.ok) throw Object.assign(new Error(ack.error.message), { code: ack.error.code });
  return ack.data as T;
}

/** The lesson page's board transport (LessonActivity.boardTransport), over a test socket. */
function transportOf(client: TestClient): BoardTransport & { idle(): Promise<unknown> } {
  const sending = new Set<Promise<unknown>>();
  return {
    sync: async (stateVector) => unwrap(await client.request('syncBoard', { stateVector })),
    send: async (update) => {
      const sent = client.request('updateBoard', { update });
      sending.add(sent);
      const forget = () => void sending.delete(sent);
      sent.then(forget, forget);
      unwrap(await sent);
    },
    onRemoteUpdate: (listener) => {
      const handler = ({ update }: { update: string }) => listener(update);
      client.socket.on('boardUpdated', handler);
      return () => void client.socket.off('boardUpdated', handler);
    },
    /** Every update sent so far has been answered. */
    idle: () => Promise.allSettled([...sending]),
  };
}

async function joinLesson(server: ServerProcess, role: Role, name: string, sessionId: string) {
  const client = await connectClient(server.server, role, name, { sessionId });
  const caps = unwrap<{ rtpCapabilities: unknown }>(
    await client.request('getRouterRtpCapabilities', {}),
  );
  unwrap(await client.request('joinSession', caps));
  return client;
}

async function plannedLesson(stateDir: string, engine: Engine): Promise<string> {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const store = await openPlanningStore(engine.open());
  await seedDemoData(store);
  const [planned] = await store.listSessions({});
  await store.close();
  return planned!.id;
}

const openStays = (engine: Engine) =>
  engine.query<AttendanceRow>('select * from attendance where open = 1 order by display_name');
const stayOf = async (engine: Engine, id: string) =>
  (await engine.query<AttendanceRow>('select * from attendance where id = $1', id))[0];

let postgres: LocalPostgres | undefined;
afterAll(async () => {
  await postgres?.stop();
});

/** SQLite in the server's state folder, or PostgreSQL (DATABASE_URL), started for this file. */
const ENGINES: [string, (stateDir: string) => Promise<Engine>][] = [
  ['SQLite', async (stateDir) => sqliteEngine(stateDir)],
  [
    'PostgreSQL',
    async () => {
      postgres ??= await startLocalPostgres();
      return postgresEngine(postgres.urlOf('postgres'));
    },
  ],
];

describe.each(ENGINES)(
  'a lesson survives its server being killed and started again (%s)',
  (_, engineFor) => {
    const children: ChildProcess[] = [];
    const clients: TestClient[] = [];
    const syncs: BoardSync[] = [];

    afterEach(async () => {
      for (const sync of syncs.splice(0)) sync.destroy();
      for (const client of clients.splice(0)) client.close();
      for (const child of children.splice(0)) {
        child.kill('SIGKILL');
        await exited(child);
      }
    });

    async function start(stateDir: string, engine: Engine): Promise<ServerProcess> {
      const server = await startServerProcess(stateDir, { ...SERVER_ENV, ...engine.env });
      children.push(server.child);
      return server;
    }

    async function joinWithBoard(
      server: ServerProcess,
      role: Role,
      name: string,
      sessionId: string,
      board = new BoardDocument(),
    ) {
      const client = await joinLesson(server, role, name, sessionId);
      clients.push(client);
      const transport = transportOf(client);
      const sync = new BoardSync(board, transport, SYNC_OPTIONS);
      syncs.push(sync);
      return { client, board, sync, transport };
    }

    /** Stroke A saved when the lesson empties; stroke B drawn after, held only by the pages. */
    async function drawBeforeTheKill(server: ServerProcess, engine: Engine, sessionId: string) {
      const early = await joinWithBoard(server, 'tutor', 'Emily', sessionId);
      await early.sync.connect();
      const strokeA = drawStroke(early.board, [0.1, 0.1, 0.2, 0.2]);
      await early.sync.flush();
      await early.transport.idle();
      early.client.close();
      await expect
        .poll(() => snapshotStrokes(engine, sessionId), { timeout: 20_000 })
        .toEqual([strokeA]);

      const tutor = await joinWithBoard(server, 'tutor', 'Emily', sessionId, early.board);
      const inspector = await joinWithBoard(server, 'inspector', 'IEN Dupont', sessionId);
      await tutor.sync.connect();
      await inspector.sync.connect();
      const strokeB = drawStroke(tutor.board, [0.5, 0.5, 0.6, 0.6]);
      await tutor.sync.flush();
      await expect
        .poll(() => strokeIds(inspector.board), { timeout: 20_000 })
        .toEqual([strokeA, strokeB]);
      // Both stays are written, and a heartbeat has moved past their start.
      await expect
        .poll(
          async () =>
            (await openStays(engine)).filter((row) => row.last_seen_at > row.joined_at).length,
          {
            timeout: 20_000,
          },
        )
        .toBe(2);
      return {
        strokeA,
        strokeB,
        tutorBoard: tutor.board,
        inspectorBoard: inspector.board,
        syncs: [tutor.sync, inspector.sync],
      };
    }

    it('restores the board from its snapshot and from a drawing page, refuses a viewer, keeps attendance', async () => {
      const stateDir = join(mkdtempSync(join(tmpdir(), 'passerelle-restart-')), 'state');
      const engine = await engineFor(stateDir);
      const sessionId = await plannedLesson(stateDir, engine);
      const first = await start(stateDir, engine);
      const drawn = await drawBeforeTheKill(first, engine, sessionId);
      const { strokeA, strokeB } = drawn;

      first.child.kill('SIGKILL');
      await exited(first.child);
      expect(await snapshotStrokes(engine, sessionId)).toEqual([strokeA]);
      for (const sync of drawn.syncs) sync.disconnect();
      const openAtKill = await openStays(engine);
      expect(openAtKill.map((row) => row.display_name)).toEqual(['Emily', 'IEN Dupont']);

      const second = await start(stateDir, engine);
      // A page that held nothing gets A, from the snapshot.
      const classroom = await joinWithBoard(second, 'classroom', 'CM1 Curie', sessionId);
      await classroom.sync.connect();
      expect(strokeIds(classroom.board)).toEqual([strokeA]);

      // The inspector holds B too, but may not draw: its upload is refused and B stays out.
      const viewer = await joinLesson(second, 'inspector', 'IEN Dupont', sessionId);
      clients.push(viewer);
      const reply = unwrap<{ stateVector: string }>(
        await viewer.request('syncBoard', {
          stateVector: toBase64(drawn.inspectorBoard.stateVector()),
        }),
      );
      const viewerUpload = drawn.inspectorBoard.updateSince(fromBase64(reply.stateVector));
      expect(await viewer.request('updateBoard', { update: toBase64(viewerUpload) })).toMatchObject(
        {
          ok: false,
          error: { code: 'forbidden' },
        },
      );
      const check = await joinWithBoard(second, 'classroom', 'CM2 Pasteur', sessionId);
      await check.sync.connect();
      expect(strokeIds(check.board)).toEqual([strokeA]);

      // The tutor's page comes back and re-syncs: B is on the server and on every board again.
      const back = await joinLesson(second, 'tutor', 'Emily', sessionId);
      clients.push(back);
      const tutorSync = new BoardSync(drawn.tutorBoard, transportOf(back), SYNC_OPTIONS);
      syncs.push(tutorSync);
      await tutorSync.connect();
      await expect
        .poll(() => strokeIds(classroom.board), { timeout: 20_000 })
        .toEqual([strokeA, strokeB]);

      // The killed run's stays are closed at their last heartbeat; nobody's stay is lost.
      await expect
        .poll(
          async () =>
            Promise.all(openAtKill.map(async (dead) => (await stayOf(engine, dead.id))?.open)),
          {
            timeout: 20_000,
          },
        )
        .toEqual([0, 0]);
      for (const dead of openAtKill) {
        const row = (await stayOf(engine, dead.id))!;
        expect(row.left_at).toBe(dead.last_seen_at);
        expect(row.left_at > row.joined_at).toBe(true);
      }
      await expect
        .poll(async () => (await openStays(engine)).map((row) => row.display_name), {
          timeout: 20_000,
        })
        .toEqual(['CM1 Curie', 'CM2 Pasteur', 'Emily', 'IEN Dupont']);
    });
  },
);
