import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/**
 * Issue 10: slots are retired instead of deleted (their past lessons keep their series and
 * calendar UIDs); lessons carry an iCalendar SEQUENCE and the time of their last change
 * (DTSTAMP); a lesson cancelled because of a day off says so, so a calendar that stops
 * making that day a holiday can restore it without reviving a coordinator's cancellation.
 */
async function calendarChanges(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('weekly_slots').addColumn('retired_at', 'text').execute();
  await db.schema.alterTable('weekly_slots').addColumn('created_at', 'text').execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('sessions').addColumn('changed_at', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('cancel_reason', 'text').execute();
  await db.schema
    .createTable('local_holidays')
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('local_holidays_pk', ['region', 'date'])
    .execute();
  await db.schema.alterTable('schools').addColumn('local_region', 'text').execute();
  await db.schema.alterTable('holiday_periods').addColumn('provisional', 'integer').execute();
  await sql`create index sessions_by_slot on sessions (slot_id, starts_at)`.execute(db);
}

export function calendarMigrations(): Record<string, Migration> {
  return { '0008_calendar_changes': { up: calendarChanges } };
}
