import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../signaling';
import { Redis } from 'ioredis';
import { NodeDirectory, clusterKeys } from '../../../signaling/cluster';
import { freePort } from '../../../scripts/freePort';
import { redisClient, startLocalRedis, waitUntil, type LocalRedis } from '../../helpers/redis';
import { startTestServer, type TestServer } from '../../helpers/server';
import { connectClient, refusedConnection, type TestClient } from '../../helpers/socketClient';

let redis: LocalRedis | undefined;
let redisPort: number;
let node: TestServer;
const clients: TestClient[] = [];
/** The node's log, as JSON lines: an operator must see the outage start and end. */
const logLines: string[] = [];

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startLocalRedis({ port: redisPort });
  node = await startTestServer({
    logger: createLogger('info', { write: (line: string) => void logLines.push(line) }),
    env: {
      REDIS_URL: redis.url,
      NODE_ID: 'a',
      CLUSTER_HEARTBEAT_MS: '200',
      // Required with REDIS_URL; no store is used here (ad-hoc lessons).
      DATABASE_URL: 'postgres://unused.invalid/passerelle',
    },
  });
});
afterAll(async () => {
  for (const client of clients) client.close();
  await node?.close();
  await redis?.stop();
});

/** Joins as the page does after a refusal: again, until the deadline, while it says unavailable. */
async function joinRetrying(sessionId: string): Promise<{ client: TestClient; attempts: number }> {
  let client: TestClient | undefined;
  let attempts = 0;
  await waitUntil(async () => {
    attempts++;
    try {
      client = await connectClient(node, 'tutor', 'Emily', { sessionId });
    } catch (error) {
      const code = (error as { data?: { code?: string } }).data?.code;
      if (code !== 'unavailable') throw new Error(`refused with ${code}`, { cause: error });
    }
    return client !== undefined;
  }, `a join of ${sessionId} once Redis is back`);
  return { client: client!, attempts };
}

function logged(message: string): number {
  return logLines.filter((line) => line.includes(message)).length;
}

describe('a brief Redis outage', () => {
  it('refuses joins with unavailable meanwhile, and places lessons again once Redis is back', async () => {
    clients.push(await connectClient(node, 'tutor', 'Emily', { sessionId: 'before' }));
    await redis!.stop();
    redis = undefined;

    expect(await refusedConnection(node, { sessionId: 'during', role: 'tutor' })).toBe(
      'unavailable',
    );
    // The lesson that was running here goes on: its connections do not depend on Redis.
    const ack = await clients[0]!.request('getRouterRtpCapabilities', {});
    expect(ack.ok).toBe(true);

    // The same Redis address comes back, empty (as after a restart without persistence).
    redis = await startLocalRedis({ port: redisPort });
    const backAt = Date.now();
    const { client, attempts } = await joinRetrying('after');
    clients.push(client);
    console.log(
      `Redis back: a join placed after ${attempts} attempt(s), ${Date.now() - backAt} ms`,
    );
    const check = redisClient(redis);
    try {
      expect(await check.get(clusterKeys.lesson('after'))).toBe('a');
      // The heartbeat recovered by itself: the node is announced and holds its older lesson.
      await waitUntil(
        async () => (await check.get(clusterKeys.node('a'))) !== null,
        'the node to be announced again',
      );
      await waitUntil(
        async () => (await check.get(clusterKeys.lesson('before'))) === 'a',
        'the lesson that ran through the outage to be held by its node again',
      );
      expect(await check.smembers(clusterKeys.nodes)).toEqual(['a']);
      // Told once when the outage began and once when it ended, not at every beat.
      await waitUntil(() => logged('cluster heartbeat restored') === 1, 'the recovery logged');
      expect(logged('cluster heartbeat failed: Redis unreachable')).toBe(1);
    } finally {
      check.disconnect();
    }
  });

  it('fails a heartbeat while Redis is unreachable, instead of passing it off as announced', async () => {
    // As the node's own connection is while Redis is down: reconnecting, no offline queue.
    const unreachable = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => 50,
    });
    unreachable.on('error', () => undefined);
    try {
      await unreachable.connect().catch(() => undefined);
      const directory = new NodeDirectory(unreachable, 3_000);
      const node = {
        id: 'z',
        url: 'http://z.test',
        mediaAddress: '127.0.0.1',
        workerCpuPercent: 0,
        participants: 0,
        workers: 1,
      };
      await expect(directory.announce(node)).rejects.toThrow(/writeable|closed|connect/i);
    } finally {
      unreachable.disconnect();
    }
  });
});
