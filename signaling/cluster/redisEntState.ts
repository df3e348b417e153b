import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { EntSharedState, SingleUseEntries } from '../auth/ent';
import { clusterKeys } from './keys';
import { execAll } from './redis';

/**
 * The ENT sign-in's state in Redis, so a sign-in started on one node finishes on another
 * behind one host name: entries are keys with their TTL, taken with GETDEL (single use even
 * when two nodes take at once), claimed with SET NX; a budget is a counter per client and
 * fixed window, INCR then PEXPIRE.
 */
export function redisEntState(redis: Redis, now: () => number = Date.now): EntSharedState {
  return {
    entries<V>(space: string, ttlMs: number, schema: z.ZodType<V>): SingleUseEntries<V> {
      const key = (name: string) => clusterKeys.entry(space, name);
      return {
        async set(name, value) {
          await redis.set(key(name), JSON.stringify(value), 'PX', ttlMs);
        },
        async take(name) {
          const raw = await redis.getdel(key(name));
          if (raw === null) return undefined;
          const parsed = schema.safeParse(parseJson(raw));
          return parsed.success ? parsed.data : undefined;
        },
        async claim(name) {
          return (await redis.set(key(name), '1', 'PX', ttlMs, 'NX')) === 'OK';
        },
      };
    },
    budget(name, limit, windowMs) {
      return {
        async allow(client) {
          const window = Math.floor(now() / windowMs);
          const key = clusterKeys.rate(name, client, window);
          const [count] = await execAll(redis.pipeline().incr(key).pexpire(key, windowMs));
          return Number(count) <= limit;
        },
      };
    },
  };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
