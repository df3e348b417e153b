/**
 * The national timetable written into a real store, SQLite or PostgreSQL, and what the
 * coordinator's and the classrooms' requests cost against it there (schedule.bench.ts
 * prints both stores side by side).
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { BookedInterval } from '../calendar/conflicts';
import type { HolidayZone } from '../domain/model';
import { openPlanningDatabase, openPlanningStore } from '../store/open';
import type { PlanningDatabase } from '../store/schema';

export interface BenchSlot {
  id: string;
  tutor: number;
  classId: number;
  weekday: number;
  startTime: string;
  zone: HolidayZone;
}

export interface StoreFigures {
  engine: string;
  loadS: number;
  rowsPerS: number;
  checkMs: number;
  /** The slot check's lesson query alone: the union (store) and the former `or` (baseline). */
  unionQueryMs: number;
  orQueryMs: number;
  conflicts: number;
  createMs: number;
  tutorYearMs: number;
  classroomMs: number;
  sizeMb: number;
}

const BATCH_ROWS = 1000;
const TERM = { id: 'year', school_year_id: '2026-2027', name: 'Year' };
const YEAR = { start_date: '2026-09-01', end_date: '2027-07-02' };
/** Before the first lesson, so a new slot plans the whole year. */
const BENCH_NOW = new Date('2026-08-25T08:00:00Z');

async function insertAll<T extends keyof PlanningDatabase>(
  db: Kysely<PlanningDatabase>,
  table: T,
  rows: readonly PlanningDatabase[T][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const batch = rows.slice(i, i + BATCH_ROWS);
    // One helper for every table: the rows' types are checked where they are built.
    await db
      .insertInto(table)
      .values(batch as never)
      .execute();
  }
}

function directoryRows(slots: readonly BenchSlot[]) {
  const classes = [...new Map(slots.map((s) => [s.classId, s.zone])).entries()];
  const tutors = [...new Set(slots.map((s) => s.tutor))];
  return {
    schools: classes.map(([id, zone]) => ({
      id: `school-${id}`,
      name: `École ${id}`,
      town: 'Ville',
      academie: 'Créteil',
      holiday_zone: zone,
      local_region: null,
    })),
    classes: classes.map(([id]) => ({
      id: `class-${id}`,
      school_id: `school-${id}`,
      name: `CM1 ${id}`,
      level: 'CM1',
      teacher_id: `teacher-${id}`,
      teacher_name: 'Mme X',
      whiteboard_endpoint: 'w',
    })),
    tutors: tutors.map((t) => ({
      id: `tutor-${t}`,
      name: `Tutor ${t}`,
      time_zone: 'Europe/London',
    })),
  };
}

/** Rows as the store writes them (slot-writes.ts), in large batches, one transaction per table. */
async function load(
  db: Kysely<PlanningDatabase>,
  slots: readonly BenchSlot[],
  timetable: readonly BookedInterval[],
): Promise<number> {
  const directory = directoryRows(slots);
  const sessions = timetable.map((lesson) => ({
    id: lesson.sessionId,
    slot_id: lesson.sessionId.split('@')[0]!,
    tutor_id: lesson.tutorId,
    starts_at: new Date(lesson.startMs).toISOString(),
    ends_at: new Date(lesson.endMs).toISOString(),
    state: 'scheduled',
    original_starts_at: null,
    sequence: 0,
    changed_at: null,
    cancel_reason: null,
  }));
  const steps: [keyof PlanningDatabase, readonly object[]][] = [
    ['schools', directory.schools],
    ['classes', directory.classes],
    ['tutors', directory.tutors],
    ['school_years', [{ id: '2026-2027', ...YEAR }]],
    ['terms', [{ ...TERM, ...YEAR }]],
    [
      'weekly_slots',
      slots.map((s) => ({
        id: s.id,
        term_id: TERM.id,
        tutor_id: `tutor-${s.tutor}`,
        weekday: s.weekday,
        start_time: s.startTime,
        duration_minutes: 30,
        valid_from: null,
        valid_until: null,
        retired_at: null,
        created_at: BENCH_NOW.toISOString(),
      })),
    ],
    ['slot_classes', slots.map((s) => ({ slot_id: s.id, class_id: `class-${s.classId}` }))],
    ['sessions', sessions],
    [
      'session_classes',
      timetable.flatMap((l) => l.classIds.map((c) => ({ session_id: l.sessionId, class_id: c }))),
    ],
  ];
  let rows = 0;
  for (const [table, tableRows] of steps) {
    await db.transaction().execute((trx) => insertAll(trx, table, tableRows as never[]));
    rows += tableRows.length;
  }
  return rows;
}

