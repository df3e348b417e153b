import { Redis } from 'ioredis';

/** Longest wait for one command: past it the join is refused (`unavailable`) instead of hanging. */
const COMMAND_TIMEOUT_MS = 2_000;

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
