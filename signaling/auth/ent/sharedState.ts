import type { z } from 'zod';
import { ExpiringMap, RateLimiter } from './expiring';

/** Single-use entries that end: sign-in flows, handoff codes, CAS tickets seen. */
export interface SingleUseEntries<V> {
  set(key: string, value: V): Promise<void>;
  /** The value, removed: a second take of the same key finds nothing. */
  take(key: string): Promise<V | undefined>;
  /** Records `key`; false when it was already there (a replay). */
  claim(key: string): Promise<boolean>;
}

/** A per-client request budget (the sign-in callbacks). */
export interface CallbackBudget {
  allow(client: string): Promise<boolean>;
}

/**
 * Where the ENT sign-in keeps what lives between two requests. One process by default; in
 * Redis behind one public host name with several nodes (cluster/), where a sign-in started
 * on one node comes back to its callback on another. `schema` checks what is read back.
 */
export interface EntSharedState {
  entries<V>(space: string, ttlMs: number, schema: z.ZodType<V>): SingleUseEntries<V>;
  budget(name: string, limit: number, windowMs: number): CallbackBudget;
}

/** The state of one process: bounded in-memory maps (expiring.ts). */
export function memoryEntState(now: () => number = Date.now): EntSharedState {
  return {
    entries<V>(_space: string, ttlMs: number): SingleUseEntries<V> {
      const map = new ExpiringMap<V>(ttlMs, now);
      return {
        set: async (key, value) => map.set(key, value),
        take: async (key) => map.take(key),
        claim: async (key) => {
          if (map.has(key)) return false;
          map.set(key, true as V);
          return true;
        },
      };
    },
    budget(_name, limit, windowMs) {
      const limiter = new RateLimiter(limit, windowMs, now);
      return { allow: async (client) => limiter.allow(client) };
    },
  };
}
