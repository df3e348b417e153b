import type { HolidayPeriod, PublicHoliday, School } from '../api/planning';

/** The names of the days off on `date` for the zones of the schools in view. */
export function daysOffOn(
  date: string,
  periods: HolidayPeriod[],
  publicHolidays: PublicHoliday[],
  zones: ReadonlySet<string>,
): string[] {
  const names = periods
    .filter((period) => zones.has(period.zone) && period.startDate <= date && date < period.endDate)
    .map((period) => period.name);
  return [...names, ...publicHolidays.filter((day) => day.date === date).map((day) => day.name)];
}

/** Zones to shade: the selected school's, or every zone of the town's schools. */
export function zonesInView(schools: School[], schoolId: string): Set<string> {
  const inView = schoolId ? schools.filter((school) => school.id === schoolId) : schools;
  return new Set(inView.map((school) => school.holidayZone));
}
