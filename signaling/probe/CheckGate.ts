import { ProtocolError } from '../protocol';

/** A whiteboard re-checks before each lesson and someone may retry by hand: a few an hour. */
export const CHECKS_PER_HOUR = 6;
const HOUR_MS = 60 * 60_000;

export interface CheckGateOptions {
  now?: () => number;
  checksPerHour?: number;
  /**
   * When the stored checks of `classId` ran since `since` (the planning store's readiness
   * rows): a restart forgets what this process counted, not what was stored.
   */
  storedChecks?: (classId: string, since: Date) => Promise<readonly string[]>;
}

/**
 * One check at a time per classroom (two would measure each other on the school's line), and
 * a small budget of checks per whiteboard per hour (a check moves real media through the
 * server), counted from what this process started and what the store kept, whichever is more:
 * every stored result was started somewhere, and a check left unfinished stores nothing.
 */
export class CheckGate {
  readonly #running = new Set<string>();
  readonly #started = new Map<string, number[]>();
  readonly #now: () => number;
  readonly #perHour: number;
  readonly #storedChecks: CheckGateOptions['storedChecks'];

  constructor(options: CheckGateOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#perHour = options.checksPerHour ?? CHECKS_PER_HOUR;
    this.#storedChecks = options.storedChecks;
  }

  /** Admits one check for `classId`; the answer releases it. Refusals are clear errors. */
  async begin(classId: string): Promise<() => void> {
    if (this.#running.has(classId))
      throw new ProtocolError('conflict', 'a check is already running for this classroom');
    // Taken before the store is read, so two checks started together cannot both pass.
    this.#running.add(classId);
    const release = () => this.#running.delete(classId);
    try {
      const now = this.#now();
      const recent = (this.#started.get(classId) ?? []).filter((at) => now - at < HOUR_MS);
      const stored = await this.#storedSince(classId, now - HOUR_MS);
      const counted = stored.length > recent.length ? stored : recent;
      if (counted.length >= this.#perHour) {
        const waitMinutes = Math.ceil((HOUR_MS - (now - (counted[0] ?? now))) / 60_000);
        throw new ProtocolError(
          'unavailable',
          `at most ${this.#perHour} checks an hour: try again in ${waitMinutes} min`,
        );
      }
      this.#started.set(classId, [...recent, now]);
    } catch (error) {
      release();
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
