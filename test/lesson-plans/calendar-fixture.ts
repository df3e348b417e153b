import type { HolidayZone, PlanningStore } from '../../lesson-plans/index';
import { openTestStore } from '../helpers/planningStore';

/** "Today" for the calendar-change tests: Saturday 28 November 2026, as in harness.ts. */
export const CALENDAR_NOW = new Date('2026-11-28T10:00:00Z');

export interface TownSchool {
  id: string;
  zone: HolidayZone;
  academie?: string;
  localRegion?: 'alsace-moselle' | null;
}

/**
 * A real store (SQLite, or PostgreSQL in the `postgres` project) with the shipped calendars, one class per school (`<school>-cm1`),
 * one tutor, and the years 2026-2027 (terms meeting end to end) and 2027-2028.
 */
export async function openTown(
  schools: readonly TownSchool[],
  now: () => Date = () => CALENDAR_NOW,
): Promise<PlanningStore> {
  const store = await openTestStore({ now });
  for (const school of schools) {
    const created = await store.createSchool({
      id: school.id,
      name: `École ${school.id}`,
      town: 'Ville',
      academie: school.academie ?? 'Créteil',
      holidayZone: school.zone,
      ...(school.localRegion !== undefined ? { localRegion: school.localRegion } : {}),
    });
    if (!created.ok) throw new Error(created.error.message);
    await store.createClass({
      id: `${school.id}-cm1`,
      schoolId: school.id,
      name: `CM1 ${school.id}`,
      level: 'CM1',
      teacherId: `teacher-${school.id}`,
      teacherName: 'Mme X',
      whiteboardEndpoint: 'w',
    });
  }
  await store.createTutor({ id: 'tutor', name: 'Emily', timeZone: 'Europe/London' });
  await store.createSchoolYear(
    { id: '2026-2027', startDate: '2026-09-01', endDate: '2027-07-03' },
    [
      {
        id: 'T1',
        schoolYearId: '2026-2027',
        name: 'T1',
        startDate: '2026-09-01',
        endDate: '2027-01-03',
      },
      {
        id: 'T2',
        schoolYearId: '2026-2027',
        name: 'T2',
        startDate: '2027-01-04',
        endDate: '2027-04-18',
      },
      {
        id: 'T3',
        schoolYearId: '2026-2027',
        name: 'T3',
        startDate: '2027-04-19',
        endDate: '2027-07-03',
      },
    ],
  );
  await store.createSchoolYear(
    { id: '2027-2028', startDate: '2027-09-01', endDate: '2028-07-01' },
    [
      {
        id: 'Y2',
        schoolYearId: '2027-2028',
        name: 'Year',
        startDate: '2027-09-01',
        endDate: '2028-07-01',
      },
    ],
  );
  return store;
}

/** Dates (Paris) of a slot's lessons that take place. */
export async function lessonDates(store: PlanningStore, slotId: string): Promise<string[]> {
  const sessions = await store.listSessions({ slotId });
  return sessions.map((session) => session.id.split('@')[1]!).sort();
}

/** An all-day VEVENT block; DTEND is the day school resumes (exclusive). */
export function vevent(summary: string, start: string, end?: string): string {
  const date = (iso: string) => iso.replaceAll('-', '');
  return [
    'BEGIN:VEVENT',
    `UID:${summary.replace(/\W/g, '')}-${start}@test`,
    'DTSTAMP:20261128T000000Z',
    `DTSTART;VALUE=DATE:${date(start)}`,
    ...(end ? [`DTEND;VALUE=DATE:${date(end)}`] : []),
    `SUMMARY:${summary}`,
    'END:VEVENT',
  ].join('\r\n');
}

export function vcalendar(name: string, events: readonly string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//FR',
    `X-WR-CALNAME:${name}`,
    ...events,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
