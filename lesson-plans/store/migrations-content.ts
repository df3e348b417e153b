import type { Kysely, Migration } from 'kysely';

async function plans(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lesson_plans')
    .addColumn('session_id', 'text', (c) =>
      c.primaryKey().references('sessions.id').onDelete('cascade'),
    )
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema
    .createTable('plan_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) =>
      c.notNull().references('sessions.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_history_version', ['session_id', 'version'])
    .execute();
  await db.schema
    .createTable('materials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'blob', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('plan_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

async function inspections(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inspections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('inspector_id', 'text', (c) => c.notNull().references('inspectors.id'))
    .addColumn('grades', 'text', (c) => c.notNull())
    .addColumn('signed_off_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('inspection_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inspection_id', 'text', (c) =>
      c.notNull().references('inspections.id').onDelete('cascade'),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
}

/**
 * Measured figures are 8-byte floats. This migration first said `real`, which is that in
 * SQLite but a 4-byte float in PostgreSQL; `double precision` is the same REAL affinity in
 * SQLite, so databases migrated with the old text are unchanged.
 */
async function reports(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attendance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('quality_samples')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('bitrate_kbps', 'double precision', (c) => c.notNull())
    .addColumn('packet_loss_pct', 'double precision', (c) => c.notNull())
    .addColumn('freeze_count', 'integer', (c) => c.notNull())
    .addColumn('round_trip_ms', 'double precision', (c) => c.notNull())
    .execute();
  for (const table of ['attendance', 'quality_samples']) {
    await db.schema.createIndex(`${table}_by_session`).on(table).column('session_id').execute();
  }
  await db.schema
    .createTable('feed_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

/**
 * Attendance is written at join and kept current by a heartbeat, so a
 * server killed mid-lesson loses nothing: while `open` is 1, `left_at`
 * holds the last heartbeat (`last_seen_at`), and reports count the time
 * present so far; at startup open rows are closed at that heartbeat.
 */
async function attendancePresence(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('attendance').addColumn('last_seen_at', 'text').execute();
  await db.schema
    .alterTable('attendance')
    .addColumn('open', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export function contentMigrations(): Record<string, Migration> {
  return {
    '0004_plans': { up: plans },
    '0005_inspections': { up: inspections },
    '0006_reports_and_feeds': { up: reports },
    '0007_attendance_presence': { up: attendancePresence },
  };
}
