import type { BookedInterval } from '../calendar/conflicts';
import type { HolidayPlace } from '../calendar/holidays';
import type { SlotOccurrence } from '../calendar/recurrence';
import type { LessonSession, WeeklySlot } from '../domain/model';
import { HolidayZoneSchema, LocalRegionSchema, SessionStateSchema } from '../domain/model';
import type { PlanningDb } from './context';
import { chunks } from './context';
import type { PlanningDatabase } from './schema';

type SessionRow = PlanningDatabase['sessions'];

export interface SessionFilter {
  from?: string;
  to?: string;
  tutorId?: string;
  classIds?: readonly string[];
  schoolId?: string;
  slotId?: string;
  includeCancelled?: boolean;
}

export async function classIdsBySession(
  db: PlanningDb,
  sessionIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byId = new Map<string, string[]>();
  for (const ids of chunks(sessionIds)) {
    const rows = await db
      .selectFrom('session_classes')
      .select(['session_id', 'class_id'])
      .where('session_id', 'in', ids)
      .orderBy('class_id')
      .execute();
    for (const row of rows) {
      const list = byId.get(row.session_id) ?? [];
      list.push(row.class_id);
      byId.set(row.session_id, list);
    }
  }
  return byId;
}

export function toSession(row: SessionRow, classIds: string[]): LessonSession {
  return {
    id: row.id,
    slotId: row.slot_id,
    tutorId: row.tutor_id,
    classIds,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    state: SessionStateSchema.parse(row.state),
    originalStartsAt: row.original_starts_at,
    sequence: row.sequence,
    changedAt: row.changed_at,
  };
}

export async function loadSessions(db: PlanningDb, filter: SessionFilter) {
  let query = db
    .selectFrom('sessions')
    .selectAll('sessions')
    .orderBy('sessions.starts_at')
    .orderBy('sessions.id');
  if (filter.from) query = query.where('sessions.ends_at', '>', filter.from);
  if (filter.to) query = query.where('sessions.starts_at', '<', filter.to);
  if (filter.slotId) query = query.where('sessions.slot_id', '=', filter.slotId);
  if (!filter.includeCancelled) query = query.where('sessions.state', '!=', 'cancelled');
  const classIds = filter.classIds;
  const tutorId = filter.tutorId;
  if (tutorId && classIds) {
    query = query.where(
      'sessions.id',
      'in',
      tutorSessions(db, tutorId, filter).union(sessionsOf(db, classIds)),
    );
  } else if (tutorId) {
    query = query.where('sessions.tutor_id', '=', tutorId);
  } else if (classIds) {
    query = query.where('sessions.id', 'in', sessionsOf(db, classIds));
  }
  if (filter.schoolId) {
    const schoolId = filter.schoolId;
    query = query.where('sessions.id', 'in', (eb) =>
      eb
        .selectFrom('session_classes')
        .innerJoin('classes', 'classes.id', 'session_classes.class_id')
        .select('session_classes.session_id')
        .where('classes.school_id', '=', schoolId),
    );
  }
  const rows = await query.execute();
  const classes = await classIdsBySession(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSession(row, classes.get(row.id) ?? []));
}

/**
 * The tutor's lessons in the window, from the (tutor_id, starts_at) index. With classes it is
 * one side of a union, not `tutor_id = ? or id in (…)`: PostgreSQL cannot answer that `or`
 * from an index and read every lesson in the window (README, "Benchmarks").
 */
function tutorSessions(db: PlanningDb, id: string, { from, to }: SessionFilter) {
  let own = db
    .selectFrom('sessions as own')
    .select('own.id as session_id')
    .where('own.tutor_id', '=', id);
  if (from) own = own.where('own.ends_at', '>', from);
  if (to) own = own.where('own.starts_at', '<', to);
  return own;
}

function sessionsOf(db: PlanningDb, ids: readonly string[]) {
  return db
    .selectFrom('session_classes')
    .select('session_id')
    .where('class_id', 'in', ids.length > 0 ? [...ids] : ['']);
}

export function toInterval(
  session: Pick<LessonSession, 'id' | 'tutorId' | 'classIds' | 'startsAt' | 'endsAt'>,
): BookedInterval {
  return {
    sessionId: session.id,
    tutorId: session.tutorId,
    classIds: session.classIds,
    startMs: Date.parse(session.startsAt),
    endMs: Date.parse(session.endsAt),
  };
}

export async function zonesOfClasses(
  db: PlanningDb,
  classIds: readonly string[],
): Promise<{ zones: HolidayPlace[]; found: string[] }> {
  if (classIds.length === 0) return { zones: [], found: [] };
  const rows = await db
    .selectFrom('classes')
    .innerJoin('schools', 'schools.id', 'classes.school_id')
    .select(['classes.id', 'schools.holiday_zone', 'schools.local_region'])
    .where('classes.id', 'in', [...classIds])
    .execute();
  const places = new Map<string, HolidayPlace>();
  for (const row of rows) places.set(`${row.holiday_zone}|${row.local_region}`, placeOf(row));
  return { zones: [...places.values()], found: rows.map((row) => row.id) };
}

export function placeOf(row: { holiday_zone: string; local_region: string | null }): HolidayPlace {
  const zone = HolidayZoneSchema.parse(row.holiday_zone);
  return row.local_region ? { zone, region: LocalRegionSchema.parse(row.local_region) } : zone;
}

export async function loadSlotClassIds(db: PlanningDb, slotIds: readonly string[]) {
  const byId = new Map<string, string[]>();
  for (const ids of chunks(slotIds)) {
    const rows = await db
      .selectFrom('slot_classes')
      .selectAll()
      .where('slot_id', 'in', ids)
      .orderBy('class_id')
      .execute();
    for (const row of rows) byId.set(row.slot_id, [...(byId.get(row.slot_id) ?? []), row.class_id]);
  }
  return byId;
}

export function toSlot(row: PlanningDatabase['weekly_slots'], classIds: string[]): WeeklySlot {
  return {
    id: row.id,
    termId: row.term_id,
    tutorId: row.tutor_id,
    classIds,
    weekday: row.weekday,
    startTime: row.start_time,
    durationMinutes: row.duration_minutes,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
  };
}

/** Occurrence ids are stable so a regenerated series and its iCalendar UIDs line up. */
export function occurrenceId(slotId: string, localDate: string): string {
  return `${slotId}@${localDate}`;
}

/** A lesson of a weekly slot as first planned: scheduled, never moved, never changed. */
export function plannedSession(
  slot: WeeklySlot,
  occurrence: Pick<SlotOccurrence, 'localDate' | 'startsAt' | 'endsAt'>,
  classIds: readonly string[] = slot.classIds,
): LessonSession {
  return {
    id: occurrenceId(slot.id, occurrence.localDate),
    slotId: slot.id,
    tutorId: slot.tutorId,
    classIds: [...classIds],
    startsAt: occurrence.startsAt,
    endsAt: occurrence.endsAt,
    state: 'scheduled',
    originalStartsAt: null,
    sequence: 0,
    changedAt: null,
  };
}
