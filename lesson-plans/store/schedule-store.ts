import type { Conflict } from '../calendar/conflicts';
import { holidayConflict, schoolHoursConflict } from '../calendar/conflicts';
import { parisWallClockToInstant } from '../calendar/recurrence';
import type {
  LessonSession,
  NewWeeklySlot,
  SchoolClass,
  SessionState,
  Tutor,
  WeeklySlot,
} from '../domain/model';
import { PLANNING_TIME_ZONE } from '../domain/model';
import type { Result } from '../domain/result';
import { PlanningFailure, fail, ok } from '../domain/result';
import { DateTime } from 'luxon';
import type { PlanningDb, StoreContext } from './context';
import { inTransaction } from './context';
import { toClass } from './directory-store';
import type { SessionFilter } from './session-rows';
import {
  classIdsBySession,
  loadSessions,
  loadSlotClassIds,
  toInterval,
  toSession,
  toSlot,
  zonesOfClasses,
} from './session-rows';
import { bookingConflicts } from './slot-planner';
import {
  checkSlot,
  conflictFailure,
  createSlot,
  deleteSlot,
  replaceSlot,
  warmHolidayCalendar,
} from './slot-writes';

/** Which state changes a lesson may go through; anything else is a conflict. */
const STATE_TRANSITIONS: Record<SessionState, readonly SessionState[]> = {
  scheduled: ['live', 'done', 'cancelled'],
  moved: ['live', 'done', 'cancelled'],
  live: ['done'],
  done: [],
  cancelled: [],
};
/** What the coordinator may undo: a lesson marked live or done by mistake (issue 8, row 8). */
const STATE_REVERSIONS: Partial<Record<SessionState, readonly SessionState[]>> = {
  live: ['scheduled'],
  done: ['scheduled', 'live'],
};
/** Running a lesson (live, done) is possible from a little before it starts until the evening. */
export const STATE_WINDOW_OPENS_BEFORE_MS = 15 * 60_000;
export const STATE_WINDOW_CLOSES_AFTER_MS = 6 * 60 * 60_000;

function outsideWindow(session: LessonSession, at: Date): string | null {
  const opens = Date.parse(session.startsAt) - STATE_WINDOW_OPENS_BEFORE_MS;
  const closes = Date.parse(session.endsAt) + STATE_WINDOW_CLOSES_AFTER_MS;
  if (at.getTime() < opens) return 'this lesson has not started yet';
  if (at.getTime() > closes) return 'this lesson ended too long ago';
  return null;
}

export interface ClassroomSession {
  session: LessonSession;
  tutor: Pick<Tutor, 'id' | 'name'>;
  classes: SchoolClass[];
}

export interface MoveRequest {
  date: string;
  startTime: string;
}

export function createScheduleStore(ctx: StoreContext) {
  const { db } = ctx;
  return {
    checkSlotConflicts: (input: NewWeeklySlot, replacing?: string) =>
      checkSlot(ctx, input, replacing),
    createSlot: (input: NewWeeklySlot, options?: { plannedFrom?: string }) =>
      createSlot(ctx, input, options),
    replaceSlot: (id: string, input: NewWeeklySlot) => replaceSlot(ctx, id, input),
    async listSlots(filter: { termId?: string; tutorId?: string } = {}): Promise<WeeklySlot[]> {
      let query = db
        .selectFrom('weekly_slots')
        .selectAll()
        .where('retired_at', 'is', null)
        .orderBy('weekday')
        .orderBy('start_time')
        .orderBy('id');
      if (filter.termId) query = query.where('term_id', '=', filter.termId);
      if (filter.tutorId) query = query.where('tutor_id', '=', filter.tutorId);
      const rows = await query.execute();
      const classIds = await loadSlotClassIds(
        db,
        rows.map((row) => row.id),
      );
      return rows.map((row) => toSlot(row, classIds.get(row.id) ?? []));
    },
    /** `includeRetired` is for calendar feeds: a retired slot's past lessons keep its series. */
    async getSlot(id: string, options: { includeRetired?: boolean } = {}) {
      let query = db.selectFrom('weekly_slots').selectAll().where('id', '=', id);
      if (!options.includeRetired) query = query.where('retired_at', 'is', null);
      const row = await query.executeTakeFirst();
      if (!row) return undefined;
      const slot = toSlot(row, (await loadSlotClassIds(db, [id])).get(id) ?? []);
      return { ...slot, plannedAt: row.created_at, retiredAt: row.retired_at };
    },
    deleteSlot: (id: string) => deleteSlot(ctx, id),
    listSessions: (filter: SessionFilter = {}) => loadSessions(db, filter),
    getSession: (id: string) => getSession(db, id),
    moveSession: (id: string, move: MoveRequest) => moveSession(ctx, id, move),
    setSessionState: (id: string, state: SessionState, options: { revert?: boolean } = {}) =>
      setSessionState(ctx, id, state, options.revert ?? false),
    findClassroomSession: (classId: string, at?: Date) => findClassroomSession(ctx, classId, at),
  };
}

async function getSession(db: PlanningDb, id: string): Promise<LessonSession | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSession(row, (await classIdsBySession(db, [id])).get(id) ?? []);
}

