import type { PlanningStore } from '../../lesson-plans';
import type { LessonSession } from '../LessonSession';
import type { Participant } from '../Participant';
import type { QualityReport, Role } from '../protocol';
import type { SessionRegistry } from '../SessionRegistry';
import type { Logger } from '../logger';

/** One quality sample per participant every 5 minutes, plus one when it leaves: enough for term reports. */
const QUALITY_SAMPLE_INTERVAL_MS = 5 * 60_000;

interface QualityWindow {
  reports: number;
  bitrateKbps: number;
  lossPercent: number;
  roundTripMs: number;
  freezeCount: number;
  lastFlushAt: number;
}

type RecordedRole = 'tutor' | 'classroom' | 'inspector';

function recordedRole(role: Role): RecordedRole | null {
  return role === 'coordinator' ? null : role;
}

/**
 * Writes who joined each planned lesson, when and for how long (by role
 * and display name; pupils are never participants), and averaged media
 * quality, into lesson-plans. Lessons unknown to the timetable (the demo)
 * are ignored.
 */
export class LessonRecorder {
  readonly #store: PlanningStore;
  readonly #logger: Logger;
  readonly #quality = new Map<Participant, QualityWindow>();

  constructor(store: PlanningStore, registry: SessionRegistry, logger: Logger) {
    this.#store = store;
    this.#logger = logger;
    registry.on('sessionOpened', (session) => this.#watch(session));
  }

  /** A storage failure loses one record, never the lesson: log it and go on. */
  #logFailure = (error: unknown): void => {
    this.#logger.error({ err: error }, 'could not record the lesson in lesson-plans');
  };

  #watch(session: LessonSession): void {
    session.on('participantLeft', (participant) => {
      this.#handleLeft(session.id, participant).catch(this.#logFailure);
    });
    session.on('qualityReported', (participant, report) =>
      this.#handleQuality(session.id, participant, report),
    );
  }

  async #handleLeft(sessionId: string, participant: Participant): Promise<void> {
    await this.#flushQuality(sessionId, participant);
    this.#quality.delete(participant);
    const role = recordedRole(participant.role);
    if (!role) return;
    const result = await this.#store.recordAttendance({
      sessionId,
      role,
      displayName: participant.displayName,
      joinedAt: participant.connectedAt.toISOString(),
      leftAt: new Date().toISOString(),
    });
    if (!result.ok && result.error.code !== 'not_found')
      this.#logger.warn({ sessionId, error: result.error }, 'attendance not recorded');
  }

  #handleQuality(sessionId: string, participant: Participant, report: QualityReport): void {
    const window = this.#quality.get(participant) ?? emptyWindow();
    window.reports += 1;
    window.bitrateKbps += report.sendBitrateKbps + report.recvBitrateKbps;
    window.lossPercent += report.packetLossPercent;
    window.roundTripMs += report.roundTripMs ?? 0;
    window.freezeCount += report.freezeCount;
    this.#quality.set(participant, window);
    if (Date.now() - window.lastFlushAt >= QUALITY_SAMPLE_INTERVAL_MS)
      this.#flushQuality(sessionId, participant).catch(this.#logFailure);
  }

  async #flushQuality(sessionId: string, participant: Participant): Promise<void> {
    const window = this.#quality.get(participant);
    const role = recordedRole(participant.role);
    if (!window || window.reports === 0 || !role) return;
    this.#quality.set(participant, emptyWindow());
    const result = await this.#store.recordQualitySample({
      sessionId,
      role,
      displayName: participant.displayName,
      recordedAt: new Date().toISOString(),
      bitrateKbps: window.bitrateKbps / window.reports,
      packetLossPct: window.lossPercent / window.reports,
      freezeCount: window.freezeCount,
      roundTripMs: window.roundTripMs / window.reports,
    });
    if (!result.ok && result.error.code !== 'not_found')
      this.#logger.warn({ sessionId, error: result.error }, 'quality not recorded');
  }
}

function emptyWindow(): QualityWindow {
  return {
    reports: 0,
    bitrateKbps: 0,
    lossPercent: 0,
    roundTripMs: 0,
    freezeCount: 0,
    lastFlushAt: Date.now(),
  };
}
