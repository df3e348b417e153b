import type { Redis } from 'ioredis';
import { TypedEmitter, type WorkerPool } from '../../sfu';
import type { NodeAddress } from '../protocol';
import type { SessionRegistry } from '../SessionRegistry';
import { LessonPlacement, type Placement } from './LessonPlacement';
import { NodeDirectory, type NodeAnnouncement } from './NodeDirectory';
import { WorkerCpu } from './workerCpu';

/**
 * A node's presence lasts three heartbeats: two can be missed (a GC pause, a loaded host)
 * without its lessons moving, and a dead node's lessons are free within 3 s of its last
 * beat; with the clients' reconnection (about 1 s) and a fresh join (1-2 s) that keeps a
 * node's death under the 10 s a lesson can bear (issue 12).
 */
export const NODE_TTL_HEARTBEATS = 3;

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
  heartbeatFailed: [error: unknown];
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
  #beating: Promise<void> = Promise.resolve();

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
    await this.#beat();
    this.#state = 'running';
    this.#timer = setInterval(() => {
      this.#beating = this.#beat().catch((error: unknown) => {
        this.safeEmit('heartbeatFailed', error);
      });
    }, this.#options.heartbeatMs);
    this.#timer.unref();
  }

  place(sessionId: string): Promise<Placement> {
    return this.placement.place(sessionId);
  }

  /** A clean stop: the node and its lessons leave Redis now, not after the TTL. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    clearInterval(this.#timer);
    await this.#beating;
    const lessons = this.#options.registry.ids();
    await Promise.allSettled(lessons.map((id) => this.placement.release(id)));
    await this.directory.withdraw(this.id).catch(() => undefined);
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
