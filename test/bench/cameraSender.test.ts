import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CameraSender } from '../../signaling/bench/media/sending';
import type { OutStream } from '../../signaling/bench/media/peer';
import type { RtpOut } from '../../signaling/bench/media/synthetic';
import { spotlightSwapMs, thumbnailFrameRate } from '../../signaling/bench/media/lesson';
import { EXCHANGE_MS } from '../../signaling/bench/media/synthetic';
import { CAMERA_POLICY_BY_ROLE } from '../../signaling/capturePolicy';

/** A layer's stream that keeps what it was given: frames (by timestamp) and whether each was a key frame. */
function recordingStream() {
  const packets: RtpOut[] = [];
  let onPli = () => undefined as void;
  const stream: OutStream = {
    ssrc: 1,
    send: (packet) => void packets.push(packet),
    onPli: (listener) => void (onPli = listener),
    sent: () => packets.length,
  };
  const frames = () => new Set(packets.map((packet) => packet.timestamp)).size;
  /** VP8's frame header, after the 6-byte payload descriptor: bit 0 is 0 on a key frame. */
  const lastFrameWasKey = () => {
    const first = packets.find((packet) => packet.timestamp === packets.at(-1)!.timestamp)!;
    return (first.payload[6]! & 0x01) === 0;
  };
  return { stream, packets, frames, lastFrameWasKey, pli: () => onPli() };
}

const CLASS_LAYERS = [
  { bitrateBps: 150_000, frameRate: 15 },
  { bitrateBps: 450_000, frameRate: 15 },
];

describe("the bench's camera, as a Passerelle page drives it (dynacast)", () => {
  let camera: CameraSender | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  });
  afterEach(() => {
    camera?.stop();
    vi.useRealTimers();
  });

  it('takes the thumbnail frame rate from the role policy: the classes only', () => {
    expect(thumbnailFrameRate('classA')).toBe(
      CAMERA_POLICY_BY_ROLE.classroom?.thumbnail?.frameRate,
    );
    expect(thumbnailFrameRate('classA')).toBe(10);
    expect(thumbnailFrameRate('tutor')).toBeUndefined();
    expect(thumbnailFrameRate('inspector')).toBeUndefined();
  });

  it('sends every layer until told, switches off those above the wanted one, and slows the capture for a thumbnail', () => {
    const [low, top] = [recordingStream(), recordingStream()];
    camera = new CameraSender(CLASS_LAYERS, [low.stream, top.stream], 10);
    vi.advanceTimersByTime(1000);
    expect(low.frames()).toBeGreaterThanOrEqual(14);
    expect(top.frames()).toBeGreaterThanOrEqual(14);

    camera.applyWanted(0);
    const [lowBefore, topBefore] = [low.frames(), top.frames()];
    vi.advanceTimersByTime(3000);
    expect(top.frames()).toBe(topBefore);
    // 10 frames a second on the lowest layer, at the same bitrate: bigger frames.
    expect(low.frames() - lowBefore).toBeGreaterThanOrEqual(29);
    expect(low.frames() - lowBefore).toBeLessThanOrEqual(31);
  });

  it('starts a layer switched on again with a key frame, and stops everything when nobody watches', () => {
    const [low, top] = [recordingStream(), recordingStream()];
    camera = new CameraSender(CLASS_LAYERS, [low.stream, top.stream], 10);
    vi.advanceTimersByTime(5000); // past the first key frame's 4 s refresh: deltas now
    camera.applyWanted(0);
    vi.advanceTimersByTime(1000);
    camera.applyWanted(1);
    vi.advanceTimersByTime(70); // one frame at 15 a second
    expect(top.lastFrameWasKey()).toBe(true);
    vi.advanceTimersByTime(70);
    expect(top.lastFrameWasKey()).toBe(false);
    expect(low.lastFrameWasKey()).toBe(false);

    camera.applyWanted(null);
    const [lowBefore, topBefore] = [low.packets.length, top.packets.length];
    vi.advanceTimersByTime(2000);
    expect([low.packets.length, top.packets.length]).toEqual([lowBefore, topBefore]);
  });

  it("moves the spotlight with the answering class, or at --spotlight-swap-ms's pace", () => {
    expect(spotlightSwapMs(undefined)).toBe(EXCHANGE_MS);
    expect(spotlightSwapMs('3000')).toBe(3000);
    for (const bad of ['', 'fast', '2.5', '0', '-3000', '50'])
      expect(() => spotlightSwapMs(bad)).toThrow(/BENCH_SPOTLIGHT_SWAP_MS/);
  });

  it('keeps the full frame rate where the role has no thumbnail capture (the tutor)', () => {
    const layers = [...CLASS_LAYERS, { bitrateBps: 1_200_000, frameRate: 25 }];
    const streams = layers.map(() => recordingStream());
    camera = new CameraSender(
      layers,
      streams.map((s) => s.stream),
      undefined,
    );
    camera.applyWanted(0);
    const before = streams[0]!.frames();
    vi.advanceTimersByTime(2000);
    expect(streams[0]!.frames() - before).toBeGreaterThanOrEqual(29);
    expect(streams[2]!.frames()).toBe(0);
  });
});
