import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type {
  AttendanceRecord,
  AttendanceSummaryRow,
  QualitySample,
  QualitySummaryRow,
} from '../domain/reports';
import { AttendanceRecordSchema, QualitySampleSchema } from '../domain/reports';
import type { Result } from '../domain/result';
import { fail, ok } from '../domain/result';
import { PLANNING_TIME_ZONE } from '../domain/model';
import type { StoreContext } from './context';
import { newId } from './context';

export type FeedKind = 'tutor' | 'class' | 'school' | 'inspector';

interface TermSession {
  id: string;
  schoolId: string;
  schoolName: string;
}

export function createReportStore(ctx: StoreContext) {
  const { db } = ctx;
  async function sessionExists(id: string) {
    return Boolean(
      await db.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst(),
    );
  }
  return {
    /** A finished stay in one write (imports and tests; signalling uses openAttendance). */
    async recordAttendance(input: AttendanceRecord): Promise<Result<AttendanceRecord>> {
      const parsed = AttendanceRecordSchema.safeParse(input);
      if (!parsed.success)
        return fail('invalid_request', 'invalid attendance', parsed.error.issues);
      if (!(await sessionExists(parsed.data.sessionId)))
        return fail('not_found', 'unknown session');
      const a = parsed.data;
      await db
        .insertInto('attendance')
        .values({
          id: newId('att'),
          session_id: a.sessionId,
          role: a.role,
          display_name: a.displayName,
          joined_at: a.joinedAt,
          left_at: a.leftAt,
          last_seen_at: a.leftAt,
          open: 0,
        })
        .execute();
      return ok(a);
    },
    /**
     * Called by signalling when a participant joins: the row exists from the
     * first second, open, until closeAttendance (or a restart) ends it.
     */
    async openAttendance(
      input: Omit<AttendanceRecord, 'leftAt'>,
    ): Promise<Result<{ attendanceId: string }>> {
      const parsed = AttendanceRecordSchema.safeParse({ ...input, leftAt: input.joinedAt });
      if (!parsed.success)
        return fail('invalid_request', 'invalid attendance', parsed.error.issues);
      if (!(await sessionExists(parsed.data.sessionId)))
        return fail('not_found', 'unknown session');
      const a = parsed.data;
      const attendanceId = newId('att');
      await db
        .insertInto('attendance')
        .values({
          id: attendanceId,
          session_id: a.sessionId,
          role: a.role,
          display_name: a.displayName,
          joined_at: a.joinedAt,
          left_at: a.joinedAt,
          last_seen_at: a.joinedAt,
          open: 1,
        })
        .execute();
      return ok({ attendanceId });
    },
    /** The heartbeat: everyone still present, in one statement. */
    async markAttendancePresent(attendanceIds: readonly string[], at: string): Promise<number> {
      if (attendanceIds.length === 0) return 0;
      const result = await db
        .updateTable('attendance')
        .set({ left_at: at, last_seen_at: at })
        .where('open', '=', 1)
        .where('id', 'in', attendanceIds)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async closeAttendance(attendanceId: string, leftAt: string): Promise<void> {
      await db
        .updateTable('attendance')
        .set({ left_at: leftAt, last_seen_at: leftAt, open: 0 })
        .where('open', '=', 1)
        .where('id', '=', attendanceId)
        .execute();
    },
    /**
     * At startup: rows the last run never closed (it was killed) end at their last heartbeat.
     * In a cluster (one store, several nodes) narrower: `sessionId`, one lesson's, when a node
     * takes over a dead node's lesson; `seenBefore`, rows whose heartbeat stopped before then
     * (their node is gone: the live nodes' heartbeats are later), when a node starts.
     */
    async closeDanglingAttendance(
      scope: { sessionId?: string; seenBefore?: string } = {},
    ): Promise<number> {
      let update = db.updateTable('attendance').set({ open: 0 }).where('open', '=', 1);
      if (scope.sessionId !== undefined) update = update.where('session_id', '=', scope.sessionId);
      if (scope.seenBefore !== undefined)
        update = update.where('last_seen_at', '<', scope.seenBefore);
      const result = await update.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    /** Called by signalling with the SFU's periodic media-quality summary. */
    async recordQualitySample(input: QualitySample): Promise<Result<QualitySample>> {
      const parsed = QualitySampleSchema.safeParse(input);
      if (!parsed.success)
        return fail('invalid_request', 'invalid quality sample', parsed.error.issues);
      if (!(await sessionExists(parsed.data.sessionId)))
        return fail('not_found', 'unknown session');
      const q = parsed.data;
      await db
        .insertInto('quality_samples')
        .values({
          id: newId('q'),
          session_id: q.sessionId,
          role: q.role,
          display_name: q.displayName,
          recorded_at: q.recordedAt,
          bitrate_kbps: q.bitrateKbps,
          packet_loss_pct: q.packetLossPct,
          freeze_count: q.freezeCount,
          round_trip_ms: q.roundTripMs,
        })
        .execute();
      return ok(q);
    },
    /** One lesson's attendance, in arrival order. */
    async listAttendance(sessionId: string): Promise<(AttendanceRecord & { present: boolean })[]> {
      const rows = await db
        .selectFrom('attendance')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('joined_at')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        sessionId: row.session_id,
        role: AttendanceRecordSchema.shape.role.parse(row.role),
        displayName: row.display_name,
        joinedAt: row.joined_at,
        leftAt: row.left_at,
        /** Still open: leftAt is the last heartbeat so far. */
        present: row.open === 1,
      }));
    },
    /** One lesson's quality samples, oldest first. */
    async listQualitySamples(sessionId: string): Promise<QualitySample[]> {
      const rows = await db
        .selectFrom('quality_samples')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('recorded_at')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        sessionId: row.session_id,
        role: QualitySampleSchema.shape.role.parse(row.role),
        displayName: row.display_name,
        recordedAt: row.recorded_at,
        bitrateKbps: row.bitrate_kbps,
        packetLossPct: row.packet_loss_pct,
        freezeCount: row.freeze_count,
        roundTripMs: row.round_trip_ms,
      }));
    },
    async attendanceSummary(termId: string): Promise<Result<AttendanceSummaryRow[]>> {
      const sessions = await termSessions(ctx, termId);
      if (!sessions) return fail('not_found', `term ${termId} not found`);
      const rows = await db
        .selectFrom('attendance')
        .selectAll()
        .where('session_id', 'in', ['', ...new Set(sessions.map((s) => s.id))])
        .execute();
      return ok(
        perSchool(
          sessions,
          rows,
          (mine, schoolSessions) => {
            const minutes = (role: string) =>
              Math.round(
                mine
                  .filter((r) => r.role === role)
                  .reduce(
                    (t, r) => t + (Date.parse(r.left_at) - Date.parse(r.joined_at)) / 60_000,
                    0,
                  ),
              );
            return {
              sessions: new Set(schoolSessions.map((s) => s.id)).size,
              sessionsWithClassroom: new Set(
                mine.filter((r) => r.role === 'classroom').map((r) => r.session_id),
              ).size,
              classroomMinutes: minutes('classroom'),
              tutorMinutes: minutes('tutor'),
              inspectorVisits: new Set(
                mine.filter((r) => r.role === 'inspector').map((r) => r.session_id),
              ).size,
            };
          },
          termId,
        ),
      );
    },
    async qualitySummary(termId: string): Promise<Result<QualitySummaryRow[]>> {
      const sessions = await termSessions(ctx, termId);
      if (!sessions) return fail('not_found', `term ${termId} not found`);
      const rows = await db
        .selectFrom('quality_samples')
        .selectAll()
        .where('session_id', 'in', ['', ...new Set(sessions.map((s) => s.id))])
        .execute();
      return ok(
        perSchool(
          sessions,
          rows,
          (mine) => {
            const avg = (pick: (r: (typeof mine)[number]) => number) =>
              mine.length === 0 ? 0 : round1(mine.reduce((t, r) => t + pick(r), 0) / mine.length);
            return {
              samples: mine.length,
              avgBitrateKbps: avg((r) => r.bitrate_kbps),
              avgPacketLossPct: avg((r) => r.packet_loss_pct),
              totalFreezes: mine.reduce((t, r) => t + r.freeze_count, 0),
              avgRoundTripMs: avg((r) => r.round_trip_ms),
            };
          },
          termId,
        ),
      );
    },
    async createFeedToken(
      kind: FeedKind,
      targetId: string,
      createdBy: string,
      expiresAt: Date,
    ): Promise<string> {
      const token = randomBytes(24).toString('base64url');
      await db
        .insertInto('feed_tokens')
        .values({
          token,
          kind,
          target_id: targetId,
          created_by: createdBy,
          created_at: ctx.now().toISOString(),
          expires_at: expiresAt.toISOString(),
        })
        .execute();
      return token;
    },
    async resolveFeedToken(token: string) {
      const row = await db
        .selectFrom('feed_tokens')
        .selectAll()
        .where('token', '=', token)
        .executeTakeFirst();
      return (
        row && {
          kind: row.kind as FeedKind,
          targetId: row.target_id,
          createdBy: row.created_by,
          expiresAt: feedExpiresAt(row),
        }
      );
    },
    /** The feeds someone created, so they can see and revoke them. */
    async listFeedTokens(createdBy: string) {
      const rows = await db
        .selectFrom('feed_tokens')
        .selectAll()
        .where('created_by', '=', createdBy)
        .orderBy('created_at')
        .orderBy('token')
        .execute();
      return rows.map((row) => ({
        token: row.token,
        kind: row.kind as FeedKind,
        targetId: row.target_id,
        createdAt: row.created_at,
        expiresAt: feedExpiresAt(row),
      }));
    },
    async deleteFeedToken(token: string, createdBy: string): Promise<boolean> {
      const result = await db
        .deleteFrom('feed_tokens')
        .where('token', '=', token)
        .where('created_by', '=', createdBy)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

const FEED_LEGACY_LIFETIME_MS = 365 * 24 * 60 * 60_000;

/** Feeds created before expiry existed (migration 0010) end a year after their creation. */
function feedExpiresAt(row: { created_at: string; expires_at: string | null }): string {
  return (
    row.expires_at ?? new Date(Date.parse(row.created_at) + FEED_LEGACY_LIFETIME_MS).toISOString()
  );
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Lessons of the term (on Paris calendar days), one entry per school they involve. */
async function termSessions(ctx: StoreContext, termId: string): Promise<TermSession[] | undefined> {
  const term = await ctx.db
    .selectFrom('terms')
    .selectAll()
    .where('id', '=', termId)
    .executeTakeFirst();
  if (!term) return undefined;
  const from = DateTime.fromISO(term.start_date, { zone: PLANNING_TIME_ZONE }).toUTC().toISO()!;
  const to = DateTime.fromISO(term.end_date, { zone: PLANNING_TIME_ZONE })
    .plus({ days: 1 })
    .toUTC()
    .toISO()!;
  return (
    ctx.db
      .selectFrom('sessions')
      .innerJoin('session_classes', 'session_classes.session_id', 'sessions.id')
      .innerJoin('classes', 'classes.id', 'session_classes.class_id')
      .innerJoin('schools', 'schools.id', 'classes.school_id')
      .select(['sessions.id as id', 'schools.id as schoolId', 'schools.name as schoolName'])
      .where('sessions.starts_at', '>=', from)
      .where('sessions.starts_at', '<', to)
      // Reports count what happened: a lesson planned for later has not taken place.
      .where('sessions.starts_at', '<=', ctx.now().toISOString())
      .where('sessions.state', '!=', 'cancelled')
      .distinct()
      .execute()
  );
}

/** Groups a term's lessons and their report rows by school, then summarises each school. */
function perSchool<Row extends { session_id: string }, T>(
  sessions: TermSession[],
  rows: Row[],
  summarize: (schoolRows: Row[], schoolSessions: TermSession[]) => T,
  termId: string,
): Array<T & { termId: string; schoolId: string; schoolName: string }> {
  const bySchool = new Map<string, TermSession[]>();
  for (const session of sessions)
    bySchool.set(session.schoolId, [...(bySchool.get(session.schoolId) ?? []), session]);
  return [...bySchool.values()]
    .map((list) => {
      // A lesson shared by classes of two schools counts for both.
      const ids = new Set(list.map((session) => session.id));
      const schoolRows = rows.filter((row) => ids.has(row.session_id));
      return {
        termId,
        schoolId: list[0]!.schoolId,
        schoolName: list[0]!.schoolName,
        ...summarize(schoolRows, list),
      };
    })
    .sort((a, b) => a.schoolName.localeCompare(b.schoolName));
}

export type ReportStore = ReturnType<typeof createReportStore>;
