import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaRoom, MediaRoomError, WorkerPool, createRoomWhenAvailable } from '../../sfu';
import { opusParameters, vp8SimulcastParameters } from '../helpers/rtp';

interface RouterDump {
  transportIds: string[];
  mapProducerIdConsumerIds: Record<string, string[]>;
}

async function reasonOf(operation: Promise<unknown>): Promise<string> {
  try {
    await operation;
    return 'ok';
  } catch (error) {
    if (error instanceof MediaRoomError) return error.reason;
    throw error;
  }
}

describe('MediaRoom keeps each peer within the limits its owner passed (real worker)', () => {
  let pool: WorkerPool;
  let room: MediaRoom;

  beforeEach(async () => {
    pool = await WorkerPool.create({ numWorkers: 1, listen: { ip: '127.0.0.1' } });
    room = await MediaRoom.create({ pool });
  });
  afterEach(async () => {
    room.close();
    await pool.close();
  });

  it('gives a receive-only peer one transport and refuses the rest (limit)', async () => {
    room.addPeer('inspector', room.rtpCapabilities, { transports: 1, producers: 0, consumers: 10 });
    expect(await reasonOf(room.createTransport('inspector', 'recv'))).toBe('ok');
    expect(await reasonOf(room.createTransport('inspector', 'recv'))).toBe('limit');
    expect(await reasonOf(room.createTransport('inspector', 'send'))).toBe('limit');
    expect(((await room.dump()) as RouterDump).transportIds).toHaveLength(1);
  });

  it('refuses producers beyond the limit and a second consumer of one producer (limit)', async () => {
    room.addPeer('classroom', room.rtpCapabilities, { transports: 2, producers: 1, consumers: 5 });
    room.addPeer('tutor', room.rtpCapabilities, { transports: 2, producers: 3, consumers: 5 });
    const send = await room.createTransport('classroom', 'send');
    const camera = await room.produce('classroom', {
      transportId: send.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8SimulcastParameters(1000),
    });
    const microphone = {
      transportId: send.id,
      kind: 'audio' as const,
      source: 'microphone',
      rtpParameters: opusParameters(2000),
    };
    expect(await reasonOf(room.produce('classroom', microphone))).toBe('limit');
    const recv = await room.createTransport('tutor', 'recv');
    expect(await reasonOf(room.consume('tutor', recv.id, camera.producerId))).toBe('ok');
    expect(await reasonOf(room.consume('tutor', recv.id, camera.producerId))).toBe('limit');
    const dump = (await room.dump()) as RouterDump;
    expect(dump.mapProducerIdConsumerIds[camera.producerId]).toHaveLength(1);
  });

  it('creates a room once a worker is back when every worker is dead', async () => {
    const [only] = pool.workers();
    const died = pool.next('workerDied');
    process.kill(only!.worker.pid, 'SIGKILL');
    await died;
    expect(() => pool.pick()).toThrow('no live mediasoup worker');
    const failures: number[] = [];
    const rebuilt = await createRoomWhenAvailable({
      pool,
      onAttemptFailed: (_error, attempt) => failures.push(attempt),
    });
    expect(failures.length).toBeGreaterThan(0);
    expect(((await rebuilt.dump()) as RouterDump).transportIds).toEqual([]);
    rebuilt.close();
  });
});
