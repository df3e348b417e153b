import type { Redis } from 'ioredis';
import type { WorkerPool } from '../../sfu';
import type { ServerConfig } from '../config';
import type { Logger } from '../logger';
import type { SessionRegistry } from '../SessionRegistry';
import { ClusterNode } from './ClusterNode';
import { connectRedis } from './redis';

/**
 * socket.io's liveness ping in a cluster: a node that dies without closing its connections
 * (power cut, network partition) is noticed by its clients within 2 + 3 s instead of
 * socket.io's 25 + 20 s, so they go back to the entry address in time (costs one tiny
 * frame every 2 s per connection).
 */
export const CLUSTER_SOCKET_PING = { pingInterval: 2_000, pingTimeout: 3_000 } as const;

export interface ClusterMembership {
  node: ClusterNode;
  redis: Redis;
  /** Withdraws the node (its lessons are placed afresh at their next join) and disconnects. */
  leave(): Promise<void>;
}

/** Joins the cluster named by REDIS_URL: connects, announces this node, starts its heartbeat. */
export async function joinCluster(
  config: ServerConfig,
  parts: {
    pool: WorkerPool;
    registry: SessionRegistry;
    logger: Logger;
    /** Sends the lesson's connections back to the entry, hence to its owner (socket layer). */
    onLessonLost?: (sessionId: string) => void;
  },
): Promise<ClusterMembership | undefined> {
  if (config.REDIS_URL === undefined || config.NODE_ID === undefined) return undefined;
  const redis = await connectRedis(config.REDIS_URL);
  const log = parts.logger.child({ node: config.NODE_ID });
  const node = new ClusterNode({
    redis,
    self: { id: config.NODE_ID, url: config.NODE_PUBLIC_URL },
    mediaAddress: config.RTC_ANNOUNCED_IP ?? config.RTC_LISTEN_IP,
    heartbeatMs: config.CLUSTER_HEARTBEAT_MS,
    pool: parts.pool,
    registry: parts.registry,
  });
  // An outage is told once when it starts and once when it ends, not at every beat.
  node.on('heartbeatFailed', (error, failedBeats) => {
    if (failedBeats === 1) log.warn({ err: error }, 'cluster heartbeat failed: Redis unreachable');
    else log.debug({ err: error, failedBeats }, 'cluster heartbeat failed again');
  });
  node.on('heartbeatRestored', (failedBeats) =>
    log.info({ failedBeats }, 'cluster heartbeat restored: Redis reachable again'),
  );
  const lost = new Set<string>();
  parts.registry.on('sessionClosed', (sessionId) => lost.delete(sessionId));
  node.on('lessonLost', (sessionId) => {
    if (lost.has(sessionId)) return;
    lost.add(sessionId);
    log.error({ sessionId }, 'another node took a lesson still running here (heartbeat lapsed)');
    parts.onLessonLost?.(sessionId);
  });
  await node.start().catch((error: unknown) => {
    redis.disconnect();
    throw error;
  });
  log.info({ heartbeatMs: config.CLUSTER_HEARTBEAT_MS }, 'joined the cluster');
  return {
    node,
    redis,
    async leave() {
      await node.stop();
      redis.disconnect();
    },
  };
}
