import { TypedEmitter, type WorkerPool } from '../sfu';
import { LessonSession, type RelayCredentials } from './LessonSession';

export interface SessionRegistryOptions {
  pool: WorkerPool;
  /** How long an empty session keeps its media room, in case someone reconnects. */
  idleTimeoutMs?: number;
  /** The TURN relay, when the server has one. */
  relay?: RelayCredentials | null;
  /**
   * Brings back what a lesson kept before this process opened it (its board snapshot),
   * before anyone is admitted; a failure must be handled inside (the lesson opens anyway).
   */
  restore?: (session: LessonSession) => Promise<void>;
}

export type SessionRegistryEvents = {
  sessionOpened: [session: LessonSession];
  sessionClosed: [sessionId: string];
};

const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 60_000;

/** The live lessons of this server, created on first connection and closed when left empty. */
export class SessionRegistry extends TypedEmitter<SessionRegistryEvents> {
  readonly #options: SessionRegistryOptions;
  readonly #sessions = new Map<string, Promise<LessonSession>>();
  readonly #idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(options: SessionRegistryOptions) {
    super();
    this.#options = options;
  }

  /** The session with this id, opening it if needed; concurrent callers share one creation. */
  open(sessionId: string): Promise<LessonSession> {
    this.#cancelIdleTimer(sessionId);
    let session = this.#sessions.get(sessionId);
    if (!session) {
      const { pool, relay, restore } = this.#options;
      session = LessonSession.create({ id: sessionId, pool, relay }).then(async (created) => {
        await restore?.(created);
        created.on('empty', () => this.#scheduleClose(sessionId));
        this.safeEmit('sessionOpened', created);
        return created;
      });
      session.catch(() => this.#sessions.delete(sessionId));
      this.#sessions.set(sessionId, session);
    }
    return session;
  }

  /** The ids of the lessons open (or opening) here: what a cluster node renews (cluster/). */
  ids(): string[] {
    return [...this.#sessions.keys()];
  }

  get count(): number {
    return this.#sessions.size;
  }

  /** Connected participants by role, across the open lessons (for the operators' metrics). */
  async participantsByRole(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const result of await Promise.allSettled(this.#sessions.values())) {
      if (result.status !== 'fulfilled') continue;
      for (const role of result.value.roles()) counts.set(role, (counts.get(role) ?? 0) + 1);
    }
    return counts;
  }

  async close(): Promise<void> {
    for (const timer of this.#idleTimers.values()) clearTimeout(timer);
    this.#idleTimers.clear();
    const sessions = await Promise.allSettled(this.#sessions.values());
    for (const result of sessions) if (result.status === 'fulfilled') result.value.close();
    this.#sessions.clear();
  }

  #scheduleClose(sessionId: string): void {
    this.#cancelIdleTimer(sessionId);
    const timeout = this.#options.idleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS;
    const timer = setTimeout(() => void this.#closeIfEmpty(sessionId), timeout);
    timer.unref();
    this.#idleTimers.set(sessionId, timer);
  }

  async #closeIfEmpty(sessionId: string): Promise<void> {
    this.#idleTimers.delete(sessionId);
    const session = await this.#sessions.get(sessionId)?.catch(() => undefined);
    if (!session || session.size > 0) return;
    this.#sessions.delete(sessionId);
    session.close();
    this.safeEmit('sessionClosed', sessionId);
  }

  #cancelIdleTimer(sessionId: string): void {
    clearTimeout(this.#idleTimers.get(sessionId));
    this.#idleTimers.delete(sessionId);
  }
}
