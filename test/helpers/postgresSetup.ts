import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startLocalPostgres } from '../../scripts/local-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set in the `postgres` project only: its server's admin URL (planningStore.ts). */
    postgresAdminUrl: string | undefined;
    /** A database already migrated, with the shipped calendars: what every test store copies. */
    postgresTemplate: string | undefined;
  }
}

const TEMPLATE = 'planning_template';

/**
 * Global setup of the `postgres` project: one real PostgreSQL server for the whole run
 * (starting one takes about two seconds), each test store in a database of its own, copied
 * from a template that this run's own code migrated and filled with the shipped calendars
 * (what `openPlanningStore` does to an empty database; copying it is much faster).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startLocalPostgres();
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`create database ${TEMPLATE}`);
    await admin.end();
    const migrate = fileURLToPath(new URL('./postgresTemplate.ts', import.meta.url));
    execFileSync(process.execPath, ['--import', 'tsx', migrate, server.urlOf(TEMPLATE)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('postgresAdminUrl', server.adminUrl);
  project.provide('postgresTemplate', TEMPLATE);
  return () => server.stop();
}
