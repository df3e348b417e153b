import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Dialect } from 'kysely';
import pg from 'pg';
import type { HolidayCalendar } from '../calendar/holidays';
import { loadShippedHolidayData } from '../calendar/holidays';
import type { PlanningRules } from '../calendar/conflicts';
import { PlanningRulesSchema } from '../calendar/conflicts';
import type { StoreContext } from './context';
import { boardMigrations, createBoardStore } from './board-store';
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
import { createPupilLinkStore, pupilLinkMigrations } from '../pupils/pupil-link-store';
import { createRecapStore, recapMigrations } from '../recap/recap-store';
import { createReportStore } from './report-store';
import { createScheduleStore } from './schedule-store';
import type { PlanningDatabase } from './schema';

export interface PlanningStoreOptions {
  /** SQLite file, or ':memory:' (the default store). */
  filename?: string;
  /** `postgres://…` (DATABASE_URL): PostgreSQL instead of SQLite; wins over `filename`. */
  databaseUrl?: string;
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
  ReturnType<typeof createEntStore> &
  ReturnType<typeof createBoardStore> &
  ReturnType<typeof createPupilLinkStore> & {
    readonly rules: PlanningRules;
    /** The store's clock (tests move it); what lesson windows and credential ends are read by. */
    now(): Date;
    close(): Promise<void>;
  };

/** The migrated database on its own: for tools that write rows in bulk (the benchmarks). */
export async function openPlanningDatabase(
  options: Pick<PlanningStoreOptions, 'filename' | 'databaseUrl'>,
): Promise<Kysely<PlanningDatabase>> {
  const db = new Kysely<PlanningDatabase>({ dialect: openDialect(options) });
  try {
    if (options.databaseUrl) await preparePostgres(db);
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

export async function openPlanningStore(options: PlanningStoreOptions): Promise<PlanningStore> {
  const db = await openPlanningDatabase(options);
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
    ...createBoardStore(ctx),
    ...createPupilLinkStore(ctx),
    rules: ctx.rules,
    now: () => ctx.now(),
    close: () => db.destroy(),
  };
  if (options.loadShippedHolidays !== false) await loadShippedHolidaysIfEmpty(db, store);
  return store;
}

function openDialect({ databaseUrl, filename }: PlanningStoreOptions): Dialect {
  if (databaseUrl) {
    return new PostgresDialect({
      pool: new StorePool({ connectionString: databaseUrl, types: { getTypeParser } }),
    });
  }
  if (!filename) throw new Error('openPlanningStore: give a SQLite filename or a databaseUrl');
  const sqlite = new Database(filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  return new SqliteDialect({ database: sqlite });
}

/**
 * The pool as the store needs it, where pg-pool's own behaviour would lose a request or the
 * process:
 * - an idle connection the server closes (a restart, an administrator, a failover) makes
 *   pg-pool emit `error`, which kills the process when nobody listens: the connection is
 *   already dropped and the next query opens another, so it is only worth a line in the log;
 * - `end()` forgets the requests still queued for a connection (they never settle, and
 *   whoever awaits them, a join recording attendance as the server stops, hangs): let them
 *   through first, as SQLite's driver lets queued statements run or fail;
 * - `end()` resolves before its connections have closed: wait for them, so a caller that
 *   drops the database next does not catch a connection in the middle of closing.
 */
class StorePool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    this.on('error', (error) => {
      console.warn(
        `planning store: a PostgreSQL connection closed (${error.message}); the next query opens another`,
      );
    });
  }

  override async end(): Promise<void> {
    while (this.waitingCount > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const open = this.totalCount;
    let closed = 0;
    const allClosed = new Promise<void>((resolve) => {
      if (open === 0) resolve();
      this.on('remove', () => {
        if (++closed >= open) resolve();
      });
    });
    await super.end();
    await allClosed;
  }
}

/**
 * What SQLite hands back as a JS number comes back from PostgreSQL as one too: `count` and
 * `sum` are bigint and `avg` numeric, which pg would otherwise return as strings. Every
 * figure the store keeps fits a double.
 */
const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === PG_INT8 || oid === PG_NUMERIC
    ? (value: string) => Number(value)
    : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

/** Collations that order text byte by byte, as SQLite does (ISO instants, names, ids). */
const BYTE_ORDER_COLLATIONS = ['C', 'POSIX', 'C.UTF-8', 'C.utf8', 'ucs_basic'];

/**
 * Before the shared migrations run on PostgreSQL: they name the SQLite column type `blob`,
 * which PostgreSQL spells `bytea` (a domain gives it the portable name); and text must sort
 * as in SQLite, byte by byte, or ordered lists and ISO-instant ranges would differ between
 * the two stores, so a database with a linguistic collation is refused.
 */
async function preparePostgres(db: Kysely<PlanningDatabase>): Promise<void> {
  const { rows } = await sql<{ collation: string; provider: string }>`
    select datcollate as collation, datlocprovider as provider
    from pg_database where datname = current_database()`.execute(db);
  const [database] = rows;
  if (!database || database.provider !== 'c' || !BYTE_ORDER_COLLATIONS.includes(database.collation))
    throw new Error(
      `PostgreSQL database collation is ${database?.collation ?? 'unknown'}: Passerelle needs ` +
        `byte order (create it with: createdb --locale=C --template=template0 <name>)`,
    );
  await sql`do $$ begin create domain blob as bytea;
    exception when duplicate_object then null; end $$`.execute(db);
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
      boardMigrations(),
      pupilLinkMigrations(),
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
