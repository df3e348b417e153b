import { DateTime } from 'luxon';
import { z } from 'zod';
import { LocalTimeSchema, PLANNING_TIME_ZONE } from '../domain/model';
import type { Conflict, DayOff } from '../domain/schedule-views';

export type { Conflict, ConflictCode } from '../domain/schedule-views';

/** One lesson reduced to what conflict detection needs; times are epoch milliseconds. */
export interface BookedInterval {
  sessionId: string;
  tutorId: string;
  classIds: readonly string[];
  startMs: number;
  endMs: number;
}

const SchoolDayHoursSchema = z
  .object({ start: LocalTimeSchema, end: LocalTimeSchema })
  .refine((hours) => hours.start < hours.end, 'school day ends before it starts');

export const PlanningRulesSchema = z.object({
  /** Minutes a tutor needs between two lessons (new video room, new class). */
  tutorBufferMinutes: z.number().int().min(0).max(120).default(10),
  /** ISO weekday "1".."7" → teaching hours, or null when there is no school that day. */
  schoolHours: z
    .record(z.enum(['1', '2', '3', '4', '5', '6', '7']), SchoolDayHoursSchema.nullable())
    .default({
      '1': { start: '08:30', end: '16:30' },
      '2': { start: '08:30', end: '16:30' },
      // Most French primary schools teach Wednesday morning only, or not at all.
      '3': { start: '08:30', end: '11:30' },
      '4': { start: '08:30', end: '16:30' },
      '5': { start: '08:30', end: '16:30' },
      '6': null,
      '7': null,
    }),
});
export type PlanningRules = z.infer<typeof PlanningRulesSchema>;
export const DEFAULT_PLANNING_RULES: PlanningRules = PlanningRulesSchema.parse({});

const MINUTE_MS = 60_000;

/**
 * Sort-and-sweep per tutor and per class: O(n log n). Each group is sorted by start and
 * compared against the interval that ends last so far, so every interval that overlaps
 * anything is reported at least once. Only pairs involving a candidate are reported.
 *
 * Booked lessons are first narrowed to the candidates' tutors and classes (the live check
 * of one slot against a national timetable reads 36 lessons, not a million), and lessons
 * are told apart by identity among the few booked ones, never by a set of a million ids.
 */
export function findBookingConflicts(
  candidates: readonly BookedInterval[],
  booked: readonly BookedInterval[],
  rules: Pick<PlanningRules, 'tutorBufferMinutes'>,
): Conflict[] {
  const others = new Set(relevantBooked(candidates, booked));
  const candidateIds = { has: (interval: BookedInterval) => !others.has(interval) };
  const all = [...candidates, ...others];
  const conflicts: Conflict[] = [];
  const bufferMs = rules.tutorBufferMinutes * MINUTE_MS;
  for (const [tutorId, group] of groupBy(all, (interval) => [interval.tutorId])) {
    for (const [later, earlier] of sweepOverlaps(group, bufferMs)) {
      if (!candidateIds.has(later) && !candidateIds.has(earlier)) continue;
      conflicts.push(tutorConflict(tutorId, later, earlier, candidateIds, rules));
    }
  }
  for (const [classId, group] of groupBy(all, (interval) => interval.classIds)) {
    for (const [later, earlier] of sweepOverlaps(group, 0)) {
      if (!candidateIds.has(later) && !candidateIds.has(earlier)) continue;
      conflicts.push(classConflict(classId, later, earlier, candidateIds));
    }
  }
  return conflicts;
}

interface CandidateTest {
  has(interval: BookedInterval): boolean;
}

/** Booked lessons that can clash with a candidate: same tutor or class, not a candidate. */
function relevantBooked(
  candidates: readonly BookedInterval[],
  booked: readonly BookedInterval[],
): BookedInterval[] {
  if (booked.length === 0) return [];
  const ids = new Set(candidates.map((c) => c.sessionId));
  const tutors = new Set(candidates.map((c) => c.tutorId));
  const classes = new Set(candidates.flatMap((c) => c.classIds));
  const out: BookedInterval[] = [];
  for (const b of booked) {
    if (!tutors.has(b.tutorId) && !sharesClass(b.classIds, classes)) continue;
    if (!ids.has(b.sessionId)) out.push(b);
  }
  return out;
}

function sharesClass(classIds: readonly string[], classes: ReadonlySet<string>): boolean {
  for (const classId of classIds) if (classes.has(classId)) return true;
  return false;
}

