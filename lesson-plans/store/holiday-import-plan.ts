import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Conflict, PlanningRules } from '../calendar/conflicts';
import { findBookingConflicts } from '../calendar/conflicts';
import type { HolidayCalendar, HolidayPlace } from '../calendar/holidays';
import type { SlotOccurrence } from '../calendar/recurrence';
import { expandSlot } from '../calendar/recurrence';
import type { HolidayImportPreview, ImportedLesson } from '../domain/holiday-import';
import type { HolidayPeriod, LessonSession, Term, WeeklySlot } from '../domain/model';
import { PLANNING_TIME_ZONE } from '../domain/model';
import type { PlanningDb } from './context';
import { chunks } from './context';
import {
  loadSessions,
  loadSlotClassIds,
  occurrenceId,
  plannedSession,
  placeOf,
  toSession,
  toSlot,
} from './session-rows';

/** What applying a holiday calendar does to the timetable, computed without writing. */
export interface HolidayImportPlan {
  preview: HolidayImportPreview;
  cancelIds: string[];
  /** Lessons cancelled by an earlier day off that take place again. */
  reviveIds: string[];
  /** Lessons never planned because their day was off, planned now. */
  created: LessonSession[];
}

interface ActiveSlot {
  slot: WeeklySlot;
  term: Pick<Term, 'startDate' | 'endDate'>;
  places: HolidayPlace[];
  /** Lessons before this instant are history and never touched. */
  fromMs: number;
}

/** The date range and zones a file replaces, as importHolidayPeriods has always done. */
export function importScope(periods: readonly HolidayPeriod[]) {
  const zones = [...new Set(periods.map((period) => period.zone))].sort();
  const from = periods.reduce((min, p) => (p.startDate < min ? p.startDate : min), '9999');
  const until = periods.reduce((max, p) => (p.endDate > max ? p.endDate : max), '0000');
  return { zones, from, until };
}

/**
 * Replans every active slot's upcoming lessons against `calendar` (the calendar as it will
 * be): a lesson on a new day off is cancelled, a lesson on a day that is no longer off is
 * restored (if a day off cancelled it) or planned (if it never existed). Lessons cancelled
 * by a coordinator, run, or in the past are left alone.
 */
export async function planHolidayImport(
  db: PlanningDb,
  calendar: HolidayCalendar,
  periods: readonly HolidayPeriod[],
  { now, rules }: { now: Date; rules: Pick<PlanningRules, 'tutorBufferMinutes'> },
): Promise<HolidayImportPlan> {
  const slots = await activeSlots(db, now);
  const existing = await upcomingSessions(db, slots, now);
  const plan: HolidayImportPlan = {
    preview: emptyPreview(periods),
    cancelIds: [],
    reviveIds: [],
    created: [],
  };
  for (const active of slots) {
    for (const occurrence of expandSlot(active.slot, active.term, active.places, calendar)) {
      if (Date.parse(occurrence.startsAt) <= active.fromMs) continue;
      const id = occurrenceId(active.slot.id, occurrence.localDate);
      const session = existing.get(id);
      const change = decide(session, occurrence, active.places, calendar);
      if (change === 'cancel') {
        plan.cancelIds.push(id);
        plan.preview.toCancel.push(lesson(session!, dayOffOf(session!, active.places, calendar)));
      } else if (change === 'revive') {
        plan.reviveIds.push(id);
        plan.preview.toRestore.push(lesson(session!));
      } else if (change === 'create') {
        const created = plannedSession(active.slot, occurrence);
        plan.created.push(created);
        plan.preview.toRestore.push(lesson(created));
      }
    }
  }
  plan.preview.conflicts = await restoreConflicts(db, plan, rules);
  plan.preview.digest = digestOf(plan);
  return plan;
}

type Change = 'cancel' | 'revive' | 'create' | null;

function lesson(session: LessonSession, dayOffName?: string): ImportedLesson {
  return {
    sessionId: session.id,
    slotId: session.slotId ?? '',
    tutorId: session.tutorId,
    classIds: session.classIds,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    ...(dayOffName ? { dayOffName } : {}),
  };
}

function decide(
  session: PlannedSession | undefined,
  occurrence: SlotOccurrence,
  places: readonly HolidayPlace[],
  calendar: HolidayCalendar,
): Change {
  if (!session) return occurrence.dayOff ? null : 'create';
  const off = dayOffOf(session, places, calendar) !== undefined;
  if ((session.state === 'scheduled' || session.state === 'moved') && off) return 'cancel';
  if (session.state === 'cancelled' && session.cancelReason === 'day_off' && !off) return 'revive';
  return null;
}

