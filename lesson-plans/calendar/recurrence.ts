import { DateTime } from 'luxon';
import rrule from 'rrule';
import type { Term, WeeklySlot } from '../domain/model';
import { PLANNING_TIME_ZONE } from '../domain/model';
import type { DayOff, SlotOccurrence, ZonedTime } from '../domain/schedule-views';
import type { HolidayCalendar, HolidayPlace } from './holidays';

// rrule ships CommonJS; its named exports are only reachable through the default import.
const { RRule, datetime } = rrule;
const RRULE_WEEKDAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];

export type { SlotOccurrence, ZonedTime };

export type SlotPattern = Pick<
  WeeklySlot,
  'weekday' | 'startTime' | 'durationMinutes' | 'validFrom' | 'validUntil'
>;

/** The Paris days on which a weekly slot falls inside its term, holidays included. */
export function slotWindow(slot: SlotPattern, term: Pick<Term, 'startDate' | 'endDate'>) {
  const from = slot.validFrom && slot.validFrom > term.startDate ? slot.validFrom : term.startDate;
  const until = slot.validUntil && slot.validUntil < term.endDate ? slot.validUntil : term.endDate;
  return { from, until };
}

/**
 * Expands a weekly slot with RRULE semantics on Paris wall-clock time, then converts each
 * occurrence to a UTC instant with the tz database, so a DST change never moves the lesson.
 */
export function expandSlot(
  slot: SlotPattern,
  term: Pick<Term, 'startDate' | 'endDate'>,
  zones: readonly HolidayPlace[],
  holidays: HolidayCalendar,
): SlotOccurrence[] {
  const { from, until } = slotWindow(slot, term);
  if (from > until) return [];
  const [hour, minute] = slot.startTime.split(':').map(Number) as [number, number];
  const first = DateTime.fromISO(from);
  const last = DateTime.fromISO(until);
  // rrule works on "floating" dates: UTC fields stand for Paris wall-clock fields.
  const rule = new RRule({
    freq: RRule.WEEKLY,
    byweekday: [RRULE_WEEKDAYS[slot.weekday - 1]!],
    dtstart: datetime(first.year, first.month, first.day, hour, minute),
    until: datetime(last.year, last.month, last.day, 23, 59),
  });
  return rule.all().map((floating) => {
    const local = DateTime.fromObject(
      {
        year: floating.getUTCFullYear(),
        month: floating.getUTCMonth() + 1,
        day: floating.getUTCDate(),
        hour,
        minute,
      },
      { zone: PLANNING_TIME_ZONE },
    );
    const localDate = local.toISODate()!;
    return {
      localDate,
      startsAt: toInstant(local),
      endsAt: toInstant(local.plus({ minutes: slot.durationMinutes })),
      dayOff: firstDayOff(localDate, zones, holidays),
    };
  });
}

function firstDayOff(
  date: string,
  zones: readonly HolidayPlace[],
  holidays: HolidayCalendar,
): DayOff | null {
  for (const zone of zones) {
    const dayOff = holidays.dayOff(date, zone);
    if (dayOff) return dayOff;
  }
  return null;
}

/** Canonical stored form of an instant: UTC, millisecond precision, trailing Z. */
export function toInstant(time: DateTime): string {
  return time.toUTC().toISO()!;
}

/** A Paris wall-clock time as a UTC instant; null when the time does not exist (DST gap). */
export function parisWallClockToInstant(localDate: string, localTime: string): string | null {
  const local = DateTime.fromISO(`${localDate}T${localTime}`, { zone: PLANNING_TIME_ZONE });
  if (!local.isValid) return null;
  if (local.toFormat('HH:mm') !== localTime.slice(0, 5)) return null;
  return toInstant(local);
}

/** How a UTC instant reads on the wall clock of the given zone. */
export function inZone(instant: string, timeZone: string): ZonedTime {
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone);
  return {
    timeZone,
    date: local.toISODate()!,
    time: local.toFormat('HH:mm'),
    offset: local.toFormat('ZZ'),
    iso: local.toISO({ suppressMilliseconds: true })!,
  };
}
