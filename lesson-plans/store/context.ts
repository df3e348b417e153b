import type { Kysely, Transaction } from 'kysely';
import type { HolidayCalendar } from '../calendar/holidays';
import type { PlanningRules } from '../calendar/conflicts';
import type { Result } from '../domain/result';
import { PlanningFailure, ok } from '../domain/result';
import type { PlanningDatabase } from './schema';

export type PlanningDb = Kysely<PlanningDatabase> | Transaction<PlanningDatabase>;

/** What every part of the store shares; the SQL dialect stays behind `db`. */
export interface StoreContext {
  db: Kysely<PlanningDatabase>;
  rules: PlanningRules;
  now: () => Date;
  holidayCalendar: () => Promise<HolidayCalendar>;
  invalidateHolidays: () => void;
}

/**
 * Runs a multi-row change in one transaction. Expected failures are thrown as
 * PlanningFailure inside so the transaction rolls back, and come out as a Result.
 */
export async function inTransaction<T>(
  db: Kysely<PlanningDatabase>,
  work: (trx: Transaction<PlanningDatabase>) => Promise<T>,
): Promise<Result<T>> {
  try {
    return ok(await db.transaction().execute(work));
  } catch (error) {
    if (error instanceof PlanningFailure) return { ok: false, error: error.error };
    throw error;
  }
}

/** SQLite limits bound parameters per statement; PostgreSQL too, at a higher number. */
export const IN_CLAUSE_CHUNK = 500;

export function chunks<T>(items: readonly T[], size = IN_CLAUSE_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function newId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
