import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type {
  HolidayPeriod,
  HolidayZone,
  LocalHoliday,
  LocalRegion,
  PublicHoliday,
} from '../domain/model';
import { HolidayZoneSchema } from '../domain/model';
import type { DayOff } from '../domain/schedule-views';
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
const ALSACE_MOSELLE_FILE = 'jours-feries-alsace-moselle.ics';
/** A shipped file not yet published by the Ministry says so; re-importing it clears the mark. */
const PROVISIONAL_MARK = /^X-PASSERELLE-PROVISIONAL:TRUE\r?$/m;
/** The Ministry feed publishes the summer break with a start only; school resumes in September. */
const SUMMER_RESUMES_ON = { month: 9, day: 1 };
/** "Vacances …", "Pont …", and the national feed's zero-length "Début des Vacances d'Été". */
const HOLIDAY_SUMMARY = /^(?:début des\s+)?(?:vacances|pont)\b/i;
const START_ONLY = /^début des\s+/i;
/** "Zone A", "Zones A/B", "Zones A, B et C": the national feed splits breaks by zone sets. */
const ZONE_LIST = /\bzones?\s+([ABC](?:\s*(?:\/|,|&|\bet\b|\band\b)\s*[ABC])*)\b/i;
const ZONE_SUFFIX = /\s*-\s*zones?\s+[ABC](?:\s*(?:\/|,|&|\bet\b|\band\b)\s*[ABC])*\s*$/i;
/** Corse has its own calendar; Passerelle's schools are in zones A, B and C. */
const CORSE = /\bcorse\b/i;

export interface HolidayCalendarOptions {
  /**
   * The zone to import. Events that name no zone are filed under it; when the file names
   * zones (the Ministry's national feed), only this zone's periods are kept.
   */
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
    const named = zonesOf(event.zoneText);
    if (named.length === 0 && CORSE.test(event.zoneText)) continue;
    const zones = named.length > 0 ? named : options.zone ? [options.zone] : [];
    if (zones.length === 0) return fail('invalid_request', `no zone A/B/C for "${event.summary}"`);
    const name = event.summary.replace(ZONE_SUFFIX, '').replace(START_ONLY, '');
    const name1 = name.charAt(0).toUpperCase() + name.slice(1);
    // A zero-length or open event marks the start of the summer break.
    const endDate =
      event.end && event.end > event.start ? event.end : summerResumption(event.start);
    for (const zone of zones) {
      if (options.zone && zone !== options.zone) continue;
      periods.push({ zone, name: name1, startDate: event.start, endDate });
    }
  }
  if (periods.length === 0) return fail('invalid_request', 'the calendar holds no holiday period');
  return ok(mergeSegments(periods));
}

/**
 * The national feed cuts one break into segments ("Zones A/B" then "Zone A"); a zone's
 * segments that touch or overlap and share a name are one period.
 */
function mergeSegments(periods: HolidayPeriod[]): HolidayPeriod[] {
  const sorted = [...periods].sort(
    (a, b) => a.zone.localeCompare(b.zone) || a.startDate.localeCompare(b.startDate),
  );
  const merged: HolidayPeriod[] = [];
  for (const period of sorted) {
    const last = merged.at(-1);
    if (
      last &&
      last.zone === period.zone &&
      last.name === period.name &&
      period.startDate <= last.endDate
    ) {
      if (period.endDate > last.endDate) last.endDate = period.endDate;
    } else merged.push({ ...period });
  }
  return merged.sort(
    (a, b) => a.startDate.localeCompare(b.startDate) || a.zone.localeCompare(b.zone),
  );
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

function zonesOf(text: string): HolidayZone[] {
  const match = ZONE_LIST.exec(text);
  if (!match) return [];
  const letters = match[1]!.toUpperCase().match(/\b[ABC]\b/g) ?? [];
  return [...new Set(letters.map((letter) => HolidayZoneSchema.parse(letter)))];
}

function summerResumption(startDate: string): string {
  return DateTime.fromISO(startDate).set(SUMMER_RESUMES_ON).toISODate()!;
}

export interface ShippedHolidayData {
  periods: HolidayPeriod[];
  /** Periods from files marked provisional (2027-2028 until the Ministry publishes it). */
  provisionalPeriods: HolidayPeriod[];
  publicHolidays: PublicHoliday[];
  localHolidays: LocalHoliday[];
}

/** The calendars in lesson-plans/data (school years 2026-2027 and 2027-2028). */
export function loadShippedHolidayData(): ShippedHolidayData {
  const data: ShippedHolidayData = {
    periods: [],
    provisionalPeriods: [],
    publicHolidays: [],
    localHolidays: [],
  };
  for (const file of SHIPPED_SCHOOL_CALENDARS) {
    const text = readFileSync(new URL(file, DATA_DIR), 'utf8');
    const periods = unwrap(loadHolidayCalendar(text), file);
    (PROVISIONAL_MARK.test(text) ? data.provisionalPeriods : data.periods).push(...periods);
  }
  const read = (file: string) =>
    unwrap(loadPublicHolidays(readFileSync(new URL(file, DATA_DIR), 'utf8')), file);
  data.publicHolidays = read(PUBLIC_HOLIDAYS_FILE);
  data.localHolidays = read(ALSACE_MOSELLE_FILE).map((day) => ({
    ...day,
    region: 'alsace-moselle',
  }));
  return data;
}

function unwrap<T>(result: Result<T>, file: string): T {
  // A shipped file that does not parse is a bug in the repository, not user input.
  if (!result.ok) throw new Error(`${file}: ${result.error.message}`);
  return result.value;
}

export type { DayOff };

/** Where a school is, as far as days off go: its zone, and its local region if any. */
export type HolidayPlace = HolidayZone | { zone: HolidayZone; region: LocalRegion | null };

/** Answers "is there school on this Paris calendar day in this zone?" in O(1). */
export class HolidayCalendar {
  readonly #byZone = new Map<HolidayZone, Map<string, string>>();
  readonly #publicHolidays = new Map<string, string>();
  readonly #local = new Map<string, string>();

  constructor(
    periods: readonly HolidayPeriod[],
    publicHolidays: readonly PublicHoliday[],
    localHolidays: readonly LocalHoliday[] = [],
  ) {
    for (const holiday of publicHolidays) this.#publicHolidays.set(holiday.date, holiday.name);
    for (const local of localHolidays) this.#local.set(`${local.region}|${local.date}`, local.name);
    for (const period of periods) {
      const days = this.#byZone.get(period.zone) ?? new Map<string, string>();
      this.#byZone.set(period.zone, days);
      const end = DateTime.fromISO(period.endDate);
      for (let day = DateTime.fromISO(period.startDate); day < end; day = day.plus({ days: 1 })) {
        days.set(day.toISODate()!, period.name);
      }
    }
  }

  dayOff(date: string, place: HolidayPlace): DayOff | null {
    const zone = typeof place === 'string' ? place : place.zone;
    const publicHoliday = this.#publicHolidays.get(date);
    if (publicHoliday) return { kind: 'public_holiday', name: publicHoliday };
    const region = typeof place === 'string' ? null : place.region;
    const local = region && this.#local.get(`${region}|${date}`);
    if (local) return { kind: 'public_holiday', name: local };
    const holiday = this.#byZone.get(zone)?.get(date);
    return holiday ? { kind: 'school_holiday', name: holiday } : null;
  }
}
