import type { PlanningStore } from '../../lesson-plans';
import type { LessonSession } from '../LessonSession';
import type { Participant } from '../Participant';
import type { QualityReport, Role } from '../protocol';
import type { SessionRegistry } from '../SessionRegistry';
import type { Logger } from '../logger';

/**
 * Every 30 s the attendance of everyone present is brought up to date in one
 * statement and quality is written: a server killed mid-lesson loses at most
 * the last 30 s, which the next start closes from the last heartbeat.
 */
export const ATTENDANCE_HEARTBEAT_MS = 30_000;

/**
 * A stay not heard of for this many heartbeats belongs to a process that died: any node
 * closes it at its last heartbeat. Four, so a node briefly stalled (a long GC, a slow
 * database) never has its own live stays closed under it.
 */
export const DANGLING_AFTER_HEARTBEATS = 4;

/** The instant before which an open stay is left over by a dead process. */
export function danglingBefore(heartbeatMs: number, now = Date.now()): string {
  return new Date(now - DANGLING_AFTER_HEARTBEATS * heartbeatMs).toISOString();
}

export interface LessonRecorderOptions {
  heartbeatMs?: number;
  /**
   * The store is shared by several nodes (cluster/): a lesson opening here may have run on a
   * node that died, whose stays are still open; they are closed at their last heartbeat
   * before this node writes its own (its participants' new stays).
   */
  shared?: boolean;
}

interface QualityWindow {
  reports: number;
  bitrateKbps: number;
  lossPercent: number;
  roundTripMs: number;
  freezeCount: number;
}

/** One participant's stay: its open attendance row once written (null in lessons off the timetable). */
interface Stay {
  sessionId: string;
  attendanceId: Promise<string | null>;
  resolvedId: string | null;
  quality: QualityWindow;
}

type RecordedRole = 'tutor' | 'classroom' | 'inspector' | 'pupil';

function recordedRole(role: Role): RecordedRole | null {
  return role === 'coordinator' ? null : role;
}

/**
 * Writes who joined each planned lesson, when and for how long (by role
 * and display name: a pupil at home by the first name or initials of its link, the only
 * thing its link knows of it), and averaged media
 * quality, into lesson-plans. Attendance is written at join and kept
 * current by a heartbeat. Lessons unknown to the timetable (the demo)
 * are ignored.
 */
export class LessonRecorder {
  readonly #store: PlanningStore;
  readonly #logger: Logger;
  readonly #stays = new Map<Participant, Stay>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #heartbeat: NodeJS.Timeout;
  readonly #heartbeatMs: number;
  readonly #shared: boolean;
  /** Per lesson taken over here: its dead node's stays closed (shared stores only). */
  readonly #takenOver = new Map<string, Promise<unknown>>();

