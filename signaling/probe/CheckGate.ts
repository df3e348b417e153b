import { ProtocolError } from '../protocol';

/** A whiteboard re-checks before each lesson and someone may retry by hand: a few an hour. */
export const CHECKS_PER_HOUR = 6;
const HOUR_MS = 60 * 60_000;

/**
 * What the gate remembers: each classroom's running check and its checks of the last hour.
 * In this process by default; in Redis when several nodes serve the checks (cluster/), so a
 * whiteboard's budget is the same whichever node its check reaches.
 */
export interface CheckLedger {
  /** Takes the classroom's one running slot; false when a check holds it already. */
  acquire(classId: string): Promise<boolean>;
  release(classId: string): Promise<void>;
  /** When its checks started (ms since the epoch), since `sinceMs`, oldest first. */
  startedSince(classId: string, sinceMs: number): Promise<number[]>;
  recordStart(classId: string, atMs: number): Promise<void>;
}

/** The ledger of one process: a set and a map (what a restart forgets, the store keeps). */
export function memoryCheckLedger(): CheckLedger {
  const running = new Set<string>();
  const started = new Map<string, number[]>();
  return {
    acquire: async (classId) => !running.has(classId) && Boolean(running.add(classId)),
    release: async (classId) => void running.delete(classId),
    startedSince: async (classId, sinceMs) =>
      (started.get(classId) ?? []).filter((at) => at > sinceMs),
    recordStart: async (classId, atMs) => {
      const recent = (started.get(classId) ?? []).filter((at) => atMs - at < HOUR_MS);
      started.set(classId, [...recent, atMs]);
    },
  };
}

export interface CheckGateOptions {
  now?: () => number;
  checksPerHour?: number;
  /**
   * When the stored checks of `classId` ran since `since` (the planning store's readiness
   * rows): a restart forgets what this process counted, not what was stored.
   */
  storedChecks?: (classId: string, since: Date) => Promise<readonly string[]>;
  /** Where the running checks and the budget are kept (default: this process). */
  ledger?: CheckLedger;
}

/**
 * One check at a time per classroom (two would measure each other on the school's line), and
 * a small budget of checks per whiteboard per hour (a check moves real media through the
 * server), counted from what this process started and what the store kept, whichever is more:
 * every stored result was started somewhere, and a check left unfinished stores nothing.
 */
export class CheckGate {
  readonly #ledger: CheckLedger;
  readonly #now: () => number;
  readonly #perHour: number;
  readonly #storedChecks: CheckGateOptions['storedChecks'];

  constructor(options: CheckGateOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#perHour = options.checksPerHour ?? CHECKS_PER_HOUR;
    this.#storedChecks = options.storedChecks;
    this.#ledger = options.ledger ?? memoryCheckLedger();
  }

  /** Admits one check for `classId`; the answer releases it. Refusals are clear errors. */
  async begin(classId: string): Promise<() => void> {
    // Taken before the budget is read, so two checks started together cannot both pass.
    if (!(await this.#ledger.acquire(classId)))
      throw new ProtocolError('conflict', 'a check is already running for this classroom');
    const release = () => void this.#ledger.release(classId).catch(() => undefined);
    try {
      const now = this.#now();
      const recent = await this.#ledger.startedSince(classId, now - HOUR_MS);
      const stored = await this.#storedSince(classId, now - HOUR_MS);
      const counted = stored.length > recent.length ? stored : recent;
      if (counted.length >= this.#perHour) {
        const waitMinutes = Math.ceil((HOUR_MS - (now - (counted[0] ?? now))) / 60_000);
        throw new ProtocolError(
          'unavailable',
          `at most ${this.#perHour} checks an hour: try again in ${waitMinutes} min`,
        );
      }
      await this.#ledger.recordStart(classId, now);
    } catch (error) {
      // Freed before the refusal is answered: a retry right after it finds the slot free.
      await this.#ledger.release(classId).catch(() => undefined);
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }

  async #storedSince(classId: string, sinceMs: number): Promise<number[]> {
    if (!this.#storedChecks) return [];
    const times = await this.#storedChecks(classId, new Date(sinceMs));
    return times.map((at) => Date.parse(at)).sort((a, b) => a - b);
  }
}
