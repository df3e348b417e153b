import { randomBytes } from 'node:crypto';

/** An unguessable id: 256 bits, base64url (cookies, fragments, JSON). */
export const randomId = (): string => randomBytes(32).toString('base64url');

/**
 * A bounded in-memory map whose entries end: sign-in flows (minutes), handoff codes
 * (seconds), CAS tickets already seen. `take` removes what it returns, which is what
 * makes a code or a flow single-use. Past `maxEntries` the oldest entries go first, so a
 * flood of abandoned sign-ins cannot grow the server's memory.
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, { value: V; endsAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  set(key: string, value: V): void {
    this.#sweep();
    this.#entries.delete(key);
    this.#entries.set(key, { value, endsAt: this.now() + this.ttlMs });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  has(key: string): boolean {
    return this.#live(key) !== undefined;
  }

  /** The value, removed: a second take of the same key finds nothing. */
  take(key: string): V | undefined {
    const value = this.#live(key);
    this.#entries.delete(key);
    return value;
  }

  #live(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry || entry.endsAt <= this.now()) return undefined;
    return entry.value;
  }

  /** Insertion order is expiry order (one TTL), so expired entries are at the front. */
  #sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.#entries) {
      if (entry.endsAt > now) break;
      this.#entries.delete(key);
    }
  }
}

/**
 * A fixed-window request budget per client address for the sign-in callbacks (each one
 * costs the ENT a back-channel request): `limit` per `windowMs`.
 */
export class RateLimiter {
  readonly #windows = new Map<string, { count: number; startedAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  allow(client: string): boolean {
    const now = this.now();
    if (this.#windows.size > 10_000) this.#forgetEnded(now);
    let window = this.#windows.get(client);
    if (!window || now - window.startedAt >= this.windowMs) {
      window = { count: 0, startedAt: now };
      this.#windows.set(client, window);
    }
    window.count += 1;
    return window.count <= this.limit;
  }

  #forgetEnded(now: number): void {
    for (const [client, window] of this.#windows)
      if (now - window.startedAt >= this.windowMs) this.#windows.delete(client);
  }
}