/** Yields [later, earlier] pairs closer than gapMs, in one pass over a start-sorted list. */
export function* sweepOverlaps(
  intervals: BookedInterval[],
  gapMs: number,
): Generator<[BookedInterval, BookedInterval]> {
  intervals.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  let latestEnding: BookedInterval | undefined;
  for (const interval of intervals) {
    if (latestEnding && interval.startMs < latestEnding.endMs + gapMs) {
      yield [interval, latestEnding];
    }
    if (!latestEnding || interval.endMs > latestEnding.endMs) latestEnding = interval;
  }
}

export function groupBy<T>(items: readonly T[], keysOf: (item: T) => readonly string[]) {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}

function candidateFirst(
  later: BookedInterval,
  earlier: BookedInterval,
  candidateIds: CandidateTest,
): [BookedInterval, BookedInterval] {
  return candidateIds.has(later) ? [later, earlier] : [earlier, later];
}

function tutorConflict(
  tutorId: string,
  later: BookedInterval,
  earlier: BookedInterval,
  candidateIds: CandidateTest,
  rules: Pick<PlanningRules, 'tutorBufferMinutes'>,
): Conflict {
  const [candidate, other] = candidateFirst(later, earlier, candidateIds);
  const overlaps = later.startMs < earlier.endMs;
  const conflict: Conflict = {
    code: 'tutor_double_booked',
    message: overlaps
      ? `tutor ${tutorId} already teaches at ${parisTime(other.startMs)}`
      : `tutor ${tutorId} needs ${rules.tutorBufferMinutes} minutes between lessons (other lesson at ${parisTime(other.startMs)})`,
    startsAt: new Date(candidate.startMs).toISOString(),
    sessionId: candidate.sessionId,
    conflictingSessionId: other.sessionId,
    conflictingStartsAt: new Date(other.startMs).toISOString(),
    tutorId,
  };
  return overlaps ? conflict : { ...conflict, bufferMinutes: rules.tutorBufferMinutes };
}

function classConflict(
  classId: string,
  later: BookedInterval,
  earlier: BookedInterval,
  candidateIds: CandidateTest,
): Conflict {
  const [candidate, other] = candidateFirst(later, earlier, candidateIds);
  return {
    code: 'class_double_booked',
    message: `class ${classId} already has a lesson at ${parisTime(other.startMs)}`,
    startsAt: new Date(candidate.startMs).toISOString(),
    sessionId: candidate.sessionId,
    conflictingSessionId: other.sessionId,
    conflictingStartsAt: new Date(other.startMs).toISOString(),
    classId,
  };
}

/** Checks a lesson against the configured school day, on Paris wall-clock time. */
export function schoolHoursConflict(
  interval: Pick<BookedInterval, 'sessionId' | 'startMs' | 'endMs'>,
  rules: Pick<PlanningRules, 'schoolHours'>,
): Conflict | null {
  const start = DateTime.fromMillis(interval.startMs, { zone: PLANNING_TIME_ZONE });
  const end = DateTime.fromMillis(interval.endMs, { zone: PLANNING_TIME_ZONE });
  const hours = rules.schoolHours[String(start.weekday) as keyof PlanningRules['schoolHours']];
  const startTime = start.toFormat('HH:mm');
  const endTime = end.toFormat('HH:mm');
  const sameDay = start.hasSame(end, 'day');
  if (hours && sameDay && startTime >= hours.start && endTime <= hours.end) return null;
  return {
    code: 'outside_school_hours',
    message: hours
      ? `${start.toFormat('cccc HH:mm')}–${endTime} is outside school hours ${hours.start}–${hours.end}`
      : `there is no school on ${start.toFormat('cccc')}`,
    startsAt: start.toUTC().toISO()!,
    endsAt: end.toUTC().toISO()!,
    sessionId: interval.sessionId,
    schoolHours: hours ?? null,
  };
}

export function holidayConflict(
  interval: Pick<BookedInterval, 'sessionId' | 'startMs'>,
  dayOff: DayOff,
): Conflict {
  const date = DateTime.fromMillis(interval.startMs, { zone: PLANNING_TIME_ZONE }).toISODate();
  return {
    code: 'on_holiday',
    message: `${date} is a day off (${dayOff.name})`,
    startsAt: new Date(interval.startMs).toISOString(),
    sessionId: interval.sessionId,
    dayOffName: dayOff.name,
  };
}

/**
 * "2026-09-07 09:00" on Paris time. One shared Intl formatter: building a luxon DateTime per
 * conflict cost more than the sweep itself on a national timetable.
 */
const PARIS_MINUTE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: PLANNING_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parisTime(ms: number): string {
  return PARIS_MINUTE.format(ms);
}
