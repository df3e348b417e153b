import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import {
  pathOutcomeSchema,
  readinessVerdictSchema,
  type ReadinessRecord,
  type ReadinessReport,
} from '../contract/readiness';
import type { StoreContext } from './context';
import { chunks, newId } from './context';

/**
 * One row per check: which whiteboard (class) and school, when, the verdict and per path
 * what happened with its figures (JSON). Nobody's address is kept: not a pupil's, not the
 * school's public IP.
 */
async function readinessChecks(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('readiness_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) =>
      c.notNull().check(sql`verdict in ('ready', 'relay-only', 'not-ready')`),
    )
    .addColumn('weak', 'integer', (c) => c.notNull())
    .addColumn('https', 'integer', (c) => c.notNull())
    .addColumn('websocket', 'integer', (c) => c.notNull())
    .addColumn('paths', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('readiness_checks_by_class')
    .on('readiness_checks')
    .columns(['class_id', 'checked_at'])
    .execute();
}

export function readinessMigrations(): Record<string, Migration> {
  return { '0011_readiness_checks': { up: readinessChecks } };
}

type Row = {
  class_id: string;
  checked_at: string;
  verdict: string;
  weak: number;
  https: number;
  websocket: number;
  paths: string;
};

function toRecord(row: Row): ReadinessRecord {
  return {
    classId: row.class_id,
    checkedAt: row.checked_at,
    verdict: readinessVerdictSchema.parse(row.verdict),
    weak: row.weak === 1,
    https: row.https === 1,
    websocket: row.websocket === 1,
    paths: pathOutcomeSchema.array().parse(JSON.parse(row.paths)),
  };
}

/** Readiness results per whiteboard, and the next lesson of each class to set them against. */
export function createReadinessStore(ctx: StoreContext) {
  const { db } = ctx;
  return {
    async recordReadiness(
      classId: string,
      schoolId: string,
      report: ReadinessReport,
    ): Promise<ReadinessRecord> {
      const checkedAt = ctx.now().toISOString();
      const row = {
        class_id: classId,
        checked_at: checkedAt,
        verdict: report.verdict,
        weak: report.weak ? 1 : 0,
        https: report.https ? 1 : 0,
        websocket: report.websocket ? 1 : 0,
        paths: JSON.stringify(report.paths),
      };
      await db
        .insertInto('readiness_checks')
        .values({ id: newId('check'), school_id: schoolId, ...row })
        .execute();
      return toRecord(row);
    },

    /** The latest result of each of these classes (absent: never checked). */
    async latestReadiness(classIds: readonly string[]): Promise<Map<string, ReadinessRecord>> {
      const latest = new Map<string, ReadinessRecord>();
      for (const chunk of chunks(classIds)) {
        if (chunk.length === 0) continue;
        const rows = await db
          .selectFrom('readiness_checks')
          .selectAll()
          .where('class_id', 'in', chunk)
          .orderBy('checked_at', 'desc')
          .orderBy('id', 'desc')
          .execute();
        for (const row of rows)
          if (!latest.has(row.class_id)) latest.set(row.class_id, toRecord(row));
      }
      return latest;
    },

    /** When this whiteboard's stored checks ran after `since` (the check budget survives a restart). */
    async readinessCheckTimes(classId: string, since: Date): Promise<string[]> {
      const rows = await db
        .selectFrom('readiness_checks')
        .select('checked_at')
        .where('class_id', '=', classId)
        .where('checked_at', '>', since.toISOString())
        .orderBy('checked_at', 'asc')
        .execute();
      return rows.map((row) => row.checked_at);
    },

    /** Each class's next lesson that is still to come (its start), cancelled ones aside. */
    async nextLessonStarts(at: Date = ctx.now()): Promise<Map<string, string>> {
      const rows = await db
        .selectFrom('sessions')
        .innerJoin('session_classes', 'session_classes.session_id', 'sessions.id')
        .select(['session_classes.class_id as classId'])
        .select((eb) => eb.fn.min('sessions.starts_at').as('startsAt'))
        .where('sessions.ends_at', '>', at.toISOString())
        .where('sessions.state', 'in', ['scheduled', 'moved', 'live'])
        .groupBy('session_classes.class_id')
        .execute();
      return new Map(rows.map((row) => [row.classId, String(row.startsAt)]));
    },
  };
}
