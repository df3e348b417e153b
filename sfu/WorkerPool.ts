import { cpus } from 'node:os';
import type { types } from 'mediasoup';
import { loadMediasoup } from './loadMediasoup';
import { TypedEmitter } from './TypedEmitter';

export interface ListenAddress {
  /** Address the worker binds, e.g. 0.0.0.0 or 127.0.0.1. */
  ip: string;
  /** Address announced in ICE candidates when behind NAT. */
  announcedIp?: string;
}

export interface WorkerPoolOptions {
  /** Default: one worker per core. */
  numWorkers?: number;
  listen: ListenAddress;
  /**
   * First WebRtcServer port; worker i listens on port + i (UDP and TCP).
   * Leave unset to let each worker pick a free port in its RTC range.
   */
  webRtcServerPort?: number;
  rtcMinPort?: number;
  rtcMaxPort?: number;
  logLevel?: types.WorkerLogLevel;
  /**
   * How many peers of one room a router carries before the room spreads to another worker
   * (`RouterGroup`). Default 16: a lesson (a tutor, a few classes, inspectors) stays on one.
   */
  peersPerRouter?: number;
  /**
   * How often each room's ActiveSpeakerObserver decides who speaks, in ms; 0: no observer
   * (no `activeSpeakerChanged`). Default 300 (bench:media measures what it costs).
   */
  activeSpeakerIntervalMs?: number;
}

export const DEFAULT_PEERS_PER_ROUTER = 16;
export const DEFAULT_ACTIVE_SPEAKER_INTERVAL_MS = 300;

export interface PooledWorker {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
}

export type WorkerPoolEvents = {
  /** A worker died; the pool has started its replacement. */
  workerDied: [index: number, error: Error];
  workerReplaced: [index: number];
};

/**
 * Owns the mediasoup workers, one WebRtcServer each. Hands out the least
 * loaded worker for new rooms and replaces any worker that dies.
 */
export class WorkerPool extends TypedEmitter<WorkerPoolEvents> {
  readonly #options: WorkerPoolOptions;
  readonly #workers = new Map<number, PooledWorker>();
  readonly #routerCount = new Map<number, number>();
  #closed = false;

  private constructor(options: WorkerPoolOptions) {
    super();
    this.#options = options;
  }

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    const count = options.numWorkers ?? cpus().length;
    await Promise.all(Array.from({ length: count }, (_, i) => pool.#spawn(i)));
    return pool;
  }

  get size(): number {
    return this.#workers.size;
  }

  get peersPerRouter(): number {
    return this.#options.peersPerRouter ?? DEFAULT_PEERS_PER_ROUTER;
  }

  get activeSpeakerIntervalMs(): number {
    return this.#options.activeSpeakerIntervalMs ?? DEFAULT_ACTIVE_SPEAKER_INTERVAL_MS;
  }

  workers(): PooledWorker[] {
    return [...this.#workers.values()];
  }

  /** The live worker carrying the fewest routers; `exclude` avoids a given one. */
  pick(exclude?: number): PooledWorker {
    const best =
      this.spare(new Set(exclude === undefined ? [] : [exclude])) ?? this.spare(new Set());
    if (!best) throw new Error('no live mediasoup worker');
    return best;
  }

  /** The least loaded live worker not in `used`, if any: where a growing room spreads to. */
  spare(used: ReadonlySet<number>): PooledWorker | undefined {
    let best: PooledWorker | undefined;
    for (const pooled of this.#workers.values()) {
      if (pooled.worker.closed || used.has(pooled.index)) continue;
      if (!best || this.#load(pooled) < this.#load(best)) best = pooled;
    }
    return best;
  }

  /** Called by rooms so `pick` can balance them. */
  trackRouter(pooled: PooledWorker, router: types.Router): void {
    this.#routerCount.set(pooled.index, this.#load(pooled) + 1);
    router.observer.once('close', () => {
      this.#routerCount.set(pooled.index, Math.max(0, this.#load(pooled) - 1));
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const exits = this.workers().map((pooled) => waitForExit(pooled.worker));
    for (const pooled of this.#workers.values()) pooled.worker.close();
    this.#workers.clear();
    await Promise.all(exits);
    this.removeAllListeners();
  }

  #load(pooled: PooledWorker): number {
    return this.#routerCount.get(pooled.index) ?? 0;
  }

  async #spawn(index: number): Promise<void> {
    const mediasoup = await loadMediasoup();
    const { listen, webRtcServerPort } = this.#options;
    const worker = await mediasoup.createWorker({
      logLevel: this.#options.logLevel ?? 'warn',
      rtcMinPort: this.#options.rtcMinPort ?? 40000,
      rtcMaxPort: this.#options.rtcMaxPort ?? 49999,
    });
    const port = webRtcServerPort === undefined ? undefined : webRtcServerPort + index;
    const webRtcServer = await worker.createWebRtcServer({
      listenInfos: (['udp', 'tcp'] as const).map((protocol) => ({ protocol, ...listen, port })),
    });
    worker.on('died', (error) => this.#handleWorkerDied(index, error));
    this.#workers.set(index, { index, worker, webRtcServer });
    this.#routerCount.set(index, 0);
  }

  #handleWorkerDied(index: number, error: Error): void {
    this.#workers.delete(index);
    this.#routerCount.delete(index);
    this.safeEmit('workerDied', index, error);
    if (this.#closed) return;
    this.#spawn(index).then(
      () => this.safeEmit('workerReplaced', index),
      (spawnError: unknown) =>
        console.error(`could not replace mediasoup worker ${index}`, spawnError),
    );
  }
}

function waitForExit(worker: types.Worker): Promise<void> {
  if (worker.closed) return Promise.resolve();
  return new Promise((resolve) => worker.observer.once('close', () => resolve()));
}
