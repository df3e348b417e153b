import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_RTP_PACKET_BYTES,
  Vp8Layer,
  paced,
  pacedFrames,
} from '../../signaling/bench/media/synthetic';
import { FANOUT_STREAM } from '../../signaling/bench/media/fanout';

/** The RTP header and the one-byte extension block werift writes on a video packet (transport-cc). */
const WERIFT_VIDEO_HEADER_BYTES = 12 + 8;

describe("the bench's synthetic camera, packed as a browser packs it", () => {
  it("sends the issue's 1.06 Mbit/s, 30 fps stream in four packets a frame, none over 1,200 bytes", () => {
    const layer = new Vp8Layer(FANOUT_STREAM);
    const frames = Array.from({ length: 120 }, (_, index) => layer.nextFrame((index * 1000) / 30));
    // The first frame is a key frame (four times a delta frame); the next 119 are deltas.
    expect(frames.slice(1).every((packets) => packets.length === 4)).toBe(true);
    for (const packet of frames.flat())
      expect(packet.payload.length + WERIFT_VIDEO_HEADER_BYTES).toBeLessThanOrEqual(
        MAX_RTP_PACKET_BYTES,
      );
    // A browser's packetizer makes packets of equal size: within a byte (plus the key frame's header).
    const sizes = frames[1]!.map((packet) => packet.payload.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(4);
    // About 120 packets a second, as the issue's ~21-24 µs a packet and 2.5-2.8 ms/s a stream imply.
    const perSecond = frames.slice(0, 30).flat().length;
    expect(perSecond).toBeGreaterThanOrEqual(120);
    expect(perSecond).toBeLessThanOrEqual(135);
  });
});

describe("the bench's pacing timers", () => {
  let timer: ReturnType<typeof setInterval> | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  });
  afterEach(() => {
    clearInterval(timer);
    vi.useRealTimers();
  });

  it('catch up on a few late frames, and count the frames they drop when too far behind', () => {
    const emitted: number[] = [];
    const before = { ...pacedFrames };
    timer = paced(40, (at) => void emitted.push(at));
    vi.advanceTimersByTime(400);
    expect(emitted).toHaveLength(11); // at 0, 40, ..., 400

    expect(pacedFrames.dropped - before.dropped).toBe(0);
    // The process was starved: its next tick (due at 440 ms) runs at 1,440 ms.
    const now = vi.spyOn(performance, 'now').mockReturnValue(performance.now() + 1040);
    vi.advanceTimersByTime(40);
    now.mockRestore();
    // It sends five of the frames it owed (440-600 ms, MAX_CATCH_UP) and drops the 21 due from
    // 640 to 1,440 ms; the next is due a frame later.
    expect(emitted).toHaveLength(16);
    expect(pacedFrames.dropped - before.dropped).toBe(21);
    expect(pacedFrames.due - before.due).toBe(16 + 21);
  });
});
