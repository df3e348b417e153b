import type { Kysely } from 'kysely';
import { HolidayCalendar } from '../calendar/holidays';
import type { HolidayPeriod, HolidayZone, PublicHoliday } from '../domain/model';
import { HolidayZoneSchema, PLANNING_TIME_ZONE } from '../domain/model';
import { DateTime } from 'luxon';
import type { StoreContext } from './context';
import { inTransaction, newId } from './context';
import type { PlanningDatabase } from './schema';

export interface HolidayImportReport {
  zones: HolidayZone[];
  periods: number;
  from: string;
  until: string;
  /** Scheduled lessons that the new calendar puts on a day off; they are cancelled. */
  cancelledSessionIds: string[];
}

export async function buildHolidayCalendar(db: Kysely<PlanningDatabase>) {
  const periods = await db.selectFrom('holiday_periods').selectAll().execute();
  const publicHolidays = await db.selectFrom('public_holidays').selectAll().execute();
  return new HolidayCalendar(
    periods.map((row) => ({
      zone: HolidayZoneSchema.parse(row.zone),
      name: row.name,
      startDate: row.start_date,
      endDate: row.end_date,
    })),
    publicHolidays,
  );
}

export function createHolidayStore(ctx: StoreContext) {
  const { db } = ctx;
  return {
    /**
     * Replaces, for the zones in the file, every period overlapping the file's date range:
     * a newer Ministry file supersedes the shipped one instead of adding to it.
     */
    async importHolidayPeriods(periods: HolidayPeriod[], source: string) {
      const zones = [...new Set(periods.map((period) => period.zone))].sort();
      const from = periods.reduce((min, p) => (p.startDate < min ? p.startDate : min), '9999');
      const until = periods.reduce((max, p) => (p.endDate > max ? p.endDate : max), '0000');
      const result = await inTransaction(db, async (trx) => {
        await trx
          .deleteFrom('holiday_periods')
          .where('zone', 'in', zones)
          .where('end_date', '>', from)
          .where('start_date', '<', until)
          .execute();
        for (const period of periods) {
          await trx
            .insertInto('holiday_periods')
            .values({
              id: newId('holiday'),
              zone: period.zone,
              name: period.name,
              start_date: period.startDate,
              end_date: period.endDate,
              source,
            })
            .execute();
        }
        const calendar = await buildHolidayCalendar(trx);
        return cancelSessionsOnDaysOff(trx, calendar, from, until);
      });
      ctx.invalidateHolidays();
      if (!result.ok) throw new Error(result.error.message);
      const report: HolidayImportReport = {
        zones,
        periods: periods.length,
        from,
        until,
        cancelledSessionIds: result.value,
      };
      return report;
    },
    async importPublicHolidays(holidays: PublicHoliday[]): Promise<number> {
      await db.transaction().execute(async (trx) => {
        for (const holiday of holidays) {
          await trx
            .insertInto('public_holidays')
            .values(holiday)
            .onConflict((oc) => oc.column('date').doUpdateSet({ name: holiday.name }))
            .execute();
        }
      });
      ctx.invalidateHolidays();
      return holidays.length;
    },
    async listHolidayPeriods(filter: { zone?: HolidayZone; from?: string; to?: string } = {}) {
      let query = db.selectFrom('holiday_periods').selectAll().orderBy('start_date');
      if (filter.zone) query = query.where('zone', '=', filter.zone);
      if (filter.from) query = query.where('end_date', '>', filter.from);
      if (filter.to) query = query.where('start_date', '<=', filter.to);
      const rows = await query.execute();
      return rows.map((row) => ({
        zone: HolidayZoneSchema.parse(row.zone),
        name: row.name,
        startDate: row.start_date,
        endDate: row.end_date,
        source: row.source,
      }));
    },
    async listPublicHolidays(): Promise<PublicHoliday[]> {
      return db.selectFrom('public_holidays').selectAll().orderBy('date').execute();
    },
    holidayCalendar: () => ctx.holidayCalendar(),
  };
}

async function cancelSessionsOnDaysOff(
  trx: Kysely<PlanningDatabase>,
  calendar: HolidayCalendar,
  from: string,
  until: string,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('sessions')
    .innerJoin('session_classes', 'session_classes.session_id', 'sessions.id')
    .innerJoin('classes', 'classes.id', 'session_classes.class_id')
    .innerJoin('schools', 'schools.id', 'classes.school_id')
    .select(['sessions.id', 'sessions.starts_at', 'schools.holiday_zone'])
    .where('sessions.state', 'in', ['scheduled', 'moved'])
    .where('sessions.starts_at', '>=', DateTime.fromISO(from).minus({ days: 1 }).toISODate()!)
    .where('sessions.starts_at', '<', DateTime.fromISO(until).plus({ days: 1 }).toISODate()!)
    .execute();
  const cancelled = new Set<string>();
  for (const row of rows) {
    const date = DateTime.fromISO(row.starts_at).setZone(PLANNING_TIME_ZONE).toISODate()!;
    if (calendar.dayOff(date, HolidayZoneSchema.parse(row.holiday_zone))) cancelled.add(row.id);
  }
  const ids = [...cancelled];
  if (ids.length > 0) {
    await trx.updateTable('sessions').set({ state: 'cancelled' }).where('id', 'in', ids).execute();
  }
  return ids;
}

export type HolidayStore = ReturnType<typeof createHolidayStore>;
