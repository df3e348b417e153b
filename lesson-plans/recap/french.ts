import { DateTime } from 'luxon';
import { PLANNING_TIME_ZONE } from '../domain/model';

/** "jeudi 3 décembre 2026", on the school's wall clock. */
export function frenchDate(instant: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' })
    .setZone(PLANNING_TIME_ZONE)
    .setLocale('fr')
    .toFormat('cccc d LLLL yyyy');
}
