import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaRoom, MediaRoomError, WorkerPool } from '../../sfu';
import { opusParameters, peerWithCamera as cameraPeer } from '../helpers/rtp';

interface RouterDump {
  transportIds: string[];
  mapProducerIdConsumerIds: Record<string, string[]>;
}

describe('MediaRoom (real mediasoup worker)', () => {
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

  const peerWithCamera = (peerId: string, ssrc: number) => cameraPeer(room, peerId, ssrc);

  it('offers opus, VP8 and H264', () => {
    const mimeTypes = room.rtpCapabilities.codecs?.map((codec) => codec.mimeType) ?? [];
    expect(mimeTypes).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']));
  });

  it('creates transports with ICE candidates from the WebRtcServer', async () => {
    room.addPeer('tutor');
    const transport = await room.createTransport('tutor', 'recv');
    expect(transport.iceCandidates.length).toBeGreaterThan(0);
    expect(transport.iceCandidates.every((candidate) => candidate.ip === '127.0.0.1')).toBe(true);
    const dump = (await room.dump()) as RouterDump;
    expect(dump.transportIds).toContain(transport.id);
  });

  it('consumes a simulcast producer paused, then resumes it and sets preferred layers', async () => {
    const { producer } = await peerWithCamera('classroom-1', 1000);
    room.addPeer('tutor', room.rtpCapabilities);
    const recv = await room.createTransport('tutor', 'recv');
    const consumer = await room.consume('tutor', recv.id, producer.producerId);
    expect(consumer.peerId).toBe('classroom-1');
    expect(consumer.kind).toBe('video');
    const dump = (await room.dump()) as RouterDump;
    expect(dump.mapProducerIdConsumerIds[producer.producerId]).toEqual([consumer.consumerId]);
    await room.resumeConsumer('tutor', consumer.consumerId);
    await room.setPreferredLayers('tutor', consumer.consumerId, 0, 0);
  });

  it('closes the consumers of a peer that leaves and reports them', async () => {
    const { producer } = await peerWithCamera('classroom-1', 2000);
    room.addPeer('inspector', room.rtpCapabilities);
    const recv = await room.createTransport('inspector', 'recv');
    const consumer = await room.consume('inspector', recv.id, producer.producerId);
    const closed = room.next('consumerClosed');
    room.removePeer('classroom-1');
    expect(await closed).toEqual(['inspector', consumer.consumerId]);
    expect(room.producers()).toEqual([]);
  });

  it('refuses to let a peer drive another peer’s transport (not_found)', async () => {
    const { send } = await peerWithCamera('classroom-1', 3000);
    room.addPeer('classroom-2', room.rtpCapabilities);
    await expect(
      room.produce('classroom-2', {
        transportId: send.id,
        kind: 'audio',
        source: 'microphone',
        rtpParameters: opusParameters(4000),
      }),
    ).rejects.toMatchObject({ reason: 'not_found' });
  });

  it('reports mediasoup’s refusal of bad RTP parameters as invalid', async () => {
    room.addPeer('tutor', room.rtpCapabilities);
    const send = await room.createTransport('tutor', 'send');
    const bad = {
      ...opusParameters(5000),
      codecs: [{ mimeType: 'audio/nonsense', payloadType: 100, clockRate: 8000 }],
    };
    const attempt = room.produce('tutor', {
      transportId: send.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: bad,
    });
    await expect(attempt).rejects.toBeInstanceOf(MediaRoomError);
    await expect(attempt).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('refuses to consume without compatible capabilities (incompatible)', async () => {
    const { producer } = await peerWithCamera('classroom-1', 6000);
    room.addPeer('old-pc', { codecs: [] });
    const recv = await room.createTransport('old-pc', 'recv');
    await expect(room.consume('old-pc', recv.id, producer.producerId)).rejects.toMatchObject({
      reason: 'incompatible',
    });
  });

  it('reports per-transport statistics', async () => {
    const { send } = await peerWithCamera('tutor', 7000);
    const stats = await room.transportStats('tutor', send.id);
    expect(stats).toMatchObject({ transportId: send.id, bytesReceived: 0, bytesSent: 0 });
  });
});

describe('WorkerPool recovery', () => {
  it('reports a dead worker, replaces it, and the room tells its owner to rebuild', async () => {
    const pool = await WorkerPool.create({ numWorkers: 2, listen: { ip: '127.0.0.1' } });
    try {
      const room = await MediaRoom.create({ pool });
      const victim = pool.workers().find((w) => w.index === room.workerIndex);
      expect(victim).toBeDefined();
      const roomDied = room.next('workerDied');
      const replaced = pool.next('workerReplaced');
      process.kill(victim!.worker.pid, 'SIGKILL');
      await roomDied;
      expect(room.closed).toBe(true);
      expect(await replaced).toEqual([room.workerIndex]);
      expect(pool.size).toBe(2);
      const rebuilt = await MediaRoom.create({ pool, avoidWorker: room.workerIndex });
      expect(rebuilt.workerIndex).not.toBe(room.workerIndex);
      rebuilt.close();
    } finally {
      await pool.close();
    }
  });
});
