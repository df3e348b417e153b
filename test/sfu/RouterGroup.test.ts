import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaRoom, WorkerPool } from '../../sfu';
import { opusParameters, peerWithCamera } from '../helpers/rtp';

interface RouterDump {
  transportIds: string[];
  mapProducerIdConsumerIds: Record<string, string[]>;
  mapProducerIdObserverIds: Record<string, string[]>;
}

/**
 * A lesson larger than one router (a school assembly) spreads over the workers: each peer's
 * transports live on its router, and a producer is piped to the routers that consume it.
 * mediasoup's own router dumps are the oracle.
 */
describe('a room spread over two workers (pipeToRouter)', () => {
  let pool: WorkerPool;
  let room: MediaRoom;

  beforeEach(async () => {
    // One peer per router: the second peer already spreads the room.
    pool = await WorkerPool.create({
      numWorkers: 2,
      listen: { ip: '127.0.0.1' },
      peersPerRouter: 1,
    });
    room = await MediaRoom.create({ pool });
  });

  afterEach(async () => {
    room.close();
    await pool.close();
  });

  async function dumps(): Promise<RouterDump[]> {
    return (await room.dumps()) as RouterDump[];
  }

  async function sender(peerId: string, ssrc: number) {
    const { send, producer: camera } = await peerWithCamera(room, peerId, ssrc);
    const microphone = await room.produce(peerId, {
      transportId: send.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: opusParameters(ssrc + 100),
    });
    return { send, camera, microphone };
  }

  async function receiver(peerId: string) {
    room.addPeer(peerId, room.rtpCapabilities);
    return room.createTransport(peerId, 'recv');
  }

  it('keeps a small lesson on one router, and places the next peer on another worker', async () => {
    const bigPool = await WorkerPool.create({ numWorkers: 2, listen: { ip: '127.0.0.1' } });
    const lesson = await MediaRoom.create({ pool: bigPool });
    for (const peer of ['tutor', 'class-a', 'class-b', 'inspector']) {
      lesson.addPeer(peer, lesson.rtpCapabilities);
      await lesson.createTransport(peer, 'recv');
    }
    expect(lesson.workerIndices).toHaveLength(1);
    lesson.close();
    await bigPool.close();

    const { send } = await sender('tutor', 1000);
    const recv = await receiver('class-a');
    expect(new Set(room.workerIndices).size).toBe(2);
    const [home, second] = await dumps();
    expect(home!.transportIds).toContain(send.id);
    expect(second!.transportIds).toContain(recv.id);
  });

  it('lets a peer on one worker consume a producer on the other, piped once per router', async () => {
    const { camera, microphone } = await sender('tutor', 2000);
    const recvA = await receiver('class-a');
    const video = await room.consume('class-a', recvA.id, camera.producerId);
    const audio = await room.consume('class-a', recvA.id, microphone.producerId);
    const [home, second] = await dumps();
    // The consumers live on the receiver's router, fed by pipe producers of the same ids.
    expect(second!.mapProducerIdConsumerIds[camera.producerId]).toEqual([video.consumerId]);
    expect(second!.mapProducerIdConsumerIds[microphone.producerId]).toEqual([audio.consumerId]);
    // On the sender's router each producer has exactly one consumer: the pipe towards class-a.
    expect(home!.mapProducerIdConsumerIds[camera.producerId]).toHaveLength(1);
    expect(home!.transportIds.length).toBe(2); // the tutor's send transport and one pipe

    // A third peer lands on a router that already has the pipe: nothing is piped twice.
    const recvB = await receiver('class-b');
    await room.consume('class-b', recvB.id, camera.producerId);
    const after = await dumps();
    const consumersOfCamera = after.flatMap(
      (d) => d.mapProducerIdConsumerIds[camera.producerId] ?? [],
    );
    expect(consumersOfCamera).toHaveLength(3); // class-a, class-b, and the one pipe consumer
  });

  it('observes a voice from the second router for the active speaker', async () => {
    await sender('tutor', 3000); // home router
    const { microphone } = await sender('class-a', 4000); // second router
    const [home] = await dumps();
    expect(home!.mapProducerIdObserverIds[microphone.producerId]).toHaveLength(1);
  });

  it('closes the remote consumer when its producer closes on the other worker', async () => {
    const { camera } = await sender('tutor', 5000);
    const recv = await receiver('class-a');
    const consumer = await room.consume('class-a', recv.id, camera.producerId);
    const closed = room.next('consumerClosed');
    room.closeProducer('tutor', camera.producerId);
    expect(await closed).toEqual(['class-a', consumer.consumerId]);
    const [, second] = await dumps();
    expect(second!.mapProducerIdConsumerIds[camera.producerId]).toBeUndefined();
  });

  it('is rebuilt when the second worker dies, not only the first', async () => {
    await sender('tutor', 6000);
    await receiver('class-a');
    const second = pool.workers().find((w) => w.index === room.workerIndices[1]);
    const died = room.next('workerDied');
    process.kill(second!.worker.pid, 'SIGKILL');
    await died;
    expect(room.closed).toBe(true);
  });
});
