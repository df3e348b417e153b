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
 * SQLSTATEs of a transaction PostgreSQL aborted to keep transactions serializable
 * (serialization failure, deadlock): running it again is the documented answer.
 */
const RETRY_SQLSTATES = new Set(['40001', '40P01']);
const TRANSACTION_ATTEMPTS = 8;

function mustRetry(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRY_SQLSTATES.has(code);
}

/**
 * Runs `work` in one serializable transaction. SQLite runs one transaction at a time, so
 * every check-then-write in the store (a plan's version, a slot's conflicts, a quota) sees
 * no concurrent change; PostgreSQL gives the same guarantee at the serializable level by
 * aborting one of two overlapping transactions, which is run again here. `work` must
 * therefore only touch the database (it may run more than once).
 */
export async function transaction<T>(
  db: Kysely<PlanningDatabase>,
  work: (trx: Transaction<PlanningDatabase>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction().setIsolationLevel('serializable').execute(work);
    } catch (error) {
      if (attempt >= TRANSACTION_ATTEMPTS || !mustRetry(error)) throw error;
    }
  }
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
    return ok(await transaction(db, work));
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

let lastIdMs = 0;
let idsThisMs = 0;
const MAX_IDS_PER_MS = 0xfff;

/**
 * Ids sort in the order they were made (the UUIDv7 layout: milliseconds, a counter within
 * the millisecond, then random bits), so rows written in the same millisecond, or under a
 * test's frozen clock, still have one order, the same on both stores: lists order by their
 * time, then by id. None of these ids is a credential.
 */
export function newId(prefix: string): string {
  const nowMs = Date.now();
  if (nowMs > lastIdMs) [lastIdMs, idsThisMs] = [nowMs, 0];
  else if (++idsThisMs > MAX_IDS_PER_MS) [lastIdMs, idsThisMs] = [lastIdMs + 1, 0];
  const time = lastIdMs.toString(16).padStart(12, '0');
  const random = crypto.getRandomValues(new Uint8Array(8));
  random[0] = (random[0]! & 0x3f) | 0x80; // RFC 9562 variant
  const tail = Buffer.from(random).toString('hex');
  const counter = idsThisMs.toString(16).padStart(3, '0');
  return `${prefix}-${time.slice(0, 8)}-${time.slice(8)}-7${counter}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}
