import type { types } from 'mediasoup';
import { MEDIA_CODECS } from './codecs';
import type { PooledWorker, WorkerPool } from './WorkerPool';

/** One of a room's routers, on its own worker, and how many of the room's peers it carries. */
export interface RoomRouter {
  readonly worker: PooledWorker;
  readonly router: types.Router;
  peers: number;
}

/**
 * The routers of one room. A lesson starts on one router (its `home`); when more peers join
 * than one router should carry (`WorkerPool.peersPerRouter`, a school assembly), the next peers
 * are placed on a router of another worker, and a producer is piped (`pipeToRouter`) to each
 * router that has a consumer of it, once. The clients never know: each transport lives on its
 * peer's router, and a piped producer keeps its id on every router.
 */
export class RouterGroup {
  readonly #pool: WorkerPool;
  readonly #routers: RoomRouter[];
  readonly #placements = new Map<string, Promise<RoomRouter>>();
  readonly #pipes = new Map<string, Promise<void>>();
  /** Each producer's own router: the one it is piped from. */
  readonly #origins = new Map<string, RoomRouter>();
  /** The worker under one of the routers died: the room must be rebuilt. Set by the room. */
  onWorkerClosed: () => void = () => undefined;
  /** Placements run one at a time, so two joins never open two new routers for one slot. */
  #placing: Promise<unknown> = Promise.resolve();

  private constructor(pool: WorkerPool, home: RoomRouter) {
    this.#pool = pool;
    this.#routers = [home];
    home.router.on('workerclose', () => this.onWorkerClosed());
  }

  static async create(pool: WorkerPool, avoidWorker?: number): Promise<RouterGroup> {
    const worker = pool.pick(avoidWorker);
    return new RouterGroup(pool, { worker, router: await openRouter(pool, worker), peers: 0 });
  }

  get home(): RoomRouter {
    return this.#routers[0]!;
  }

  routers(): readonly RoomRouter[] {
    return this.#routers;
  }

  /** The peer's router, chosen on its first call: the home router until it is full. */
  place(peerId: string): Promise<RoomRouter> {
    let placement = this.#placements.get(peerId);
    if (!placement) {
      placement = this.#placing.then(() => this.#choose());
      this.#placing = placement.catch(() => undefined);
      this.#placements.set(peerId, placement);
      placement.catch(() => this.#placements.delete(peerId));
    }
    return placement;
  }

  release(peerId: string): void {
    const placement = this.#placements.get(peerId);
    this.#placements.delete(peerId);
    void placement?.then(
      (room) => room.peers--,
      () => undefined,
    );
  }

  /** Records where a new producer lives, until it closes. */
  addProducer(producer: types.Producer, room: RoomRouter): void {
    this.#origins.set(producer.id, room);
    producer.observer.once('close', () => this.#origins.delete(producer.id));
  }

  /** Makes `producerId` consumable on `to`: piped from its own router once per router. */
  pipe(producerId: string, to: RoomRouter): Promise<void> {
    const from = this.#origins.get(producerId);
    if (!from || from === to) return Promise.resolve();
    const key = `${producerId}>${to.router.id}`;
    let piped = this.#pipes.get(key);
    if (!piped) {
      piped = from.router
        .pipeToRouter({ producerId, router: to.router })
        .then(({ pipeProducer }) => {
          pipeProducer?.observer.once('close', () => this.#pipes.delete(key));
        });
      this.#pipes.set(key, piped);
      piped.catch(() => this.#pipes.delete(key));
    }
    return piped;
  }

  close(): void {
    for (const { router } of this.#routers) router.close();
  }

  async #choose(): Promise<RoomRouter> {
    const room = await this.#leastLoaded();
    room.peers++;
    return room;
  }

  async #leastLoaded(): Promise<RoomRouter> {
    const limit = this.#pool.peersPerRouter;
    const open = this.#routers.filter((room) => room.peers < limit);
    if (open.length > 0)
      return open.reduce((best, room) => (room.peers < best.peers ? room : best));
    const worker = this.#pool.spare(new Set(this.#routers.map((room) => room.worker.index)));
    if (!worker)
      return this.#routers.reduce((best, room) => (room.peers < best.peers ? room : best));
    const room: RoomRouter = { worker, router: await openRouter(this.#pool, worker), peers: 0 };
    room.router.on('workerclose', () => this.onWorkerClosed());
    this.#routers.push(room);
    return room;
  }
}

async function openRouter(pool: WorkerPool, worker: PooledWorker): Promise<types.Router> {
  const router = await worker.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  pool.trackRouter(worker, router);
  return router;
}
