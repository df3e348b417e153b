import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { afterEach, beforeEach } from 'vitest';
import { WorkerPool } from '../../sfu';
import { LessonSession } from '../../signaling';
import type { LessonSessionOptions } from '../../signaling/LessonSession';

export interface ObservedLesson {
  readonly session: LessonSession;
  /** Every consumer the worker made during the test, by id: mediasoup's own objects. */
  readonly consumers: Map<string, types.Consumer>;
  /** Every producer, likewise. */
  readonly producers: Map<string, types.Producer>;
}

/**
 * Registers hooks giving each test a lesson on a fresh one-worker pool, and mediasoup's own
 * Consumer objects seen through its observer: what the worker acknowledged is the oracle.
 */
export function useObservedLesson(
  id: string,
  options: Omit<LessonSessionOptions, 'id' | 'pool'> = {},
): ObservedLesson {
  let pool: WorkerPool;
  let session: LessonSession | undefined;
  const consumers = new Map<string, types.Consumer>();
  const producers = new Map<string, types.Producer>();
  const onWorker = (worker: types.Worker) =>
    worker.observer.on('newrouter', (router) =>
      router.observer.on('newtransport', (transport) => {
        transport.observer.on('newproducer', (producer) => producers.set(producer.id, producer));
        transport.observer.on('newconsumer', (consumer) => consumers.set(consumer.id, consumer));
      }),
    );
  beforeEach(async () => {
    consumers.clear();
    producers.clear();
    mediasoup.observer.on('newworker', onWorker);
    pool = await WorkerPool.create({ numWorkers: 1, listen: { ip: '127.0.0.1' } });
    session = await LessonSession.create({ ...options, id, pool });
  });
  afterEach(async () => {
    mediasoup.observer.off('newworker', onWorker);
    session?.close();
    await pool.close();
  });
  return {
    get session() {
      if (!session) throw new Error('the lesson exists only inside a test');
      return session;
    },
    consumers,
    producers,
  };
}
