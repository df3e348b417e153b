import type { BookedInterval, Conflict } from '../calendar/conflicts';
import { findBookingConflicts, holidayConflict, schoolHoursConflict } from '../calendar/conflicts';
import type { SlotOccurrence } from '../calendar/recurrence';
import { expandSlot } from '../calendar/recurrence';
import type { NewWeeklySlot, Term, WeeklySlot } from '../domain/model';
import { NewWeeklySlotSchema } from '../domain/model';
import type { Result } from '../domain/result';
import { fail, ok } from '../domain/result';
import type { PlanningDb, StoreContext } from './context';
import { newId } from './context';
import { loadSessions, occurrenceId, toInterval, zonesOfClasses } from './session-rows';

export interface SlotPlan {
  slot: WeeklySlot;
  term: Term;
  /** Every weekly occurrence in the term, with the day off that suppresses it if any. */
  occurrences: SlotOccurrence[];
  conflicts: Conflict[];
  /** Lessons are planned only from this instant: the past is not rewritten. */
  plannedFrom: string;
}

/**
 * Planning the replacement of an existing slot: only lessons starting after `after` are
 * planned (earlier ones stay with the old slot as history), and the old slot's lessons that
 * the replacement cancels do not count as bookings.
 */
export interface SlotReplacement {
  slotId: string;
  after: string;
  cancelledSessionIds: ReadonlySet<string>;
}

export interface SlotPlanOptions {
  replacing?: SlotReplacement;
  /**
   * Plan lessons from this instant instead of now. Only the demo seed and the bench use it,
   * to lay down a timetable that has existed since September; no route passes it.
   */
  plannedFrom?: string;
}

const MINUTE_MS = 60_000;

/** Expands a proposed slot and lists every reason it cannot be saved, without writing. */
export async function planSlot(
  ctx: StoreContext,
  db: PlanningDb,
  input: NewWeeklySlot,
  options: SlotPlanOptions = {},
): Promise<Result<SlotPlan>> {
  const parsed = NewWeeklySlotSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_request', 'invalid slot', parsed.error.issues);
  const { replacing } = options;
  // A replacement always gets a fresh id: see replaceSlot in slot-writes.ts.
  const id = replacing ? newId('slot') : (parsed.data.id ?? newId('slot'));
  const slot: WeeklySlot = { ...parsed.data, id };
  const references = await checkReferences(db, slot);
  if (!references.ok) return references;
  const { term, zones } = references.value;
  const plannedFrom = replacing?.after ?? options.plannedFrom ?? ctx.now().toISOString();
  const fromMs = Date.parse(plannedFrom);
  const occurrences = expandSlot(slot, term, zones, await ctx.holidayCalendar()).filter(
    (occurrence) => Date.parse(occurrence.startsAt) > fromMs,
  );
  if (occurrences.length === 0)
    return fail('invalid_request', 'no upcoming lesson falls inside the term');
  const candidates = occurrences
    .filter((occurrence) => !occurrence.dayOff)
    .map((occurrence) => occurrenceInterval(slot, occurrence));
  const conflicts: Conflict[] = [];
  const first = occurrences[0]!;
  if (candidates.length === 0 && first.dayOff) {
    conflicts.push(holidayConflict(occurrenceInterval(slot, first), first.dayOff));
  }
  const hours = schoolHoursConflict(occurrenceInterval(slot, first), ctx.rules);
  if (hours) conflicts.push(hours);
  const ignored = replacing?.cancelledSessionIds;
  conflicts.push(...(await bookingConflicts(ctx, db, slot, candidates, ignored)));
  return ok({ slot, term, occurrences, conflicts, plannedFrom });
}

async function checkReferences(db: PlanningDb, slot: WeeklySlot) {
  const term = await db
    .selectFrom('terms')
    .selectAll()
    .where('id', '=', slot.termId)
    .executeTakeFirst();
  if (!term) return fail<never>('invalid_request', `term ${slot.termId} does not exist`);
  const tutor = await db
    .selectFrom('tutors')
    .select('id')
    .where('id', '=', slot.tutorId)
    .executeTakeFirst();
  if (!tutor) return fail<never>('invalid_request', `tutor ${slot.tutorId} does not exist`);
  const uniqueClassIds = [...new Set(slot.classIds)];
  const { zones, found } = await zonesOfClasses(db, uniqueClassIds);
  const missing = uniqueClassIds.filter((id) => !found.includes(id));
  if (missing.length > 0)
    return fail<never>('invalid_request', `unknown classes: ${missing.join(', ')}`);
  return ok({
    term: {
      id: term.id,
      schoolYearId: term.school_year_id,
      name: term.name,
      startDate: term.start_date,
      endDate: term.end_date,
    },
    zones,
  });
}

export function occurrenceInterval(slot: WeeklySlot, occurrence: SlotOccurrence): BookedInterval {
  return toInterval({
    id: occurrenceId(slot.id, occurrence.localDate),
    tutorId: slot.tutorId,
    classIds: slot.classIds,
    startsAt: occurrence.startsAt,
    endsAt: occurrence.endsAt,
  });
}

/** Only the tutor's and the classes' lessons in the candidate window are read and swept. */
export async function bookingConflicts(
  ctx: StoreContext,
  db: PlanningDb,
  owner: { id: string; tutorId: string; classIds: readonly string[] },
  candidates: BookedInterval[],
  excludeSessionIds: ReadonlySet<string> = new Set(),
): Promise<Conflict[]> {
  if (candidates.length === 0) return [];
  const bufferMs = ctx.rules.tutorBufferMinutes * MINUTE_MS;
  const from = Math.min(...candidates.map((c) => c.startMs)) - bufferMs;
  const to = Math.max(...candidates.map((c) => c.endMs)) + bufferMs;
  const existing = await loadSessions(db, {
    tutorId: owner.tutorId,
    classIds: owner.classIds,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
  });
  const others = existing
    .filter((session) => session.slotId !== owner.id && !excludeSessionIds.has(session.id))
    .map(toInterval);
  return findBookingConflicts(candidates, others, ctx.rules);
}
