/**
 * National-size timetable benchmark: npx tsx lesson-plans/bench/schedule.bench.ts
 * Builds 30,000 classes × 36 school weeks with the real recurrence and holiday code, runs the
 * sort-and-sweep conflict check, and compares it with a naive pairwise check on a sample.
 * Then writes that timetable into both stores, SQLite (a temporary file) and PostgreSQL (a
 * throwaway local server, or the empty database at BENCH_DATABASE_URL), and prints what the
 * same requests cost on each, side by side. BENCH_STORES=sqlite (or postgres) runs one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalPostgres } from '../../scripts/local-postgres';
import type { BookedInterval } from '../calendar/conflicts';
import { DEFAULT_PLANNING_RULES, findBookingConflicts } from '../calendar/conflicts';
import { HolidayCalendar, loadShippedHolidayData } from '../calendar/holidays';
import { expandSlot } from '../calendar/recurrence';
import type { HolidayZone } from '../domain/model';
import { measureStore, type BenchSlot, type StoreFigures } from './store-figures';

const CLASS_COUNT = 30_000;
const CLASSES_PER_TUTOR = 12;
const CLASHING_SLOTS = 300;
/** Whole tutors (with their clashes), so the naive check sees the same neighbourhoods. */
const NAIVE_SAMPLE_TUTORS = 48;
const SCHOOL_YEAR = { startDate: '2026-09-01', endDate: '2027-07-02' };
const DAYS = [1, 2, 4, 5];
const TIMES = ['09:00', '10:30', '14:00'];
const ZONES: HolidayZone[] = ['A', 'B', 'C'];

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/**
 * rrule expansion costs about 2 ms per slot, so it is memoised per (weekday, time, zone): a
 * national timetable has few distinct patterns, and the server expands one slot per request.
 */
function buildTimetable(calendar: HolidayCalendar): {
  intervals: BookedInterval[];
  slots: BenchSlot[];
} {
  const intervals: BookedInterval[] = [];
  const slots: BenchSlot[] = [];
  const expansions = new Map<string, ReturnType<typeof expandSlot>>();
  const addSlot = (slotId: string, tutor: number, classId: number, k: number) => {
    const slot = {
      weekday: DAYS[k % 4]!,
      startTime: TIMES[Math.floor(k / 4) % 3]!,
      durationMinutes: 30,
      validFrom: null,
      validUntil: null,
    };
    const zone = ZONES[classId % 3]!;
    slots.push({
      id: slotId,
      tutor,
      classId,
      weekday: slot.weekday,
      startTime: slot.startTime,
      zone,
    });
    const key = `${slot.weekday} ${slot.startTime} ${zone}`;
    const lessons = expansions.get(key) ?? expandSlot(slot, SCHOOL_YEAR, [zone], calendar);
    expansions.set(key, lessons);
    for (const lesson of lessons) {
      if (lesson.dayOff) continue;
      intervals.push({
        sessionId: `${slotId}@${lesson.localDate}`,
        tutorId: `tutor-${tutor}`,
        classIds: [`class-${classId}`],
        startMs: Date.parse(lesson.startsAt),
        endMs: Date.parse(lesson.endsAt),
      });
    }
  };
  for (let classId = 0; classId < CLASS_COUNT; classId += 1) {
    addSlot(
      `slot-${classId}`,
      Math.floor(classId / CLASSES_PER_TUTOR),
      classId,
      classId % CLASSES_PER_TUTOR,
    );
  }
  // Deliberate mistakes: a second slot that puts a tutor's class on top of another lesson.
  for (let i = 0; i < CLASHING_SLOTS; i += 1) {
    const classId = i * 97;
    addSlot(
      `clash-${i}`,
      Math.floor(classId / CLASSES_PER_TUTOR),
      classId,
      (classId + 1) % CLASSES_PER_TUTOR,
    );
  }
  return { intervals, slots };
}

