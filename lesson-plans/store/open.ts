import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { HolidayCalendar } from '../calendar/holidays';
import { loadShippedHolidayData } from '../calendar/holidays';
import type { PlanningRules } from '../calendar/conflicts';
import { PlanningRulesSchema } from '../calendar/conflicts';
import type { StoreContext } from './context';
import { createCredentialStore, credentialMigrations } from './credential-store';
import { createDirectoryStore } from './directory-store';
import { createEntStore, entMigrations } from './ent-store';
import { buildHolidayCalendar, createHolidayStore } from './holiday-store';
import { createInspectionStore } from './inspection-store';
import { planningMigrationProvider, scheduleMigrations } from './migrations';
import { calendarMigrations } from './migrations-calendar';
import { contentMigrations } from './migrations-content';
import { createPlanStore } from './plan-store';
import { createReadinessStore, readinessMigrations } from './readiness-store';
import { createRecapStore, recapMigrations } from '../recap/recap-store';
import { createReportStore } from './report-store';
import { createScheduleStore } from './schedule-store';
import type { PlanningDatabase } from './schema';

export interface PlanningStoreOptions {
  /** SQLite file, or ':memory:'. */
  filename: string;
  rules?: Partial<PlanningRules>;
  /** Load the shipped 2026-2028 holiday files into an empty database (default true). */
  loadShippedHolidays?: boolean;
  /** Injected clock for tests; defaults to the system clock. */
  now?: () => Date;
}

export type PlanningStore = ReturnType<typeof createDirectoryStore> &
  ReturnType<typeof createHolidayStore> &
  ReturnType<typeof createScheduleStore> &
  ReturnType<typeof createPlanStore> &
  ReturnType<typeof createInspectionStore> &
  ReturnType<typeof createReportStore> &
  ReturnType<typeof createCredentialStore> &
  ReturnType<typeof createReadinessStore> &
  ReturnType<typeof createRecapStore> &
  ReturnType<typeof createEntStore> & {
    readonly rules: PlanningRules;
    /** The store's clock (tests move it); what lesson windows and credential ends are read by. */
    now(): Date;
    close(): Promise<void>;
  };

export async function openPlanningStore(options: PlanningStoreOptions): Promise<PlanningStore> {
  const sqlite = new Database(options.filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<PlanningDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrate(db);
  const ctx = createContext(db, options);
  const store: PlanningStore = {
    ...createDirectoryStore(ctx),
    ...createHolidayStore(ctx),
    ...createScheduleStore(ctx),
    ...createPlanStore(ctx),
    ...createInspectionStore(ctx),
    ...createReportStore(ctx),
    ...createCredentialStore(ctx),
    ...createReadinessStore(ctx),
    ...createRecapStore(ctx),
    ...createEntStore(ctx),
    rules: ctx.rules,
    now: () => ctx.now(),
    close: () => db.destroy(),
  };
  if (options.loadShippedHolidays !== false) await loadShippedHolidaysIfEmpty(db, store);
  return store;
}

async function migrate(db: Kysely<PlanningDatabase>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: planningMigrationProvider(
      scheduleMigrations(),
      contentMigrations(),
      calendarMigrations(),
      credentialMigrations(),
      readinessMigrations(),
      recapMigrations(),
      entMigrations(),
    ),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`planning migration failed: ${failed?.migrationName ?? ''} ${String(error)}`);
  }
}

function createContext(db: Kysely<PlanningDatabase>, options: PlanningStoreOptions): StoreContext {
  let cached: Promise<HolidayCalendar> | undefined;
  return {
    db,
    rules: PlanningRulesSchema.parse(options.rules ?? {}),
    now: options.now ?? (() => new Date()),
    holidayCalendar: () => (cached ??= buildHolidayCalendar(db)),
    invalidateHolidays: () => {
      cached = undefined;
    },
  };
}

async function loadShippedHolidaysIfEmpty(db: Kysely<PlanningDatabase>, store: PlanningStore) {
  const any = await db.selectFrom('holiday_periods').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const shipped = loadShippedHolidayData();
  await store.importHolidayPeriods(shipped.periods, 'shipped');
  await store.importHolidayPeriods(shipped.provisionalPeriods, 'shipped', true);
  await store.importPublicHolidays(shipped.publicHolidays);
  await store.importLocalHolidays(shipped.localHolidays);
}
