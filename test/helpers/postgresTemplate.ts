/**
 * Migrates the database at argv[2] and loads the shipped calendars, as the server does on
 * first start. Run by postgresSetup.ts in a process of its own (tsx): Vitest's global-setup
 * module runner does not load rrule's CommonJS build the way Node does.
 */
import { openPlanningStore } from '../../lesson-plans';

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error('usage: postgresTemplate.ts <postgres://…>');
const store = await openPlanningStore({ databaseUrl });
await store.close();
