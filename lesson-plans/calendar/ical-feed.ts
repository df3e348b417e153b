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
}

export interface FeedInput {
  name: string;
  series: FeedSeries[];
  /** Every session of the feed, cancelled ones included (they become EXDATEs). */
  sessions: LessonSession[];
  describe: (session: Pick<LessonSession, 'tutorId' | 'classIds'>) => string;
  stamp: Date;
}

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
  calendar.x('X-WR-TIMEZONE', PLANNING_TIME_ZONE);
  const sessionsById = new Map(input.sessions.map((session) => [session.id, session]));
  const inSeries = new Set<string>();
  for (const { slot, term } of input.series) {
    for (const id of addSeries(calendar, slot, term, sessionsById, input)) inSeries.add(id);
  }
  for (const session of input.sessions) {
    if (inSeries.has(session.id) || session.state === 'cancelled') continue;
    addEvent(calendar, session, `${session.id}@${UID_DOMAIN}`, input);
  }
  return calendar.toString();
}

function addSeries(
  calendar: ICalCalendar,
  slot: WeeklySlot,
  term: FeedSeries['term'],
  sessionsById: ReadonlyMap<string, LessonSession>,
  input: FeedInput,
): string[] {
  const occurrences = expandSlot(slot, term, [], NO_HOLIDAYS);
  const first = occurrences[0];
  const last = occurrences.at(-1);
  if (!first || !last) return [];
  const uid = `${slot.id}@${UID_DOMAIN}`;
  const excluded: DateTime[] = [];
  const covered: string[] = [];
  for (const occurrence of occurrences) {
    const session = sessionsById.get(`${slot.id}@${occurrence.localDate}`);
    const originalStart = paris(occurrence.startsAt);
    if (!session || session.state === 'cancelled') {
      excluded.push(originalStart);
      if (session) covered.push(session.id);
      continue;
    }
    covered.push(session.id);
    if (session.originalStartsAt) {
      addEvent(calendar, session, uid, input).recurrenceId(originalStart);
    }
  }
  const template = { ...sessionsById.get(covered[0] ?? '') };
  const event = calendar.createEvent({
    id: uid,
    start: paris(first.startsAt),
    end: paris(first.endsAt),
    timezone: PLANNING_TIME_ZONE,
    summary: input.describe({
      tutorId: slot.tutorId,
      classIds: template.classIds ?? slot.classIds,
    }),
    stamp: input.stamp,
  });
  event.repeating({
    freq: ICalEventRepeatingFreq.WEEKLY,
    until: DateTime.fromISO(last.endsAt, { zone: 'utc' }),
    ...(excluded.length > 0 ? { exclude: excluded } : {}),
  });
  return covered;
}

function addEvent(calendar: ICalCalendar, session: LessonSession, uid: string, input: FeedInput) {
  return calendar.createEvent({
    id: uid,
    start: paris(session.startsAt),
    end: paris(session.endsAt),
    timezone: PLANNING_TIME_ZONE,
    summary: input.describe(session),
    stamp: input.stamp,
    status: ICalEventStatus.CONFIRMED,
  });
}

function paris(instant: string): DateTime {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(PLANNING_TIME_ZONE);
}
