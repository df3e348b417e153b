import type { Transaction } from 'kysely';
import type { Conflict } from '../calendar/conflicts';
import type { LessonSession, NewWeeklySlot, WeeklySlot } from '../domain/model';
import type { Result } from '../domain/result';
import { PlanningFailure, fail } from '../domain/result';
import type { PlanningDb, StoreContext } from './context';
import { chunks, inTransaction } from './context';
import type { PlanningDatabase } from './schema';
import { plannedSession } from './session-rows';
import type { SlotPlan, SlotPlanOptions, SlotReplacement } from './slot-planner';
import { planSlot } from './slot-planner';

/** Lessons a slot change may still cancel: not yet started, not already run or cancelled. */
const UPCOMING_STATES = ['scheduled', 'moved'] as const;

/** Checks a proposed slot, optionally as the replacement of `replacing` (the edit form). */
export async function checkSlot(
  ctx: StoreContext,
  input: NewWeeklySlot,
  replacing?: string,
): Promise<Result<SlotPlan>> {
  const options: SlotPlanOptions = {};
  if (replacing) {
    const replacement = await replacementOf(ctx, ctx.db, replacing);
    if (!replacement) return fail('not_found', `slot ${replacing} not found`);
    options.replacing = replacement;
  }
  return planSlot(ctx, ctx.db, input, options);
}

export async function createSlot(
  ctx: StoreContext,
  input: NewWeeklySlot,
  options: Pick<SlotPlanOptions, 'plannedFrom'> = {},
) {
  await warmHolidayCalendar(ctx);
  return inTransaction(ctx.db, async (trx) => {
    const plan = await acceptablePlan(ctx, trx, input, options);
    // A retired slot's id stays taken: its past lessons still use it.
    const taken = await trx
      .selectFrom('weekly_slots')
      .select('id')
      .where('id', '=', plan.slot.id)
      .executeTakeFirst();
    if (taken)
      throw new PlanningFailure({ code: 'conflict', message: `slot ${plan.slot.id} exists` });
    return insertPlannedSlot(trx, plan);
  });
}

/**
 * Replaces a slot in one transaction: the old slot's upcoming lessons are cancelled (past ones
 * stay as history, as with deleteSlot), and the new version gets a fresh slot id and only
 * lessons after now. Session ids are `occurrenceId(slotId, date)`, so reusing the old slot id
 * would collide with the cancelled (and past) lessons it keeps on the same dates; a new id also
 * gives the new lessons new iCalendar UIDs, so subscribed calendars see the old ones cancelled
 * rather than silently rewritten. The old slot is retired, not deleted, so the lessons it keeps
 * stay in its series under the same UID. Any conflict or error rolls everything back.
 */
export async function replaceSlot(ctx: StoreContext, id: string, input: NewWeeklySlot) {
  await warmHolidayCalendar(ctx);
  return inTransaction(ctx.db, async (trx) => {
    const replacing = await replacementOf(ctx, trx, id);
    if (!replacing)
      throw new PlanningFailure({ code: 'not_found', message: `slot ${id} not found` });
    const plan = await acceptablePlan(ctx, trx, input, { replacing });
    const cancelledSessionIds = await cancelUpcoming(trx, id, replacing.after);
    await retire(trx, id, replacing.after);
    const created = await insertPlannedSlot(trx, plan);
    return { ...created, replacedSlotId: id, cancelledSessionIds };
  });
}

/** Past lessons stay as history; upcoming ones are cancelled, not deleted (plans, inspections). */
export async function deleteSlot(ctx: StoreContext, id: string) {
  return inTransaction(ctx.db, async (trx) => {
    const slot = await activeSlot(trx, id);
    if (!slot) throw new PlanningFailure({ code: 'not_found', message: `slot ${id} not found` });
    const now = ctx.now().toISOString();
    const cancelledSessionIds = await cancelUpcoming(trx, id, now);
    await retire(trx, id, now);
    return { slotId: id, cancelledSessionIds };
  });
}

/** What replacing slot `id` now means, or undefined when there is no such slot. */
async function replacementOf(
  ctx: StoreContext,
  db: PlanningDb,
  id: string,
): Promise<SlotReplacement | undefined> {
  const slot = await activeSlot(db, id);
  if (!slot) return undefined;
  const after = ctx.now().toISOString();
  const upcoming = await upcomingOf(db, id, after).select('id').execute();
  return { slotId: id, after, cancelledSessionIds: new Set(upcoming.map((row) => row.id)) };
}

