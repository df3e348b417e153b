import { ProtocolError } from '../protocol';

/** A whiteboard re-checks before each lesson and someone may retry by hand: a few an hour. */
export const CHECKS_PER_HOUR = 6;
const HOUR_MS = 60 * 60_000;

/**
 * One check at a time per classroom (two would measure each other on the school's line), and
 * a small budget of checks per whiteboard per hour (a check moves real media through the server).
 */
export class CheckGate {
  readonly #running = new Set<string>();
  readonly #started = new Map<string, number[]>();
  readonly #now: () => number;
  readonly #perHour: number;

  constructor(options: { now?: () => number; checksPerHour?: number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#perHour = options.checksPerHour ?? CHECKS_PER_HOUR;
  }

  /** Admits one check for `classId`; the answer releases it. Refusals are clear errors. */
  begin(classId: string): () => void {
    if (this.#running.has(classId))
      throw new ProtocolError('conflict', 'a check is already running for this classroom');
    const now = this.#now();
    const recent = (this.#started.get(classId) ?? []).filter((at) => now - at < HOUR_MS);
    if (recent.length >= this.#perHour) {
      const waitMinutes = Math.ceil((HOUR_MS - (now - (recent[0] ?? now))) / 60_000);
      throw new ProtocolError(
        'unavailable',
        `at most ${this.#perHour} checks an hour: try again in ${waitMinutes} min`,
      );
    }
    this.#started.set(classId, [...recent, now]);
    this.#running.add(classId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running.delete(classId);
    };
  }
}
