import type { Kysely, Transaction } from 'kysely';
import { HolidayCalendar } from '../calendar/holidays';
import type { HolidayImportPreview } from '../domain/holiday-import';
import type { HolidayPeriod, HolidayZone, LocalHoliday, PublicHoliday } from '../domain/model';
import { HolidayZoneSchema, LocalRegionSchema } from '../domain/model';
import type { StoreContext } from './context';
import { chunks, inTransaction, newId, transaction } from './context';
import type { Result } from '../domain/result';
import { PlanningFailure, fail, ok } from '../domain/result';
import type { HolidayImportPlan } from './holiday-import-plan';
import { importScope, planHolidayImport } from './holiday-import-plan';
import { insertSessions } from './slot-writes';
import type { PlanningDatabase } from './schema';

export interface HolidayImportReport extends HolidayImportPreview {
  periodCount: number;
  /** Upcoming lessons that the new calendar puts on a day off; they are cancelled. */
  cancelledSessionIds: string[];
  /** Upcoming lessons on days that are no longer off; they take place again. */
  restoredSessionIds: string[];
}

export async function buildHolidayCalendar(db: Kysely<PlanningDatabase>) {
  const periods = await db.selectFrom('holiday_periods').selectAll().execute();
  const publicHolidays = await db.selectFrom('public_holidays').selectAll().execute();
  const local = await db.selectFrom('local_holidays').selectAll().execute();
  return new HolidayCalendar(
    periods.map((row) => ({
      zone: HolidayZoneSchema.parse(row.zone),
      name: row.name,
      startDate: row.start_date,
      endDate: row.end_date,
    })),
    publicHolidays,
    local.map((row) => ({ ...row, region: LocalRegionSchema.parse(row.region) })),
  );
}

export function createHolidayStore(ctx: StoreContext) {
  const { db } = ctx;
  return {
    /** What importing these periods would cancel and restore; nothing is written. */
    async previewHolidayImport(periods: HolidayPeriod[]): Promise<Result<HolidayImportPreview>> {
      if (periods.length === 0)
        return fail('invalid_request', 'the calendar holds no holiday period');
      let preview: HolidayImportPreview | undefined;
      await transaction(db, async (trx) => {
        preview = (await replaceAndPlan(ctx, trx, periods, 'preview')).preview;
        throw new PreviewRollback();
      }).catch((error: unknown) => {
        if (!(error instanceof PreviewRollback)) throw error;
      });
      return ok(preview!);
    },
    /**
     * Replaces, for the zones in the file, every period overlapping the file's date range (a
     * newer Ministry file supersedes the shipped one) and replans the timetable in the same
     * transaction. With `digest`, refuses when the change is no longer the one previewed.
     */
    applyHolidayImport: (
      periods: HolidayPeriod[],
      source: string,
      options: { digest?: string; provisional?: boolean } = {},
    ) => applyHolidayImport(ctx, periods, source, options),
    /** The shipped files and old callers: apply without review. */
    async importHolidayPeriods(periods: HolidayPeriod[], source: string, provisional = false) {
      const report = await applyHolidayImport(ctx, periods, source, { provisional });
      if (!report.ok) throw new Error(report.error.message);
      return report.value;
    },
    async importLocalHolidays(holidays: LocalHoliday[]): Promise<number> {
      await transaction(db, async (trx) => {
        for (const holiday of holidays) {
          await trx
            .insertInto('local_holidays')
            .values(holiday)
            .onConflict((oc) => oc.columns(['region', 'date']).doUpdateSet({ name: holiday.name }))
            .execute();
        }
      });
      ctx.invalidateHolidays();
      return holidays.length;
    },
    async importPublicHolidays(holidays: PublicHoliday[]): Promise<number> {
      await transaction(db, async (trx) => {
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
      let query = db.selectFrom('holiday_periods').selectAll().orderBy('start_date').orderBy('id');
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
        /** Not yet published by the Ministry (shipped from a draft): re-import when it is. */
        provisional: row.provisional === 1,
      }));
    },
    async listPublicHolidays(): Promise<PublicHoliday[]> {
      return db.selectFrom('public_holidays').selectAll().orderBy('date').execute();
    },
    holidayCalendar: () => ctx.holidayCalendar(),
  };
}

/**
 * Replaces, for the zones in the file, every period overlapping the file's date range (a
 * newer Ministry file supersedes the shipped one) and replans the timetable in the same
 * transaction. With `digest`, refuses when the change is no longer the one previewed.
 */
async function applyHolidayImport(
  ctx: StoreContext,
  periods: HolidayPeriod[],
  source: string,
  options: { digest?: string; provisional?: boolean },
): Promise<Result<HolidayImportReport>> {
  if (periods.length === 0) return fail('invalid_request', 'the calendar holds no holiday period');
  const result = await inTransaction(ctx.db, async (trx) => {
    const plan = await replaceAndPlan(ctx, trx, periods, source, options.provisional);
    if (options.digest && options.digest !== plan.preview.digest)
      throw new PlanningFailure({
        code: 'conflict',
        message: 'the timetable changed since the preview; preview the import again',
      });
    await applyPlan(trx, plan, ctx.now().toISOString());
    return plan.preview;
  });
  ctx.invalidateHolidays();
  if (!result.ok) return result;
  const preview = result.value;
  return ok({
    ...preview,
    periodCount: periods.length,
    cancelledSessionIds: preview.toCancel.map((l) => l.sessionId),
    restoredSessionIds: preview.toRestore.map((l) => l.sessionId),
  });
}

class PreviewRollback extends Error {}

async function replaceAndPlan(
  ctx: StoreContext,
  trx: Transaction<PlanningDatabase>,
  periods: readonly HolidayPeriod[],
  source: string,
  provisional = false,
): Promise<HolidayImportPlan> {
  const { zones, from, until } = importScope(periods);
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
        provisional: provisional ? 1 : 0,
      })
      .execute();
  }
  const calendar = await buildHolidayCalendar(trx);
  return planHolidayImport(trx, calendar, periods, { now: ctx.now(), rules: ctx.rules });
}

/** Every change bumps SEQUENCE and stamps the lesson, so subscribed calendars update. */
async function applyPlan(trx: Transaction<PlanningDatabase>, plan: HolidayImportPlan, now: string) {
  for (const ids of chunks(plan.cancelIds)) {
    await trx
      .updateTable('sessions')
      .set((eb) => ({
        state: 'cancelled',
        cancel_reason: 'day_off',
        sequence: eb('sequence', '+', 1),
        changed_at: now,
      }))
      .where('id', 'in', ids)
      .execute();
  }
  for (const ids of chunks(plan.reviveIds)) {
    await trx
      .updateTable('sessions')
      .set((eb) => ({
        state: eb
          .case()
          .when('original_starts_at', 'is', null)
          .then('scheduled')
          .else('moved')
          .end(),
        cancel_reason: null,
        sequence: eb('sequence', '+', 1),
        changed_at: now,
      }))
      .where('id', 'in', ids)
      .execute();
  }
  await insertSessions(trx, plan.created);
}

export type HolidayStore = ReturnType<typeof createHolidayStore>;