async function moveSession(
  ctx: StoreContext,
  id: string,
  move: MoveRequest,
): Promise<Result<LessonSession>> {
  await warmHolidayCalendar(ctx);
  return inTransaction(ctx.db, async (trx) => {
    const session = await getSession(trx, id);
    if (!session)
      throw new PlanningFailure({ code: 'not_found', message: `session ${id} not found` });
    if (!['scheduled', 'moved'].includes(session.state))
      throw new PlanningFailure({
        code: 'conflict',
        message: `a ${session.state} session cannot move`,
      });
    const startsAt = parisWallClockToInstant(move.date, move.startTime);
    if (!startsAt)
      throw new PlanningFailure({
        code: 'invalid_request',
        message: 'that time does not exist in Paris',
      });
    const now = ctx.now().toISOString();
    refusePast(session.startsAt, startsAt, now);
    const durationMs = Date.parse(session.endsAt) - Date.parse(session.startsAt);
    const endsAt = new Date(Date.parse(startsAt) + durationMs).toISOString();
    const moved = { ...session, startsAt, endsAt };
    const conflicts = await moveConflicts(ctx, trx, moved);
    if (conflicts.length > 0) throw conflictFailure(conflicts);
    await trx
      .updateTable('sessions')
      .set((eb) => ({
        starts_at: startsAt,
        ends_at: endsAt,
        state: 'moved',
        original_starts_at: session.originalStartsAt ?? session.startsAt,
        sequence: eb('sequence', '+', 1),
        changed_at: now,
      }))
      .where('id', '=', id)
      .execute();
    return (await getSession(trx, id))!;
  });
}

/** The past is history: a started lesson does not move, and nothing moves into the past. */
function refusePast(from: string, to: string, now: string): void {
  if (from > now && to > now) return;
  throw new PlanningFailure({
    code: 'invalid_request',
    message:
      from <= now
        ? 'this lesson has already started; it cannot move'
        : 'a lesson cannot move into the past',
  });
}

async function moveConflicts(ctx: StoreContext, db: PlanningDb, moved: LessonSession) {
  const interval = toInterval(moved);
  const conflicts: Conflict[] = [];
  const hours = schoolHoursConflict(interval, ctx.rules);
  if (hours) conflicts.push(hours);
  const date = DateTime.fromISO(moved.startsAt).setZone(PLANNING_TIME_ZONE).toISODate()!;
  const calendar = await ctx.holidayCalendar();
  for (const zone of (await zonesOfClasses(db, moved.classIds)).zones) {
    const dayOff = calendar.dayOff(date, zone);
    if (dayOff) conflicts.push(holidayConflict(interval, dayOff));
  }
  const owner = { id: '', tutorId: moved.tutorId, classIds: moved.classIds };
  conflicts.push(...(await bookingConflicts(ctx, db, owner, [interval], new Set([moved.id]))));
  return conflicts;
}

async function setSessionState(
  ctx: StoreContext,
  id: string,
  state: SessionState,
  revert: boolean,
): Promise<Result<LessonSession>> {
  const session = await getSession(ctx.db, id);
  if (!session) return fail('not_found', `session ${id} not found`);
  const reverting = revert && (STATE_REVERSIONS[session.state] ?? []).includes(state);
  if (!reverting && !STATE_TRANSITIONS[session.state].includes(state))
    return fail('conflict', `a ${session.state} session cannot become ${state}`);
  const early = state === 'live' || state === 'done' ? outsideWindow(session, ctx.now()) : null;
  if (early) return fail('conflict', early);
  // Only a cancellation changes what a calendar shows; running a lesson does not.
  const changedAt = ctx.now().toISOString();
  const change = state === 'cancelled' ? { sequence: session.sequence + 1, changedAt } : {};
  await ctx.db
    .updateTable('sessions')
    .set({
      state,
      ...(state === 'cancelled'
        ? { sequence: session.sequence + 1, changed_at: changedAt, cancel_reason: 'cancelled' }
        : {}),
    })
    .where('id', '=', id)
    .execute();
  return ok({ ...session, state, ...change });
}

/** The classroom's permanent link opens the lesson in progress, else the next one. */
async function findClassroomSession(
  ctx: StoreContext,
  classId: string,
  at: Date = ctx.now(),
): Promise<ClassroomSession | null> {
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('session_classes', 'session_classes.session_id', 'sessions.id')
    .selectAll('sessions')
    .where('session_classes.class_id', '=', classId)
    .where('sessions.ends_at', '>', at.toISOString())
    .where('sessions.state', 'in', ['scheduled', 'moved', 'live'])
    .orderBy('sessions.starts_at')
    .orderBy('sessions.id')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const classIds = (await classIdsBySession(ctx.db, [row.id])).get(row.id) ?? [];
  const tutor = await ctx.db
    .selectFrom('tutors')
    .select(['id', 'name'])
    .where('id', '=', row.tutor_id)
    .executeTakeFirstOrThrow();
  const classes = await ctx.db
    .selectFrom('classes')
    .selectAll()
    .where('id', 'in', classIds)
    .execute();
  return { session: toSession(row, classIds), tutor, classes: classes.map(toClass) };
}

export type ScheduleStore = ReturnType<typeof createScheduleStore>;
