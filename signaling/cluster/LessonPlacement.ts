import type { Redis } from 'ioredis';
import type { NodeAddress } from '../protocol';
import { clusterKeys } from './keys';
import type { NodeDirectory } from './NodeDirectory';

/**
 * Claims a lesson for a node unless a live node holds it, in one atomic step, so two nodes
 * placing the same lesson at once agree on one owner. An owner whose own announcement has
 * expired no longer holds anything: its lessons go to the claimant at once, without waiting
 * for the lesson key's own TTL. KEYS[1]: the lesson; ARGV: candidate id, TTL in ms, the
 * node key prefix. Answers the owner's id, or false when the candidate is not live either.
 */
const CLAIM_SCRIPT = `
local owner = redis.call('GET', KEYS[1])
if owner and redis.call('EXISTS', ARGV[3] .. owner) == 1 then return owner end
if redis.call('EXISTS', ARGV[3] .. ARGV[1]) == 0 then return false end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
`;

/**
 * The owner's heartbeat: renews the lessons it holds, takes back those whose key lapsed (a
 * pause longer than the TTL that nobody used to move them), and names those another node
 * took meanwhile. KEYS: the lessons; ARGV: the node's id and the TTL in ms.
 */
const RENEW_SCRIPT = `
local lost = {}
for _, key in ipairs(KEYS) do
  local owner = redis.call('GET', key)
  if owner == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2])
  elseif not owner then redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
  else table.insert(lost, key) end
end
return lost
`;

/** Deletes a lesson's placement if (and only if) this node still holds it. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type PlacementRedis = Redis & {
  claimLesson(
    lessonKey: string,
    nodeId: string,
    ttlMs: number,
    prefix: string,
  ): Promise<string | null>;
  renewLessons(count: number, ...args: string[]): Promise<string[]>;
  releaseLesson(lessonKey: string, nodeId: string): Promise<number>;
};

/** This node's own announcement is missing (Redis lost it): nothing can be placed until it beats. */
export class NodeNotAnnouncedError extends Error {
  constructor() {
    super('this node is not announced in Redis: no lesson can be placed');
    this.name = 'NodeNotAnnouncedError';
  }
}

/** Where a join must go: here, or the node that holds its lesson. */
export type Placement = { kind: 'here' } | { kind: 'moved'; node: NodeAddress };

/** Lesson (session id) → node, in Redis, expiring with its owner's heartbeat. */
export class LessonPlacement {
  readonly #redis: PlacementRedis;

  constructor(
    redis: Redis,
    private readonly directory: NodeDirectory,
    private readonly self: NodeAddress,
    private readonly ttlMs: number,
  ) {
    redis.defineCommand('claimLesson', { numberOfKeys: 1, lua: CLAIM_SCRIPT });
    redis.defineCommand('renewLessons', { lua: RENEW_SCRIPT });
    redis.defineCommand('releaseLesson', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    this.#redis = redis as PlacementRedis;
  }

  /**
   * Where `sessionId`'s joins go. Its live owner if it has one; else the least loaded live
   * node claims it (this node if the others are gone, or if the chosen one died meanwhile).
   */
  async place(sessionId: string): Promise<Placement> {
    const key = clusterKeys.lesson(sessionId);
    const known = await this.#claim(key, this.self.id, false);
    if (known) return this.#answer(known);
    const candidate = await this.directory.leastLoaded();
    const owner =
      (candidate && (await this.#claim(key, candidate.id, true))) ??
      (await this.#claim(key, this.self.id, true));
    if (!owner) throw new NodeNotAnnouncedError();
    return this.#answer(owner);
  }

  /** The heartbeat's part: renews `sessionIds`; answers those another node holds now. */
  async renew(sessionIds: readonly string[]): Promise<string[]> {
    if (sessionIds.length === 0) return [];
    const keys = sessionIds.map((id) => clusterKeys.lesson(id));
    const lost = await this.#redis.renewLessons(
      keys.length,
      ...keys,
      this.self.id,
      String(this.ttlMs),
    );
    const lostKeys = new Set(lost);
    return sessionIds.filter((_id, index) => lostKeys.has(keys[index]!));
  }

  /** The lesson closed here (left empty): the next join places it afresh. */
  async release(sessionId: string): Promise<void> {
    await this.#redis.releaseLesson(clusterKeys.lesson(sessionId), this.self.id);
  }

  /**
   * One claim. `claim: false` only reads: a live owner, or nothing (the script's claim is
   * asked for an impossible candidate, an id no node can announce).
   */
  async #claim(key: string, nodeId: string, claim: boolean): Promise<string | null> {
    const candidate = claim ? nodeId : '';
    return this.#redis.claimLesson(key, candidate, this.ttlMs, clusterKeys.nodePrefix);
  }

  async #answer(ownerId: string): Promise<Placement> {
    if (ownerId === this.self.id) return { kind: 'here' };
    const owner = await this.directory.get(ownerId);
    // Between the claim and this read the owner may have expired: the next join re-places it.
    return { kind: 'moved', node: { id: ownerId, url: owner?.url } };
  }
}