  constructor(
    store: PlanningStore,
    registry: SessionRegistry,
    logger: Logger,
    options: LessonRecorderOptions = {},
  ) {
    this.#store = store;
    this.#logger = logger;
    this.#shared = options.shared ?? false;
    registry.on('sessionOpened', (session) => this.#watch(session));
    registry.on('sessionClosed', (sessionId) => this.#takenOver.delete(sessionId));
    this.#heartbeatMs = options.heartbeatMs ?? ATTENDANCE_HEARTBEAT_MS;
    this.#heartbeat = setInterval(() => this.#track(this.#beat()), this.#heartbeatMs);
    this.#heartbeat.unref();
  }

  /** Closes every open stay now and waits for pending writes (graceful shutdown). */
  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    for (const participant of [...this.#stays.keys()]) this.#handleLeft(participant);
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** A storage failure loses one record, never the lesson: log it and go on. */
  #logFailure = (error: unknown): void => {
    this.#logger.error({ err: error }, 'could not record the lesson in lesson-plans');
  };

  #track(work: Promise<unknown>): void {
    const tracked = work.catch(this.#logFailure).finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  #watch(session: LessonSession): void {
    if (this.#shared) this.#takeOver(session.id);
    session.on('participantJoined', (participant) => this.#handleJoined(session.id, participant));
    session.on('participantLeft', (participant) => this.#handleLeft(participant));
    session.on('qualityReported', (participant, report) =>
      this.#handleQuality(participant, report),
    );
  }

  #handleJoined(sessionId: string, participant: Participant): void {
    const role = recordedRole(participant.role);
    // Joining again after a media reset is the same stay.
    if (!role || this.#stays.has(participant)) return;
    const stay: Stay = {
      sessionId,
      attendanceId: this.#open(sessionId, participant, role),
      resolvedId: null,
      quality: emptyWindow(),
    };
    stay.attendanceId = stay.attendanceId.then((id) => (stay.resolvedId = id));
    this.#stays.set(participant, stay);
    this.#track(stay.attendanceId);
  }

  #takeOver(sessionId: string): void {
    const closing = this.#store.closeDanglingAttendance({ sessionId }).then((rows) => {
      if (rows > 0) this.#logger.warn({ sessionId, rows }, 'closed the stays of a node gone');
    });
    const settled = closing.catch(this.#logFailure);
    this.#takenOver.set(sessionId, settled);
  }

  async #open(sessionId: string, participant: Participant, role: RecordedRole) {
    await this.#takenOver.get(sessionId);
    const result = await this.#store.openAttendance({
      sessionId,
      role,
      displayName: participant.displayName,
      joinedAt: new Date().toISOString(),
    });
    if (result.ok) return result.value.attendanceId;
    if (result.error.code !== 'not_found')
      this.#logger.warn({ sessionId, error: result.error }, 'attendance not recorded');
    return null;
  }

  #handleLeft(participant: Participant): void {
    const stay = this.#stays.get(participant);
    if (!stay) return;
    this.#stays.delete(participant);
    const leftAt = new Date().toISOString();
    this.#track(
      (async () => {
        await this.#flushQuality(participant, stay);
        const id = await stay.attendanceId;
        if (id) await this.#store.closeAttendance(id, leftAt);
      })(),
    );
  }

  #handleQuality(participant: Participant, report: QualityReport): void {
    const window = this.#stays.get(participant)?.quality;
    if (!window) return;
    window.reports += 1;
    window.bitrateKbps += report.sendBitrateKbps + report.recvBitrateKbps;
    window.lossPercent += report.packetLossPercent;
    window.roundTripMs += report.roundTripMs ?? 0;
    window.freezeCount += report.freezeCount;
  }

  /**
   * One statement for everyone's attendance, one closing the stays of processes that died
   * (another node's, after a failover), then each window of quality reports.
   */
  async #beat(): Promise<void> {
    const ids = [...this.#stays.values()].flatMap((stay) => stay.resolvedId ?? []);
    await this.#store.markAttendancePresent(ids, new Date().toISOString());
    await this.#store.closeDanglingAttendance({ seenBefore: danglingBefore(this.#heartbeatMs) });
    for (const [participant, stay] of this.#stays) await this.#flushQuality(participant, stay);
  }

  async #flushQuality(participant: Participant, stay: Stay): Promise<void> {
    const window = stay.quality;
    const role = recordedRole(participant.role);
    if (window.reports === 0 || !role) return;
    stay.quality = emptyWindow();
    const result = await this.#store.recordQualitySample({
      sessionId: stay.sessionId,
      role,
      displayName: participant.displayName,
      recordedAt: new Date().toISOString(),
      bitrateKbps: window.bitrateKbps / window.reports,
      packetLossPct: window.lossPercent / window.reports,
      freezeCount: window.freezeCount,
      roundTripMs: window.roundTripMs / window.reports,
    });
    if (!result.ok && result.error.code !== 'not_found')
      this.#logger.warn({ sessionId: stay.sessionId, error: result.error }, 'quality not recorded');
  }
}

function emptyWindow(): QualityWindow {
  return { reports: 0, bitrateKbps: 0, lossPercent: 0, roundTripMs: 0, freezeCount: 0 };
}
