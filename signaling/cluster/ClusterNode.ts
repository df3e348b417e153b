import type { Redis } from 'ioredis';
import { TypedEmitter, type WorkerPool } from '../../sfu';
import type { NodeAddress } from '../protocol';
import type { SessionRegistry } from '../SessionRegistry';
import { LessonPlacement, NodeNotAnnouncedError, type Placement } from './LessonPlacement';
import { NodeDirectory, type NodeAnnouncement } from './NodeDirectory';
import { whenReady } from './redis';
import { WorkerCpu } from './workerCpu';

/**
 * A node's presence lasts three heartbeats: two can be missed (a GC pause, a loaded host)
 * without its lessons moving, and a dead node's lessons are free within 3 s of its last
 * beat; with the clients' reconnection (about 1 s) and a fresh join (1-2 s) that keeps a
 * node's death under the 10 s a lesson can bear (issue 12).
 */
export const NODE_TTL_HEARTBEATS = 3;

/**
 * How long a join waits for Redis while ioredis reconnects before being refused
 * (`unavailable`): a blip of a second (a restart, a failover) refuses nobody.
 */
const REDIS_READY_WAIT_MS = 1_000;

export interface ClusterNodeOptions {
  redis: Redis;
  self: NodeAddress;
  mediaAddress: string;
  heartbeatMs: number;
  pool: WorkerPool;
  registry: SessionRegistry;
}

export type ClusterNodeEvents = {
  /** A heartbeat failed (Redis unreachable); the next one tries again. */
  heartbeatFailed: [error: unknown, failedBeats: number];
  /** A heartbeat went through again after `failedBeats` failed ones (Redis is back). */
  heartbeatRestored: [failedBeats: number];
  /** Another node holds a lesson this node still runs (this one paused past its TTL). */
  lessonLost: [sessionId: string];
};

type ClusterNodeState = 'announcing' | 'running' | 'stopped';

/**
 * This server as one node of several: it announces itself and renews the lessons it runs at
 * every heartbeat, answers where a lesson's joins go, and withdraws when it stops. It owns
 * its heartbeat: `start` and `stop` are its only transitions.
 */
export class ClusterNode extends TypedEmitter<ClusterNodeEvents> {
  readonly directory: NodeDirectory;
  readonly placement: LessonPlacement;
  readonly #options: ClusterNodeOptions;
  readonly #cpu: WorkerCpu;
  #state: ClusterNodeState = 'announcing';
  #timer: NodeJS.Timeout | undefined;
  /** The beat under way, if any: one at a time, however slow Redis is to answer. */
  #beating: Promise<void> | undefined;
  #failedBeats = 0;

  constructor(options: ClusterNodeOptions) {
    super();
    this.#options = options;
    const ttlMs = options.heartbeatMs * NODE_TTL_HEARTBEATS;
    this.directory = new NodeDirectory(options.redis, ttlMs);
    this.placement = new LessonPlacement(options.redis, this.directory, options.self, ttlMs);
    this.#cpu = new WorkerCpu(options.pool);
    options.registry.on('sessionClosed', (sessionId) => {
      if (this.#state === 'running') void this.placement.release(sessionId).catch(() => undefined);
    });
  }

  get id(): string {
    return this.#options.self.id;
  }

  /** Announces the node (awaited: a node Redis does not know cannot place lessons), then beats. */
  async start(): Promise<void> {
    await this.#beatOnce();
    this.#state = 'running';
    this.#timer = setInterval(() => void this.#tick(), this.#options.heartbeatMs);
    this.#timer.unref();
  }

  /**
   * Where `sessionId`'s joins go. Redis may have come back empty from an outage (restarted
   * without persistence): this node is then announced at once, not at its next beat.
   */
  async place(sessionId: string): Promise<Placement> {
    await whenReady(this.#options.redis, REDIS_READY_WAIT_MS);
    try {
      return await this.placement.place(sessionId);
    } catch (error) {
      if (!(error instanceof NodeNotAnnouncedError) || this.#state !== 'running') throw error;
      await this.#beatOnce();
      return this.placement.place(sessionId);
    }
  }

  /** A clean stop: the node and its lessons leave Redis now, not after the TTL. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    clearInterval(this.#timer);
    await this.#beating?.catch(() => undefined);
    const lessons = this.#options.registry.ids();
    await Promise.allSettled(lessons.map((id) => this.placement.release(id)));
    await this.directory.withdraw(this.id).catch(() => undefined);
  }

  async #tick(): Promise<void> {
    try {
      await this.#beatOnce();
    } catch (error) {
      this.safeEmit('heartbeatFailed', error, ++this.#failedBeats);
      return;
    }
    if (this.#failedBeats === 0) return;
    this.safeEmit('heartbeatRestored', this.#failedBeats);
    this.#failedBeats = 0;
  }

  #beatOnce(): Promise<void> {
    this.#beating ??= this.#beat().finally(() => (this.#beating = undefined));
    return this.#beating;
  }

  async #beat(): Promise<void> {
    await this.directory.announce(await this.#announcement());
    const lost = await this.placement.renew(this.#options.registry.ids());
    for (const sessionId of lost) this.safeEmit('lessonLost', sessionId);
  }

  async #announcement(): Promise<NodeAnnouncement> {
    const { self, mediaAddress, pool, registry } = this.#options;
    const byRole = await registry.participantsByRole();
    let participants = 0;
    for (const count of byRole.values()) participants += count;
    return {
      ...self,
      mediaAddress,
      workerCpuPercent: await this.#cpu.sample(),
      participants,
      workers: Math.max(1, pool.size),
    };
  }
}
