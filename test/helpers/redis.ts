import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startLocalRedis, type LocalRedis } from '../../scripts/local-redis';

export { startLocalRedis, type LocalRedis };

/** A plain connection to the test's Redis, closed by the caller. */
export function redisClient(server: LocalRedis): Redis {
  return new Redis(server.url, { maxRetriesPerRequest: 1 });
}

/** Polls `condition` until true (no fixed sleep); fails with `what` past the deadline. */
export async function waitUntil(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Redis's own count of the commands it ran, by name (`INFO commandstats`). */
export async function commandCounts(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const counts = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm))
    counts.set(match[1]!, Number(match[2]));
  return counts;
}

/** The commands run between two `commandCounts`, the INFO calls themselves left out. */
export function commandsBetween(
  before: Map<string, number>,
  after: Map<string, number>,
): Record<string, number> {
  const spent: Record<string, number> = {};
  for (const [name, calls] of after) {
    const delta = calls - (before.get(name) ?? 0) - (name === 'info' ? 1 : 0);
    if (delta > 0) spent[name] = delta;
  }
  return spent;
}

/**
 * A test file's Redis seen by two nodes: one redis-server for the file, and before each test
 * two fresh connections to it (`a`, `b`) on an emptied database, closed after the test.
 */
export function twoNodesOnOneRedis(): { readonly a: Redis; readonly b: Redis } {
  let server: LocalRedis;
  const nodes = {} as { a: Redis; b: Redis };
  beforeAll(async () => {
    server = await startLocalRedis();
  });
  afterAll(() => server.stop());
  beforeEach(async () => {
    nodes.a = redisClient(server);
    nodes.b = redisClient(server);
    await nodes.a.flushall();
  });
  afterEach(() => {
    nodes.a.disconnect();
    nodes.b.disconnect();
  });
  return nodes;
}
