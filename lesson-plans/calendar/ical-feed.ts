import { readFileSync } from 'node:fs';
import ical, { ICalEventRepeatingFreq, ICalEventStatus } from 'ical-generator';
import type { ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import type { LessonSession, Term, WeeklySlot } from '../domain/model';
import { PLANNING_TIME_ZONE } from '../domain/model';
import { HolidayCalendar } from './holidays';
import { expandSlot } from './recurrence';

/**
 * VTIMEZONE for Europe/Paris as published by the tz database since 1996 (EU rules). luxon
 * cannot emit VTIMEZONE and no generator package is installed; only this zone is ever used
 * because lessons are planned on Paris time.
 */
const PARIS_VTIMEZONE = readFileSync(
  new URL('../data/europe-paris.vtimezone.ics', import.meta.url),
  'utf8',
).trim();
const NO_HOLIDAYS = new HolidayCalendar([], []);
const UID_DOMAIN = 'passerelle.lesson-plans';

export interface FeedSeries {
  slot: WeeklySlot;
  term: Pick<Term, 'startDate' | 'endDate'>;
  /** When the slot was planned: the DTSTAMP of lessons that never changed since. */
  plannedAt: string | null;
}

export interface FeedInput {
  name: string;
  series: FeedSeries[];
  /** Every session of the feed, cancelled ones included (they become EXDATEs). */
  sessions: LessonSession[];
  describe: (session: Pick<LessonSession, 'tutorId' | 'classIds'>) => string;
  /** When a lesson's slot was planned: its DTSTAMP until it changes (stable across fetches). */
  plannedAt: (session: LessonSession) => string | null;
}

/** DTSTAMP of a lesson whose planning time is unknown (planned before this was recorded). */
const UNKNOWN_PLANNING = new Date('2026-01-01T00:00:00Z');

/**
 * One VEVENT with RRULE per weekly slot; holidays and cancellations are EXDATEs, moved
 * lessons are overrides with RECURRENCE-ID, lessons outside any series are single events.
 */
export function buildLessonFeed(input: FeedInput): string {
  const calendar = ical({ name: input.name, prodId: '//Passerelle//Lesson plans//EN' });
  calendar.timezone({
    name: null,
    generator: (zone) => (zone === PLANNING_TIME_ZONE ? PARIS_VTIMEZONE : null),
  });
  const sessionsById = new Map(input.sessions.map((session) => [session.id, session]));
  const inSeries = new Set<string>();
  for (const series of input.series) {
    for (const id of addSeries(calendar, series, sessionsById, input)) inSeries.add(id);
  }
  for (const session of input.sessions) {
    if (inSeries.has(session.id) || session.state === 'cancelled') continue;
    const planned = input.plannedAt(session);
    const base = planned ? new Date(planned) : UNKNOWN_PLANNING;
    addEvent(calendar, session, `${session.id}@${UID_DOMAIN}`, input, base);
  }
  return withCalendarProperties(calendar.toString());
}

/**
 * ical-generator writes X- properties after the components; RFC 5545 puts calendar
 * properties first (some clients read X-WR-TIMEZONE only there) and ends every line,
 * the last one included, with CRLF.
 */
function withCalendarProperties(text: string): string {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const firstComponent = lines.findIndex((line, i) => i > 0 && line.startsWith('BEGIN:'));
  lines.splice(firstComponent, 0, `X-WR-TIMEZONE:${PLANNING_TIME_ZONE}`);
  return lines.join('\r\n') + '\r\n';
}

/** A slot planned mid-term starts with its first planned lesson, not the term's first week. */
function plannedOccurrences(
  slot: WeeklySlot,
  term: FeedSeries['term'],
  sessionsById: ReadonlyMap<string, LessonSession>,
) {
  const all = expandSlot(slot, term, [], NO_HOLIDAYS);
  const start = all.findIndex((o) => sessionsById.has(`${slot.id}@${o.localDate}`));
  return start < 0 ? [] : all.slice(start);
}

function addSeries(
  calendar: ICalCalendar,
  { slot, term, plannedAt }: FeedSeries,
  sessionsById: ReadonlyMap<string, LessonSession>,
  input: FeedInput,
): string[] {
  const occurrences = plannedOccurrences(slot, term, sessionsById);
  const first = occurrences[0];
  const last = occurrences.at(-1);
  if (!first || !last) return [];
  const uid = `${slot.id}@${UID_DOMAIN}`;
  const baseStamp = plannedAt ? new Date(plannedAt) : UNKNOWN_PLANNING;
  const excluded: DateTime[] = [];
  const covered: LessonSession[] = [];
  for (const occurrence of occurrences) {
    const session = sessionsById.get(`${slot.id}@${occurrence.localDate}`);
    const originalStart = paris(occurrence.startsAt);
    if (session) covered.push(session);
    if (!session || session.state === 'cancelled') {
      excluded.push(originalStart);
      continue;
    }
    if (session.originalStartsAt) {
      addEvent(calendar, session, uid, input, baseStamp).recurrenceId(originalStart);
    }
  }
  const template = { ...covered[0] };
  const event = calendar.createEvent({
    id: uid,
    start: paris(first.startsAt),
    end: paris(first.endsAt),
    timezone: PLANNING_TIME_ZONE,
    summary: input.describe({
      tutorId: slot.tutorId,
      classIds: template.classIds ?? slot.classIds,
    }),
    // Every change to a lesson of the series bumps its SEQUENCE, so the sum only grows.
    sequence: covered.reduce((sum, session) => sum + session.sequence, 0),
    stamp: latest(baseStamp, covered),
  });
  event.repeating({
    freq: ICalEventRepeatingFreq.WEEKLY,
    until: endOfParisDay(last.localDate),
    ...(excluded.length > 0 ? { exclude: excluded } : {}),
  });
  return covered.map((session) => session.id);
}

/**
 * UNTIL is the end of the series' last day on its own wall clock: python-dateutil compares
 * UNTIL with the local start, and an UNTIL at the last lesson's end drops it across DST.
 */
function endOfParisDay(localDate: string): DateTime {
  return DateTime.fromISO(localDate, { zone: PLANNING_TIME_ZONE })
    .endOf('day')
    .set({ millisecond: 0 });
}

function addEvent(
  calendar: ICalCalendar,
  session: LessonSession,
  uid: string,
  input: FeedInput,
  baseStamp: Date,
) {
  return calendar.createEvent({
    id: uid,
    start: paris(session.startsAt),
    end: paris(session.endsAt),
    timezone: PLANNING_TIME_ZONE,
    summary: input.describe(session),
    sequence: session.sequence,
    stamp: latest(baseStamp, [session]),
    status: ICalEventStatus.CONFIRMED,
  });
}

/** DTSTAMP: the last change among the lessons, else when they were planned. */
function latest(base: Date, sessions: readonly LessonSession[]): Date {
  let stamp = base.getTime();
  for (const session of sessions) {
    if (session.changedAt) stamp = Math.max(stamp, Date.parse(session.changedAt));
  }
  return new Date(stamp);
}

function paris(instant: string): DateTime {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(PLANNING_TIME_ZONE);
}
