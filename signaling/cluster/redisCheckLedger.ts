import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CheckLedger } from '../probe';
import { clusterKeys } from './keys';
import { execAll } from './redis';

/** A running check's slot outlives its node by this at most (a check token lasts 10 min). */
const RUNNING_SLOT_TTL_MS = 10 * 60_000;
const HOUR_MS = 60 * 60_000;

/**
 * The readiness checks' ledger shared by every node: a classroom's running slot is a key
 * taken with SET NX (its value names the holder, so only it releases it), its starts of the
 * last hour a sorted set by time. The slot serialises a classroom's checks across nodes, so
 * reading the budget and recording a start need no transaction of their own.
 */
export function redisCheckLedger(redis: Redis): CheckLedger {
  const held = new Map<string, string>();
  return {
    async acquire(classId) {
      const holder = randomUUID();
      const key = clusterKeys.checkRunning(classId);
      const taken = await redis.set(key, holder, 'PX', RUNNING_SLOT_TTL_MS, 'NX');
      if (taken !== 'OK') return false;
      held.set(classId, holder);
      return true;
    },
    async release(classId) {
      const holder = held.get(classId);
      held.delete(classId);
      if (holder === undefined) return;
      const key = clusterKeys.checkRunning(classId);
      if ((await redis.get(key)) === holder) await redis.del(key);
    },
    async startedSince(classId, sinceMs) {
      const times = await redis.zrangebyscore(
        clusterKeys.checkStarted(classId),
        `(${sinceMs}`,
        '+inf',
      );
      return times.map((member) => parseInt(member, 10)).filter(Number.isFinite);
    },
    async recordStart(classId, atMs) {
      const key = clusterKeys.checkStarted(classId);
      await execAll(
        redis
          .pipeline()
          .zadd(key, atMs, `${atMs}-${randomUUID()}`) // two starts in one millisecond stay two
          .zremrangebyscore(key, '-inf', atMs - HOUR_MS)
          .pexpire(key, HOUR_MS),
      );
    },
  };
}
