import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CARRY_MS, PACING_FACTOR, Pacer, pacing } from '../../signaling/bench/media/pacer';

/** 100 bytes a millisecond once the pacing factor is applied. */
const BITRATE = (100 * 8 * 1000) / PACING_FACTOR;

describe("the bench clients' pacer, as libwebrtc's", () => {
  let pacer: Pacer | undefined;
  afterEach(() => pacer?.close());

  it('lets a key frame out at 2.5 × the bitrate, step by step, in order', () => {
    let now = 1000;
    pacer = new Pacer(BITRATE, () => now);
    const out: number[] = [];
    // A 2,000-byte frame in four packets, queued at once with no budget yet.
    for (let i = 0; i < 4; i++) pacer.enqueue(500, () => out.push(i));
    expect(out).toEqual([]);
    now += 5; // 500 bytes of budget: one packet
    pacer.step(now);
    expect(out).toEqual([0]);
    now += 5;
    pacer.step(now);
    expect(out).toEqual([0, 1]);
    now += 10; // a late step sends what its 10 ms allowed
    pacer.step(now);
    expect(out).toEqual([0, 1, 2, 3]);
    expect(pacer.queued).toBe(0);
  });

  it('saves no burst up while idle: at most two steps carry over', () => {
    let now = 0;
    pacer = new Pacer(BITRATE, () => now);
    now = 10_000; // ten seconds idle
    const out: number[] = [];
    for (let i = 0; i < 10; i++) pacer.enqueue(500, () => out.push(i));
    // The first packet of an idle transport leaves at once; the carried budget covers two steps.
    expect(out.length).toBe(Math.ceil((MAX_CARRY_MS * 100) / 500));
  });

  it('tells what it was given and what still waits: a backlog that grows is a client behind', () => {
    let now = 0;
    pacer = new Pacer(BITRATE, () => now);
    const before = pacing();
    for (let i = 0; i < 10; i++) pacer.enqueue(500, () => undefined);
    // No time has passed since the pacer started: no budget, all ten wait.
    expect(pacing().paced - before.paced).toBe(10);
    expect(pacing().queued - before.queued).toBe(10);
    now += 20; // steps this far apart carry only two steps' budget: 1,000 bytes, two packets
    pacer.step(now);
    expect(pacing().queued - before.queued).toBe(8);
  });
});
