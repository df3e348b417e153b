import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { sql } from 'kysely';

/* Migrations are code, versioned by their key; never edit one that has shipped, add a new one. */

async function directory(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('schools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('town', 'text', (c) => c.notNull())
    .addColumn('academie', 'text', (c) => c.notNull())
    .addColumn('holiday_zone', 'text', (c) =>
      c.notNull().check(sql`holiday_zone in ('A', 'B', 'C')`),
    )
    .execute();
  await db.schema
    .createTable('classes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('teacher_id', 'text', (c) => c.notNull())
    .addColumn('teacher_name', 'text', (c) => c.notNull())
    .addColumn('whiteboard_endpoint', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('classes_by_teacher').on('classes').column('teacher_id').execute();
  for (const table of ['tutors', 'inspectors']) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .execute();
  }
  await db.schema
    .createTable('school_years')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('terms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_year_id', 'text', (c) => c.notNull().references('school_years.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .execute();
}

async function holidays(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('holiday_periods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone', 'text', (c) => c.notNull().check(sql`zone in ('A', 'B', 'C')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('public_holidays')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
}

async function schedule(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('weekly_slots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('term_id', 'text', (c) => c.notNull().references('terms.id'))
    .addColumn('tutor_id', 'text', (c) => c.notNull().references('tutors.id'))
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .execute();
  await db.schema
    .createTable('slot_classes')
    .addColumn('slot_id', 'text', (c) =>
      c.notNull().references('weekly_slots.id').onDelete('cascade'),
    )
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
    .addPrimaryKeyConstraint('slot_classes_pk', ['slot_id', 'class_id'])
    .execute();
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slot_id', 'text', (c) => c.references('weekly_slots.id').onDelete('set null'))
    .addColumn('tutor_id', 'text', (c) => c.notNull().references('tutors.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('original_starts_at', 'text')
    .execute();
  await db.schema
    .createIndex('sessions_by_tutor')
    .on('sessions')
    .columns(['tutor_id', 'starts_at'])
    .execute();
  await db.schema.createIndex('sessions_by_start').on('sessions').column('starts_at').execute();
  await db.schema
    .createTable('session_classes')
    .addColumn('session_id', 'text', (c) =>
      c.notNull().references('sessions.id').onDelete('cascade'),
    )
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
    .addPrimaryKeyConstraint('session_classes_pk', ['session_id', 'class_id'])
    .execute();
  await db.schema
    .createIndex('session_classes_by_class')
    .on('session_classes')
    .column('class_id')
    .execute();
}

export function scheduleMigrations(): Record<string, Migration> {
  return {
    '0001_directory': { up: directory },
    '0002_holidays': { up: holidays },
    '0003_schedule': { up: schedule },
  };
}

/** Kysely's Migrator reads migrations from code, in key order. */
export function planningMigrationProvider(
  ...groups: Record<string, Migration>[]
): MigrationProvider {
  const migrations = Object.assign({}, ...groups) as Record<string, Migration>;
  return { getMigrations: async () => migrations };
}
