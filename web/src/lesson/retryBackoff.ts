/** Pause before a fresh connection when a join request was lost (no tight loop on a bad line). */
export const JOIN_RETRY_DELAY_MS = 1_000;
/** Pause before going back to the entry address when two nodes each sent us to the other. */
export const MOVED_LOOP_DELAY_MS = 2_000;

/**
 * How long a page waits before asking again a server that said `unavailable` (its lesson full
 * for this role, its Redis briefly down, requests too fast): 2 s doubling to 15 s, so a
 * whiteboard left alone gets in by itself once there is room, without hammering the server.
 * Back to 2 s once a join went through.
 */
export class RetryBackoff {
  #nextMs: number;

  constructor(
    readonly firstMs = 2_000,
    readonly maxMs = 15_000,
  ) {
    this.#nextMs = firstMs;
  }

  next(): number {
    const delayMs = this.#nextMs;
    this.#nextMs = Math.min(this.#nextMs * 2, this.maxMs);
    return delayMs;
  }

  reset(): void {
    this.#nextMs = this.firstMs;
  }
}
