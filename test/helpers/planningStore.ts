import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { PlanningStore, PlanningStoreOptions } from '../../lesson-plans';
import { openPlanningStore } from '../../lesson-plans';

/**
 * Every test that needs a planning store opens it here, so the same suite runs on both
 * stores: SQLite (the `unit` project) and PostgreSQL (the `postgres` project, whose global
 * setup starts a real server; postgresSetup.ts).
 */
export function storeKind(): 'sqlite' | 'postgres' {
  return postgresAdminUrl() ? 'postgres' : 'sqlite';
}

/** The `postgres` project's server; none outside Vitest (scripts/bench-page.ts uses server.ts). */
export function postgresAdminUrl(): string | undefined {
  try {
    return inject('postgresAdminUrl');
  } catch {
    return undefined;
  }
}

export type TestStoreOptions = Omit<PlanningStoreOptions, 'filename' | 'databaseUrl'>;

/** Where a store lives, to open it (again) and to throw it away. */
export interface TestStoreLocation {
  readonly where: { filename: string } | { databaseUrl: string };
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A new database: on PostgreSQL one of its own on the run's server, copied from the run's
 * migrated template (or `empty`, to see migrations run); on SQLite in memory, or in a
 * temporary file when it must outlive a close (`persistent`).
 */
export async function freshStoreLocation(
  options: { persistent?: boolean; empty?: boolean } = {},
): Promise<TestStoreLocation> {
  const adminUrl = postgresAdminUrl();
  if (adminUrl) {
    const name = `store_${randomBytes(8).toString('hex')}`;
    const template = options.empty ? 'template1' : inject('postgresTemplate');
    await adminQuery(`create database ${name} template ${template}`);
    const databaseUrl = new URL(adminUrl);
    databaseUrl.pathname = `/${name}`;
    return {
      where: { databaseUrl: databaseUrl.href },
      drop: () => adminQuery(`drop database if exists ${name} with (force)`),
    };
  }
  if (!options.persistent) return { where: { filename: ':memory:' }, drop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'planning-'));
  return {
    where: { filename: join(dir, 'planning.sqlite') },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh store on the suite's engine; closing it also throws its database away. */
export async function openTestStore(options: TestStoreOptions = {}): Promise<PlanningStore> {
  const location = await freshStoreLocation();
  const store = await openPlanningStore({ ...options, ...location.where });
  const close = store.close;
  return Object.assign(store, {
    close: async () => {
      await close();
      await location.drop();
    },
  });
}