/** The obvious O(n²) check: every pair, same tutor within the buffer or same class overlapping. */
function naiveConflictingIds(intervals: readonly BookedInterval[], bufferMs: number): Set<string> {
  const ids = new Set<string>();
  for (let i = 0; i < intervals.length; i += 1) {
    const a = intervals[i]!;
    for (let j = i + 1; j < intervals.length; j += 1) {
      const b = intervals[j]!;
      const sameTutor =
        a.tutorId === b.tutorId && a.startMs < b.endMs + bufferMs && b.startMs < a.endMs + bufferMs;
      const sameClass =
        a.startMs < b.endMs &&
        b.startMs < a.endMs &&
        a.classIds.some((c) => b.classIds.includes(c));
      if (sameTutor || sameClass) {
        ids.add(a.sessionId);
        ids.add(b.sessionId);
      }
    }
  }
  return ids;
}

function sweepConflictingIds(intervals: readonly BookedInterval[]): Set<string> {
  const ids = new Set<string>();
  for (const conflict of findBookingConflicts(intervals, [], DEFAULT_PLANNING_RULES)) {
    ids.add(conflict.sessionId!);
    ids.add(conflict.conflictingSessionId!);
  }
  return ids;
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** The coordinator's live check: one new slot (a school year of lessons) against everything. */
function liveCheck(timetable: readonly BookedInterval[], calendar: HolidayCalendar): void {
  const slot = {
    weekday: 2,
    startTime: '10:30',
    durationMinutes: 30,
    validFrom: null,
    validUntil: null,
  };
  const candidates = expandSlot(slot, SCHOOL_YEAR, ['C'], calendar)
    .filter((lesson) => !lesson.dayOff)
    .map((lesson) => ({
      sessionId: `live@${lesson.localDate}`,
      tutorId: 'tutor-7',
      classIds: ['class-88'],
      startMs: Date.parse(lesson.startsAt),
      endMs: Date.parse(lesson.endsAt),
    }));
  const runs: number[] = [];
  let found = 0;
  for (let run = 0; run < 5; run += 1) {
    const started = performance.now();
    found = findBookingConflicts(candidates, timetable, DEFAULT_PLANNING_RULES).length;
    runs.push(performance.now() - started);
  }
  console.log(
    `live check of one slot (${candidates.length} lessons) against ${timetable.length}: ${found} conflicts in ${median(runs).toFixed(1)} ms (median of 5)`,
  );
}

async function main(): Promise<void> {
  const heapBefore = process.memoryUsage().heapUsed;
  const { periods, publicHolidays } = loadShippedHolidayData();
  const calendar = new HolidayCalendar(periods, publicHolidays);
  let started = performance.now();
  const { intervals: timetable, slots } = buildTimetable(calendar);
  const buildMs = performance.now() - started;
  const tutors = Math.ceil(CLASS_COUNT / CLASSES_PER_TUTOR);
  console.log(
    `timetable: ${CLASS_COUNT} classes, ${tutors} tutors, ${timetable.length} lessons in ${(buildMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `  weeks per class (avg): ${(timetable.length / (CLASS_COUNT + CLASHING_SLOTS)).toFixed(1)}`,
  );

  // The machine may be shared: the median of three runs, and ratios to the naive baseline.
  const sweeps: number[] = [];
  let conflicts: ReturnType<typeof findBookingConflicts> = [];
  for (let run = 0; run < 3; run += 1) {
    started = performance.now();
    conflicts = findBookingConflicts(timetable, [], DEFAULT_PLANNING_RULES);
    sweeps.push(performance.now() - started);
  }
  const sweepMs = median(sweeps);
  const memory = process.memoryUsage();
  console.log(
    `sweep (per tutor + per class): ${conflicts.length} conflicts in ${sweepMs.toFixed(0)} ms (median of ${sweeps.map((ms) => ms.toFixed(0)).join(', ')})`,
  );
  liveCheck(timetable, calendar);
  console.log(
    `  memory: heapUsed ${mb(memory.heapUsed)} (+${mb(memory.heapUsed - heapBefore)}), rss ${mb(memory.rss)}`,
  );

  const sampleTutors = new Set(Array.from({ length: NAIVE_SAMPLE_TUTORS }, (_, i) => `tutor-${i}`));
  const sample = timetable.filter((lesson) => sampleTutors.has(lesson.tutorId));
  started = performance.now();
  const naive = naiveConflictingIds(sample, DEFAULT_PLANNING_RULES.tutorBufferMinutes * 60_000);
  const naiveMs = performance.now() - started;
  started = performance.now();
  const swept = sweepConflictingIds(sample);
  const sampleSweepMs = performance.now() - started;
  const same = naive.size === swept.size && [...naive].every((id) => swept.has(id));
  const projectedS = (naiveMs / 1000) * (timetable.length / sample.length) ** 2;
  console.log(
    `sample of ${sample.length} lessons: naive pairwise ${naiveMs.toFixed(0)} ms, sweep ${sampleSweepMs.toFixed(1)} ms; same conflicting lessons: ${same} (${naive.size})`,
  );
  console.log(
    `  naive on the full timetable would take about ${(projectedS / 3600).toFixed(1)} h (n² projection)`,
  );
  if (!same) process.exitCode = 1;
  await benchStores(slots, timetable);
}

async function sqliteFigures(slots: BenchSlot[], timetable: BookedInterval[]) {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
  try {
    return await measureStore('SQLite', { filename: join(dir, 'bench.sqlite') }, slots, timetable);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresFigures(slots: BenchSlot[], timetable: BookedInterval[]) {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return measureStore('PostgreSQL', { databaseUrl: given }, slots, timetable);
  const server = await startLocalPostgres();
  try {
    return await measureStore(
      'PostgreSQL',
      { databaseUrl: server.urlOf('postgres') },
      slots,
      timetable,
    );
  } finally {
    await server.stop();
  }
}

const STORE_ROWS: [string, (f: StoreFigures) => string][] = [
  [
    'write the timetable (every row)',
    (f) => `${f.loadS.toFixed(1)} s, ${(f.rowsPerS / 1000).toFixed(0)} k rows/s`,
  ],
  [
    'check one new slot (store, median of 5)',
    (f) => `${f.checkMs.toFixed(1)} ms, ${f.conflicts} conflicts`,
  ],
  [
    "  its lesson query: union / former 'or'",
    (f) => `${f.unionQueryMs.toFixed(1)} ms / ${f.orQueryMs.toFixed(1)} ms`,
  ],
  ['create one slot (a year of lessons)', (f) => `${f.createMs.toFixed(1)} ms`],
  ["one tutor's year of lessons", (f) => `${f.tutorYearMs.toFixed(1)} ms`],
  ["a classroom link's lesson lookup", (f) => `${f.classroomMs.toFixed(2)} ms`],
  ['database size', (f) => `${f.sizeMb.toFixed(0)} MB`],
];

/** The same national timetable and requests on each store, printed side by side. */
async function benchStores(slots: BenchSlot[], timetable: BookedInterval[]): Promise<void> {
  const wanted = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',');
  const figures: StoreFigures[] = [];
  if (wanted.includes('sqlite')) figures.push(await sqliteFigures(slots, timetable));
  if (wanted.includes('postgres')) figures.push(await postgresFigures(slots, timetable));
  if (figures.length === 0) return;
  const width = Math.max(...STORE_ROWS.map(([label]) => label.length)) + 2;
  const cell = (text: string) => text.padEnd(28);
  console.log(`\nstores (${timetable.length} lessons):`);
  console.log(`  ${''.padEnd(width)}${figures.map((f) => cell(f.engine)).join('')}`);
  for (const [label, show] of STORE_ROWS)
    console.log(`  ${label.padEnd(width)}${figures.map((f) => cell(show(f))).join('')}`);
}

await main();
