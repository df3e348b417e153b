/**
 * A token bucket per connection: a drawing classroom sends about 20 board
 * updates a second, so a sustained 50 requests a second with bursts of 200
 * is generous for any honest client and cuts off a runaway one before it
 * can load the media server for everyone else.
 */
export const REQUESTS_PER_SECOND = 50;
export const REQUEST_BURST = 200;

export class RequestBudget {
  #tokens = REQUEST_BURST;
  #updatedAt: number;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#updatedAt = now();
  }

  /** Spends one request; false when the connection is over its budget. */
  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(
      REQUEST_BURST,
      this.#tokens + ((now - this.#updatedAt) / 1000) * REQUESTS_PER_SECOND,
    );
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
