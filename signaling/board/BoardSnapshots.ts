import type { PlanningStore } from '../../lesson-plans';
import type { LessonSession } from '../LessonSession';
import type { Logger } from '../logger';
import type { SessionRegistry } from '../SessionRegistry';

/**
 * A changed board is written at most this often: a node that dies loses at most 3 s of
 * drawing from the store, and the pages bring even that back when they re-sync (they
 * upload what the server lacks, which 3 s of drawing keeps far under one update's limit).
 * A busy lesson's board is 300-600 KB, so a lesson drawing all the time writes ~150 KB/s.
 */
export const BOARD_SNAPSHOT_INTERVAL_MS = 3_000;

/** Expired snapshots (store's retention) are deleted at start and then hourly. */
const EXPIRED_SNAPSHOTS_SWEEP_MS = 60 * 60 * 1000;

export type BoardSnapshotStore = Pick<
  PlanningStore,
  'saveBoardSnapshot' | 'loadBoardSnapshot' | 'deleteExpiredBoardSnapshots'
>;

export interface BoardSnapshotsOptions {
  intervalMs?: number;
}

/** A planned lesson whose board is kept: the revision last written, and a write in flight. */
interface Kept {
  session: LessonSession;
  savedRevision: number;
  saving: Promise<void> | null;
}

/**
 * Keeps the boards of planned lessons in the store: restored when the lesson opens on this
 * process (after a restart, or on a surviving node after a failover), written while it
 * changes (at most every `intervalMs`), when the lesson empties and at shutdown. Lessons off
 * the timetable (the demo, CLI links) are not kept: the store does not know them.
 */
export class BoardSnapshots {
  readonly #store: BoardSnapshotStore;
  readonly #logger: Logger;
  readonly #kept = new Map<string, Kept>();
  readonly #timers: NodeJS.Timeout[];

  constructor(store: BoardSnapshotStore, logger: Logger, options: BoardSnapshotsOptions = {}) {
    this.#store = store;
    this.#logger = logger;
    const intervalMs = options.intervalMs ?? BOARD_SNAPSHOT_INTERVAL_MS;
    this.#timers = [
      setInterval(() => this.#saveChanged(), intervalMs),
      setInterval(() => this.#deleteExpired(), EXPIRED_SNAPSHOTS_SWEEP_MS),
    ];
    for (const timer of this.#timers) timer.unref();
    this.#deleteExpired();
  }

  /** Wires the registry: sessionClosed stops keeping a lesson (it was saved when it emptied). */
  watch(registry: SessionRegistry): void {
    registry.on('sessionClosed', (sessionId) => this.#kept.delete(sessionId));
  }

  /**
   * SessionRegistry's `restore` hook: loads the lesson's snapshot into its fresh board. A
   * store failure or a damaged snapshot is logged and the lesson starts with what the
   * pages re-sync; it never stops the lesson from opening.
   */
  restore = async (session: LessonSession): Promise<void> => {
    try {
      const loaded = await this.#store.loadBoardSnapshot(session.id);
      if (!loaded.ok) return; // off the timetable: nothing kept
      const kept: Kept = { session, savedRevision: session.board.revision, saving: null };
      this.#kept.set(session.id, kept);
      session.on('empty', () => void this.#save(session.id));
      // A damaged snapshot stays kept: the lesson's next change replaces it.
      if (loaded.value) session.board.restore(loaded.value.state);
      kept.savedRevision = session.board.revision;
    } catch (error) {
      this.#logger.error({ err: error, sessionId: session.id }, 'board snapshot not restored');
    }
  };

  /** Writes every changed board once more and stops (graceful shutdown, before sessions close). */
  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    await Promise.allSettled([...this.#kept.keys()].map((sessionId) => this.#save(sessionId)));
    this.#kept.clear();
  }

  #saveChanged(): void {
    for (const sessionId of this.#kept.keys()) void this.#save(sessionId);
  }

  #deleteExpired(): void {
    this.#store
      .deleteExpiredBoardSnapshots()
      .catch((error: unknown) => this.#logFailure(error, 'expired board snapshots not deleted'));
  }

  /** One write per lesson at a time; a lesson changed again meanwhile is written next round. */
  async #save(sessionId: string): Promise<void> {
    const kept = this.#kept.get(sessionId);
    if (!kept) return;
    if (kept.saving) return kept.saving;
    const revision = kept.session.board.revision;
    if (revision === kept.savedRevision) return;
    const state = kept.session.board.snapshot();
    kept.saving = this.#store
      .saveBoardSnapshot(sessionId, state)
      .then((saved) => {
        if (saved.ok) kept.savedRevision = revision;
        else this.#logger.warn({ sessionId, error: saved.error }, 'board snapshot refused');
      })
      .catch((error: unknown) => this.#logFailure(error, 'board snapshot not saved', sessionId))
      .finally(() => (kept.saving = null));
    return kept.saving;
  }

  #logFailure(error: unknown, message: string, sessionId?: string): void {
    this.#logger.error({ err: error, sessionId }, message);
  }
}
