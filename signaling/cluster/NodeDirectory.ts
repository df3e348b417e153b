import type { Redis } from 'ioredis';
import { z } from 'zod';
import { nodeAddressSchema } from '../protocol';
import { clusterKeys } from './keys';
import { execAll } from './redis';

/** What a node announces at every heartbeat; read back by every other node. */
export const nodeAnnouncementSchema = nodeAddressSchema.extend({
  /** The address browsers send media to (RTC_ANNOUNCED_IP or the listen address). */
  mediaAddress: z.string(),
  /** Mean CPU of its mediasoup workers over the last heartbeat, in percent of one core. */
  workerCpuPercent: z.number().min(0),
  participants: z.number().int().min(0),
  workers: z.number().int().min(1),
});
export type NodeAnnouncement = z.infer<typeof nodeAnnouncementSchema>;

/**
 * How loaded a node is, to place a new lesson: its workers' CPU first (what runs out), then
 * its participants per worker (what will load them once their cameras are on), so a lesson
 * goes to a node whose lessons have just started rather than to one merely quiet right now.
 */
export function nodeLoad(node: NodeAnnouncement): number {
  return node.workerCpuPercent + (10 * node.participants) / node.workers;
}

/** The live nodes: each announcement is a key that expires unless its node renews it. */
export class NodeDirectory {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
  ) {}

  /** One heartbeat's announcement: the node's key renewed, its id in the set of nodes. */
  async announce(node: NodeAnnouncement): Promise<void> {
    await execAll(
      this.redis
        .pipeline()
        .set(clusterKeys.node(node.id), JSON.stringify(node), 'PX', this.ttlMs)
        .sadd(clusterKeys.nodes, node.id),
    );
  }

  /** A clean stop: the node leaves at once instead of after its TTL. */
  async withdraw(nodeId: string): Promise<void> {
    await execAll(
      this.redis.pipeline().del(clusterKeys.node(nodeId)).srem(clusterKeys.nodes, nodeId),
    );
  }

  async get(nodeId: string): Promise<NodeAnnouncement | undefined> {
    return parseAnnouncement(await this.redis.get(clusterKeys.node(nodeId)));
  }

  /** Every node still heartbeating; the ids of expired ones are dropped from the set. */
  async live(): Promise<NodeAnnouncement[]> {
    const ids = await this.redis.smembers(clusterKeys.nodes);
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => clusterKeys.node(id)));
    const gone = ids.filter((_id, index) => values[index] === null);
    if (gone.length > 0) await this.redis.srem(clusterKeys.nodes, ...gone);
    return values.flatMap((value) => parseAnnouncement(value) ?? []);
  }

  /** The least loaded live node (ties: the smallest id, so every node picks the same). */
  async leastLoaded(): Promise<NodeAnnouncement | undefined> {
    const nodes = await this.live();
    nodes.sort((a, b) => nodeLoad(a) - nodeLoad(b) || a.id.localeCompare(b.id));
    return nodes[0];
  }
}

/** Redis is another process's word: parsed like any payload, a bad entry counts as absent. */
function parseAnnouncement(value: string | null): NodeAnnouncement | undefined {
  if (value === null) return undefined;
  try {
    const parsed = nodeAnnouncementSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