/** A moved lesson is judged on the day it was moved to, not the series' day. */
function dayOffOf(
  session: LessonSession,
  places: readonly HolidayPlace[],
  calendar: HolidayCalendar,
) {
  const date = DateTime.fromISO(session.startsAt).setZone(PLANNING_TIME_ZONE).toISODate()!;
  for (const place of places) {
    const off = calendar.dayOff(date, place);
    if (off) return off.name;
  }
  return undefined;
}

function emptyPreview(periods: readonly HolidayPeriod[]): HolidayImportPreview {
  const { zones, from, until } = importScope(periods);
  return {
    zones,
    periods: [...periods],
    from,
    until,
    toCancel: [],
    toRestore: [],
    conflicts: [],
    digest: '',
  };
}

async function activeSlots(db: PlanningDb, now: Date): Promise<ActiveSlot[]> {
  const rows = await db
    .selectFrom('weekly_slots')
    .innerJoin('terms', 'terms.id', 'weekly_slots.term_id')
    .selectAll('weekly_slots')
    .select(['terms.start_date as term_start', 'terms.end_date as term_end'])
    .where('weekly_slots.retired_at', 'is', null)
    .where('terms.end_date', '>=', DateTime.fromJSDate(now).minus({ days: 1 }).toISODate()!)
    .execute();
  const classIds = await loadSlotClassIds(
    db,
    rows.map((row) => row.id),
  );
  const places = await placesOfClasses(db, [...new Set([...classIds.values()].flat())]);
  return rows.map((row) => {
    const ids = classIds.get(row.id) ?? [];
    const unique = new Map(ids.map((id) => places.get(id)!).map((p) => [JSON.stringify(p), p]));
    return {
      slot: toSlot(row, ids),
      term: { startDate: row.term_start, endDate: row.term_end },
      places: [...unique.values()],
      fromMs: Math.max(now.getTime(), row.created_at ? Date.parse(row.created_at) : 0),
    };
  });
}

async function placesOfClasses(db: PlanningDb, classIds: readonly string[]) {
  const places = new Map<string, HolidayPlace>();
  for (const ids of chunks(classIds)) {
    const rows = await db
      .selectFrom('classes')
      .innerJoin('schools', 'schools.id', 'classes.school_id')
      .select(['classes.id', 'schools.holiday_zone', 'schools.local_region'])
      .where('classes.id', 'in', ids)
      .execute();
    for (const row of rows) places.set(row.id, placeOf(row));
  }
  return places;
}

type PlannedSession = LessonSession & { cancelReason: string | null };

async function upcomingSessions(db: PlanningDb, slots: readonly ActiveSlot[], now: Date) {
  const byId = new Map<string, PlannedSession>();
  for (const ids of chunks(slots.map((active) => active.slot.id))) {
    const rows = await db
      .selectFrom('sessions')
      .selectAll()
      .where('slot_id', 'in', ids)
      .where('starts_at', '>', now.toISOString())
      .execute();
    for (const row of rows) {
      const classIds = slots.find((s) => s.slot.id === row.slot_id)?.slot.classIds ?? [];
      byId.set(row.id, { ...toSession(row, [...classIds]), cancelReason: row.cancel_reason });
    }
  }
  return byId;
}

/** Restored lessons against everything booked once the cancellations are made. */
async function restoreConflicts(
  db: PlanningDb,
  plan: HolidayImportPlan,
  rules: Pick<PlanningRules, 'tutorBufferMinutes'>,
): Promise<Conflict[]> {
  const restored = plan.preview.toRestore;
  if (restored.length === 0) return [];
  const from = restored.reduce(
    (min, l) => (l.startsAt < min ? l.startsAt : min),
    restored[0]!.startsAt,
  );
  const to = restored.reduce((max, l) => (l.endsAt > max ? l.endsAt : max), restored[0]!.endsAt);
  const pad = 2 * 3_600_000;
  const booked = await loadSessions(db, {
    from: new Date(Date.parse(from) - pad).toISOString(),
    to: new Date(Date.parse(to) + pad).toISOString(),
  });
  const cancelled = new Set(plan.cancelIds);
  const toInterval = (
    l: Pick<ImportedLesson, 'sessionId' | 'tutorId' | 'classIds' | 'startsAt' | 'endsAt'>,
  ) => ({
    sessionId: l.sessionId,
    tutorId: l.tutorId,
    classIds: l.classIds,
    startMs: Date.parse(l.startsAt),
    endMs: Date.parse(l.endsAt),
  });
  const others = booked
    .filter((s) => !cancelled.has(s.id))
    .map((s) => toInterval({ ...s, sessionId: s.id }));
  return findBookingConflicts(restored.map(toInterval), others, rules);
}

function digestOf(plan: HolidayImportPlan): string {
  const { periods, toCancel, toRestore } = plan.preview;
  const ids = (list: ImportedLesson[]) => list.map((l) => l.sessionId).sort();
  const key = JSON.stringify([periods, ids(toCancel), ids(toRestore)]);
  return createHash('sha256').update(key).digest('hex');
}
