/*
 * The whiteboard re-runs the network check by itself before each lesson: once the next lesson
 * is under 30 minutes away (the school's network at lesson time, not the night before), unless
 * it checked in the last hour, and never in the last 5 minutes (the class settles in, the
 * page joins a minute before the start and the check's test stream would share the line).
 */
export const AUTO_CHECK_BEFORE_MS = 30 * 60_000;
export const AUTO_CHECK_NOT_AFTER_MS = 5 * 60_000;
export const AUTO_CHECK_FRESH_MS = 60 * 60_000;

export function autoCheckDue(startsAt: number, lastCheckAt: number | null, now: number): boolean {
  const untilStart = startsAt - now;
  if (untilStart > AUTO_CHECK_BEFORE_MS || untilStart < AUTO_CHECK_NOT_AFTER_MS) return false;
  return lastCheckAt === null || now - lastCheckAt >= AUTO_CHECK_FRESH_MS;
}
