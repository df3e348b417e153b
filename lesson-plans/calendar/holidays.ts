import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { HolidayPeriod, HolidayZone, PublicHoliday } from '../domain/model';
import { HolidayZoneSchema } from '../domain/model';
import type { Result } from '../domain/result';
import { fail, ok } from '../domain/result';

const DATA_DIR = new URL('../data/', import.meta.url);
const SHIPPED_SCHOOL_CALENDARS = [
  'calendrier-scolaire-2026-2027-zone-a.ics',
  'calendrier-scolaire-2026-2027-zone-b.ics',
  'calendrier-scolaire-2026-2027-zone-c.ics',
  'calendrier-scolaire-2027-2028-zone-a.ics',
  'calendrier-scolaire-2027-2028-zone-b.ics',
  'calendrier-scolaire-2027-2028-zone-c.ics',
];
const PUBLIC_HOLIDAYS_FILE = 'jours-feries-metropole.ics';
/** The Ministry feed publishes the summer break with a start only; school resumes in September. */
const SUMMER_RESUMES_ON = { month: 9, day: 1 };
const HOLIDAY_SUMMARY = /^(vacances|pont)\b/i;
const ZONE_MARK = /\bzone\s+([ABC])\b/i;

export interface HolidayCalendarOptions {
  /** Used when the file names no zone in its events or calendar name. */
  zone?: HolidayZone;
}

interface AllDayEvent {
  summary: string;
  start: string;
  end: string | null;
  zoneText: string;
}

/**
 * Reads the Ministry's per-zone school-calendar feed: all-day VEVENTs whose SUMMARY starts
 * with "Vacances" or "Pont", DTSTART the first free day and DTEND the day classes resume.
 */
export function loadHolidayCalendar(
  icsText: string,
  options: HolidayCalendarOptions = {},
): Result<HolidayPeriod[]> {
  const events = parseAllDayEvents(icsText);
  if (!events.ok) return events;
  const periods: HolidayPeriod[] = [];
  for (const event of events.value) {
    if (!HOLIDAY_SUMMARY.test(event.summary)) continue;
    const zone = zoneOf(event.zoneText) ?? options.zone;
    if (!zone) return fail('invalid_request', `no zone A/B/C for "${event.summary}"`);
    periods.push({
      zone,
      name: event.summary.replace(/\s*-\s*zone\s+[ABC]\s*$/i, ''),
      startDate: event.start,
      endDate: event.end ?? summerResumption(event.start),
    });
  }
  if (periods.length === 0) return fail('invalid_request', 'the calendar holds no holiday period');
  return ok(periods.sort((a, b) => a.startDate.localeCompare(b.startDate)));
}

/** Public holidays: one all-day VEVENT per day off. */
export function loadPublicHolidays(icsText: string): Result<PublicHoliday[]> {
  const events = parseAllDayEvents(icsText);
  if (!events.ok) return events;
  return ok(events.value.map((event) => ({ date: event.start, name: event.summary })));
}

function parseAllDayEvents(icsText: string): Result<AllDayEvent[]> {
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(icsText));
  } catch (error) {
    return fail('invalid_request', `not an iCalendar file: ${String(error)}`);
  }
  if (calendar.name !== 'vcalendar') return fail('invalid_request', 'expected a VCALENDAR');
  const calendarName = String(calendar.getFirstPropertyValue('x-wr-calname') ?? '');
  const events: AllDayEvent[] = [];
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const start = vevent.getFirstPropertyValue('dtstart');
    if (!(start instanceof ICAL.Time)) return fail('invalid_request', 'VEVENT without DTSTART');
    const end = vevent.getFirstPropertyValue('dtend');
    const summary = String(vevent.getFirstPropertyValue('summary') ?? '').trim();
    const zoneText = [summary, vevent.getFirstPropertyValue('description'), calendarName]
      .map((part) => String(part ?? ''))
      .join(' ');
    events.push({
      summary,
      start: dateOf(start),
      end: end instanceof ICAL.Time ? dateOf(end) : null,
      zoneText,
    });
  }
  return ok(events);
}

function dateOf(time: ICAL.Time): string {
  return DateTime.fromObject({ year: time.year, month: time.month, day: time.day }).toISODate()!;
}

function zoneOf(text: string): HolidayZone | undefined {
  const match = ZONE_MARK.exec(text);
  return match ? HolidayZoneSchema.parse(match[1]?.toUpperCase()) : undefined;
}

function summerResumption(startDate: string): string {
  return DateTime.fromISO(startDate).set(SUMMER_RESUMES_ON).toISODate()!;
}

export interface ShippedHolidayData {
  periods: HolidayPeriod[];
  publicHolidays: PublicHoliday[];
}

/** The calendars in lesson-plans/data (school years 2026-2027 and 2027-2028). */
export function loadShippedHolidayData(): ShippedHolidayData {
  const periods = SHIPPED_SCHOOL_CALENDARS.flatMap((file) =>
    unwrap(loadHolidayCalendar(readFileSync(new URL(file, DATA_DIR), 'utf8')), file),
  );
  const publicHolidays = unwrap(
    loadPublicHolidays(readFileSync(new URL(PUBLIC_HOLIDAYS_FILE, DATA_DIR), 'utf8')),
    PUBLIC_HOLIDAYS_FILE,
  );
  return { periods, publicHolidays };
}

function unwrap<T>(result: Result<T>, file: string): T {
  // A shipped file that does not parse is a bug in the repository, not user input.
  if (!result.ok) throw new Error(`${file}: ${result.error.message}`);
  return result.value;
}

export type DayOff = { kind: 'school_holiday' | 'public_holiday'; name: string };

/** Answers "is there school on this Paris calendar day in this zone?" in O(1). */
export class HolidayCalendar {
  readonly #byZone = new Map<HolidayZone, Map<string, string>>();
  readonly #publicHolidays = new Map<string, string>();

  constructor(periods: readonly HolidayPeriod[], publicHolidays: readonly PublicHoliday[]) {
    for (const holiday of publicHolidays) this.#publicHolidays.set(holiday.date, holiday.name);
    for (const period of periods) {
      const days = this.#byZone.get(period.zone) ?? new Map<string, string>();
      this.#byZone.set(period.zone, days);
      const end = DateTime.fromISO(period.endDate);
      for (let day = DateTime.fromISO(period.startDate); day < end; day = day.plus({ days: 1 })) {
        days.set(day.toISODate()!, period.name);
      }
    }
  }

  dayOff(date: string, zone: HolidayZone): DayOff | null {
    const publicHoliday = this.#publicHolidays.get(date);
    if (publicHoliday) return { kind: 'public_holiday', name: publicHoliday };
    const holiday = this.#byZone.get(zone)?.get(date);
    return holiday ? { kind: 'school_holiday', name: holiday } : null;
  }
}
