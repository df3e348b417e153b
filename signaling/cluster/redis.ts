import { Redis, type ChainableCommander } from 'ioredis';
import { eventOrDelay } from '../../sfu';

/** Longest wait for one command: past it the join is refused (`unavailable`) instead of hanging. */
const COMMAND_TIMEOUT_MS = 2_000;

/**
 * ioredis's own reconnection waits up to 2 s between attempts; capped at 500 ms here, a node
 * is back within half a second of Redis, at the cost of two connection attempts a second
 * per node while Redis is down.
 */
const RECONNECT_MAX_MS = 500;

/**
 * A Redis connection that has answered a PING. A node that cannot reach Redis at start stops
 * with a clear error; later outages make each Redis call fail within COMMAND_TIMEOUT_MS
 * (ioredis reconnects by itself meanwhile), which the callers turn into `unavailable`.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    // A dead Redis must not queue a lesson's joins for minutes.
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 50, RECONNECT_MAX_MS),
  });
  // ioredis reports connection trouble as 'error' events; the commands' failures say it too.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis at ${new URL(url).host} did not answer: ${String(error)}`, {
      cause: error,
    });
  }
  return redis;
}

/**
 * Resolves once `redis` can take commands, or after `timeoutMs` (the caller's command then
 * fails at once, offline queue off): a join arriving while ioredis reconnects after a blip
 * waits that long instead of being refused.
 */
export async function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status !== 'ready') await eventOrDelay(redis, 'ready', timeoutMs);
}

/**
 * Runs a pipeline and answers its replies, or throws its first command's error: ioredis
 * resolves a pipeline whose commands all failed (Redis unreachable), which would pass an
 * outage off as a heartbeat that went through.
 */
export async function execAll(pipeline: ChainableCommander): Promise<unknown[]> {
  const replies = (await pipeline.exec()) ?? [];
  for (const [error] of replies) if (error) throw error;
  return replies.map(([, reply]) => reply);
}