async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

async function sizeMb(
  db: Kysely<PlanningDatabase>,
  where: { filename?: string; databaseUrl?: string },
) {
  if (where.filename) {
    const wal = (() => {
      try {
        return statSync(`${where.filename}-wal`).size;
      } catch {
        return 0;
      }
    })();
    return (statSync(where.filename).size + wal) / 1024 / 1024;
  }
  const { rows } = await sql<{
    size: number;
  }>`select pg_database_size(current_database()) as size`.execute(db);
  return Number(rows[0]!.size) / 1024 / 1024;
}

/** The requests a national deployment serves, each the median of several runs. */
async function requests(where: { filename?: string; databaseUrl?: string }) {
  const store = await openPlanningStore({ ...where, now: () => BENCH_NOW });
  const live = { termId: TERM.id, tutorId: 'tutor-7', classIds: ['class-88'], weekday: 2 };
  let conflicts = 0;
  const checkMs = await median(5, async () => {
    const check = await store.checkSlotConflicts({ ...live, startTime: '10:30' });
    conflicts = check.ok ? check.value.conflicts.length : -1;
  });
  let extra = 0;
  const createMs = await median(5, async () => {
    extra += 1;
    const id = `extra-${extra}`;
    await store.createTutor({ id, name: id, timeZone: 'Europe/London' });
    const created = await store.createSlot({
      termId: TERM.id,
      tutorId: id,
      classIds: [`class-${extra * 7}`],
      weekday: 1,
      startTime: '15:30',
    });
    if (!created.ok) throw new Error(`bench slot refused: ${created.error.message}`);
  });
  const queries = await slotQueryFigures(store, where, live);
  const tutorYearMs = await median(5, () => store.listSessions({ tutorId: 'tutor-7' }));
  const lessonDay = new Date('2027-03-09T09:35:00Z');
  const classroomMs = await median(21, () => store.findClassroomSession('class-88', lessonDay));
  await store.close();
  return { checkMs, conflicts, createMs, tutorYearMs, classroomMs, ...queries };
}

/** The school year's window, as the slot check reads it for a weekly slot. */
const CHECK_WINDOW = { from: '2026-08-31T00:00:00.000Z', to: '2027-07-03T00:00:00.000Z' };

/**
 * The slot check's "the tutor's or the classes' lessons" query, as the store runs it (a
 * union of two indexed lookups, store/session-rows.ts) and as it was written before (one
 * `or` with a subquery, which PostgreSQL answered by reading every lesson of the window).
 */
async function slotQueryFigures(
  store: Awaited<ReturnType<typeof openPlanningStore>>,
  where: { filename?: string; databaseUrl?: string },
  live: { tutorId: string; classIds: string[] },
) {
  const db = await openPlanningDatabase(where);
  const filter = { ...live, ...CHECK_WINDOW };
  const unionQueryMs = await median(5, () => store.listSessions(filter));
  const orQueryMs = await median(5, () =>
    db
      .selectFrom('sessions')
      .selectAll()
      .where('ends_at', '>', CHECK_WINDOW.from)
      .where('starts_at', '<', CHECK_WINDOW.to)
      .where('state', '!=', 'cancelled')
      .where((eb) =>
        eb.or([
          eb('tutor_id', '=', live.tutorId),
          eb(
            'id',
            'in',
            eb
              .selectFrom('session_classes')
              .select('session_id')
              .where('class_id', 'in', live.classIds),
          ),
        ]),
      )
      .orderBy('starts_at')
      .orderBy('id')
      .execute(),
  );
  await db.destroy();
  return { unionQueryMs, orQueryMs };
}

export async function measureStore(
  engine: string,
  where: { filename?: string; databaseUrl?: string },
  slots: readonly BenchSlot[],
  timetable: readonly BookedInterval[],
): Promise<StoreFigures> {
  // The shipped calendars first, as on a server's first start: imported into a timetable
  // already written, they would replan every slot (a real cost, but not this one).
  await (await openPlanningStore({ ...where, now: () => BENCH_NOW })).close();
  const db = await openPlanningDatabase(where);
  const started = performance.now();
  const rows = await load(db, slots, timetable);
  const loadS = (performance.now() - started) / 1000;
  // Statistics, as PostgreSQL's autovacuum would gather after a bulk load (SQLite: the same
  // command); without them the planner walks the whole timetable for a one-class lookup.
  await sql`analyze`.execute(db);
  const size = await sizeMb(db, where);
  await db.destroy();
  return { engine, loadS, rowsPerS: rows / loadS, sizeMb: size, ...(await requests(where)) };
}
