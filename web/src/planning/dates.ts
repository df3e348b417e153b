/*
 * Calendar-day arithmetic on ISO dates ("2026-11-09"). These are plain days, not instants:
 * every wall-clock time comes from the server already converted to the viewer's zone.
 */

const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return new Date(toUtc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday, as the slots use. */
export function isoWeekday(date: string): number {
  return ((new Date(toUtc(date)).getUTCDay() + 6) % 7) + 1;
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Generous UTC bounds around a range of days: a lesson's day depends on the viewer's zone,
 * so callers widen the query by a day and filter on the displayed date.
 */
export function instantBounds(firstDay: string, lastDay: string): { from: string; to: string } {
  return {
    from: `${addDays(firstDay, -1)}T00:00:00Z`,
    to: `${addDays(lastDay, 2)}T00:00:00Z`,
  };
}

export function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

export function formatDay(date: string, language: string, style: 'long' | 'short' = 'long') {
  return new Intl.DateTimeFormat(language, {
    weekday: style,
    day: 'numeric',
    month: style === 'long' ? 'long' : 'short',
    timeZone: 'UTC',
  }).format(new Date(toUtc(date)));
}

export function formatInstant(instant: string, language: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(instant));
}

export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The zone the API reads a move's date and time in (lessons are planned on Paris time). */
export const PLANNING_TIME_ZONE = 'Europe/Paris';

/**
 * How an instant reads on Paris wall-clock time, as the move form must send it: the form
 * pre-fills from this, never from the viewer's zone (a London tutor sees 09:00 for 10:00).
 */
export function parisWallClock(instant: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: PLANNING_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
  };
}