function activeSlot(db: PlanningDb, id: string) {
  return db
    .selectFrom('weekly_slots')
    .select('id')
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** A retired slot keeps its row so its past lessons keep their series (and calendar UIDs). */
async function retire(trx: Transaction<PlanningDatabase>, id: string, at: string) {
  await trx.updateTable('weekly_slots').set({ retired_at: at }).where('id', '=', id).execute();
}

function upcomingOf(db: PlanningDb, slotId: string, after: string) {
  return db
    .selectFrom('sessions')
    .where('slot_id', '=', slotId)
    .where('state', 'in', UPCOMING_STATES)
    .where('starts_at', '>', after);
}

async function cancelUpcoming(
  trx: Transaction<PlanningDatabase>,
  slotId: string,
  after: string,
): Promise<string[]> {
  const cancelled = await trx
    .updateTable('sessions')
    .set((eb) => ({
      state: 'cancelled',
      cancel_reason: 'slot_changed',
      sequence: eb('sequence', '+', 1),
      changed_at: after,
    }))
    .where('slot_id', '=', slotId)
    .where('state', 'in', UPCOMING_STATES)
    .where('starts_at', '>', after)
    .returning('id')
    .execute();
  return cancelled.map((row) => row.id);
}

/** Plans inside the transaction and throws (rolling back) on any refusal. */
async function acceptablePlan(
  ctx: StoreContext,
  trx: Transaction<PlanningDatabase>,
  input: NewWeeklySlot,
  options: SlotPlanOptions = {},
): Promise<SlotPlan> {
  const plan = await planSlot(ctx, trx, input, options);
  if (!plan.ok) throw new PlanningFailure(plan.error);
  const { conflicts } = plan.value;
  if (conflicts.length > 0) throw conflictFailure(conflicts);
  return plan.value;
}

async function insertPlannedSlot(trx: Transaction<PlanningDatabase>, plan: SlotPlan) {
  const classIds = [...new Set(plan.slot.classIds)];
  const slot: WeeklySlot = { ...plan.slot, classIds };
  await trx
    .insertInto('weekly_slots')
    .values({
      id: slot.id,
      term_id: slot.termId,
      tutor_id: slot.tutorId,
      weekday: slot.weekday,
      start_time: slot.startTime,
      duration_minutes: slot.durationMinutes,
      valid_from: slot.validFrom,
      valid_until: slot.validUntil,
      retired_at: null,
      created_at: plan.plannedFrom,
    })
    .execute();
  await trx
    .insertInto('slot_classes')
    .values(classIds.map((classId) => ({ slot_id: slot.id, class_id: classId })))
    .execute();
  const sessions: LessonSession[] = plan.occurrences
    .filter((occurrence) => !occurrence.dayOff)
    .map((occurrence) => plannedSession(slot, occurrence, classIds));
  await insertSessions(trx, sessions);
  return { slot, sessions };
}

export async function insertSessions(db: PlanningDb, sessions: readonly LessonSession[]) {
  for (const batch of chunks(sessions, 200)) {
    if (batch.length === 0) continue;
    await db
      .insertInto('sessions')
      .values(
        batch.map((s) => ({
          id: s.id,
          slot_id: s.slotId,
          tutor_id: s.tutorId,
          starts_at: s.startsAt,
          ends_at: s.endsAt,
          state: s.state,
          original_starts_at: s.originalStartsAt,
          sequence: s.sequence,
          changed_at: s.changedAt,
          cancel_reason: s.state === 'cancelled' ? 'day_off' : null,
        })),
      )
      .execute();
    await db
      .insertInto('session_classes')
      .values(batch.flatMap((s) => s.classIds.map((c) => ({ session_id: s.id, class_id: c }))))
      .execute();
  }
}

/**
 * SQLite has one connection: building the calendar on `ctx.db` inside a transaction would
 * wait for that transaction forever, so it is built (and cached) before opening one.
 */
export async function warmHolidayCalendar(ctx: StoreContext): Promise<void> {
  await ctx.holidayCalendar();
}

export function conflictFailure(conflicts: readonly Conflict[]): PlanningFailure {
  const codes = [...new Set(conflicts.map((conflict) => conflict.code))];
  const message = `${conflicts.length} conflict(s): ${codes.join(', ')}; first: ${conflicts[0]?.message}`;
  return new PlanningFailure({ code: 'conflict', message, details: { conflicts } });
}
