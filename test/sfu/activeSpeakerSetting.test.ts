import { afterEach, describe, expect, it } from 'vitest';
import { MediaRoom, WorkerPool } from '../../sfu';

interface RouterDump {
  rtpObserverIds: string[];
}

/*
 * ACTIVE_SPEAKER_INTERVAL_MS (WorkerPool.activeSpeakerIntervalMs): each room's
 * ActiveSpeakerObserver is created with the pool's interval, and 0 creates none. The
 * router's dump is the oracle.
 */
describe('the active speaker setting (real mediasoup worker)', () => {
  let pool: WorkerPool | undefined;
  let room: MediaRoom | undefined;

  afterEach(async () => {
    room?.close();
    await pool?.close();
  });

  it('gives each room one ActiveSpeakerObserver by default', async () => {
    pool = await WorkerPool.create({ numWorkers: 1, listen: { ip: '127.0.0.1' } });
    expect(pool.activeSpeakerIntervalMs).toBe(300);
    room = await MediaRoom.create({ pool });
    expect(((await room.dump()) as RouterDump).rtpObserverIds).toHaveLength(1);
  });

  it('creates no observer when the interval is 0, and the room still takes microphones', async () => {
    pool = await WorkerPool.create({
      numWorkers: 1,
      listen: { ip: '127.0.0.1' },
      activeSpeakerIntervalMs: 0,
    });
    room = await MediaRoom.create({ pool });
    expect(((await room.dump()) as RouterDump).rtpObserverIds).toEqual([]);
    room.addPeer('tutor');
    const transport = await room.createTransport('tutor', 'send');
    const producer = await room.produce('tutor', {
      transportId: transport.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: 1111 }],
      },
    });
    expect(producer.kind).toBe('audio');
  });
});
