import type { Kysely, Migration } from 'kysely';
import type { Result } from '../domain/result';
import { fail, ok } from '../domain/result';
import type { StoreContext } from './context';

/**
 * A planned lesson's board is kept for 24 hours after the lesson's planned end: long enough
 * for a lesson that overran, was resumed after a server restart or moved to another node,
 * and no longer (it is lesson content, children's drawings among it; README, "Privacy").
 */
export const BOARD_SNAPSHOT_RETENTION_HOURS = 24;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Twice the largest board signalling accepts (2 MB, signaling/board/boardLimits.ts): the
 * store refuses what no honest board can be, whoever calls it.
 */
export const MAX_BOARD_SNAPSHOT_BYTES = 4_000_000;

/**
 * One row per planned lesson, replaced at each save: the lesson's whole Yjs board as one
 * update. `expires_at` is fixed at each save so expiry needs no join with `sessions`.
 */
async function boardSnapshots(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('board_snapshots')
    .addColumn('session_id', 'text', (c) =>
      c.primaryKey().references('sessions.id').onDelete('cascade'),
    )
    .addColumn('state', 'blob', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('board_snapshots_by_expiry')
    .on('board_snapshots')
    .column('expires_at')
    .execute();
}

/**
 * Every node sweeps the stays a dead process left open (`closeDanglingAttendance`, at each
 * attendance heartbeat): without this index that is a scan of a whole year's attendance.
 */
async function openStaysIndex(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('attendance_open_by_last_seen')
    .on('attendance')
    .columns(['open', 'last_seen_at'])
    .execute();
}

export function boardMigrations(): Record<string, Migration> {
  return {
    '0014_lesson_durability': {
      up: async (db) => {
        await boardSnapshots(db);
        await openStaysIndex(db);
      },
    },
  };
}

export interface BoardSnapshot {
  state: Uint8Array;
  savedAt: string;
}

/** Board snapshots of planned lessons; read by signalling only, never served over REST. */
export function createBoardStore(ctx: StoreContext) {
  const { db } = ctx;
  const sessionEnd = async (sessionId: string) =>
    (
      await db
        .selectFrom('sessions')
        .select('ends_at')
        .where('id', '=', sessionId)
        .executeTakeFirst()
    )?.ends_at;
  return {
    /** Replaces the lesson's snapshot; `not_found` for a lesson off the timetable. */
    async saveBoardSnapshot(sessionId: string, state: Uint8Array): Promise<Result<BoardSnapshot>> {
      if (state.byteLength > MAX_BOARD_SNAPSHOT_BYTES)
        return fail(
          'invalid_request',
          `a board snapshot may not exceed ${MAX_BOARD_SNAPSHOT_BYTES} bytes`,
        );
      const endsAt = await sessionEnd(sessionId);
      if (endsAt === undefined) return fail('not_found', 'unknown session');
      const now = ctx.now();
      const keepFrom = Math.max(Date.parse(endsAt), now.getTime());
      const row = {
        state: Buffer.from(state.buffer, state.byteOffset, state.byteLength),
        size_bytes: state.byteLength,
        saved_at: now.toISOString(),
        expires_at: new Date(keepFrom + BOARD_SNAPSHOT_RETENTION_HOURS * HOUR_MS).toISOString(),
      };
      await db
        .insertInto('board_snapshots')
        .values({ session_id: sessionId, ...row })
        .onConflict((oc) => oc.column('session_id').doUpdateSet(row))
        .execute();
      return ok({ state, savedAt: row.saved_at });
    },

    /**
     * The lesson's last snapshot (null when none, or expired); `not_found` for a lesson off
     * the timetable, whose board is not kept at all.
     */
    async loadBoardSnapshot(sessionId: string): Promise<Result<BoardSnapshot | null>> {
      if ((await sessionEnd(sessionId)) === undefined) return fail('not_found', 'unknown session');
      const row = await db
        .selectFrom('board_snapshots')
        .select(['state', 'saved_at'])
        .where('session_id', '=', sessionId)
        .where('expires_at', '>', ctx.now().toISOString())
        .executeTakeFirst();
      return ok(row ? { state: new Uint8Array(row.state), savedAt: row.saved_at } : null);
    },

    /** Deletes the snapshots past their retention; returns how many. */
    async deleteExpiredBoardSnapshots(): Promise<number> {
      const result = await db
        .deleteFrom('board_snapshots')
        .where('expires_at', '<=', ctx.now().toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
