import { describe, expect, it } from 'vitest';
import type { PeerLinkSample } from '../../sfu';
import { LinkLifecycle } from '../../signaling/linkState';
import {
  DOWNLINK_BACK_AFTER_MS,
  DOWNLINK_WEAK_AFTER_MS,
  UPLINK_BACK_ABOVE_KBPS,
  UPLINK_FIRST_RETRY_MS,
  UPLINK_MAX_RETRY_MS,
  UPLINK_PROBE_MS,
  UPLINK_WEAK_BELOW_KBPS,
} from '../../signaling/linkState/linkLifecycle';

/*
 * Issue 9, item 3: one participant's line, each direction with its hysteresis. Time is passed
 * explicitly, one sample a second, as LinkMonitor does.
 */

const STARVED: PeerLinkSample = {
  downlinkAvailableBps: 60_000,
  activeVideoConsumers: 1,
  starvedVideoConsumers: 1,
};
const FED: PeerLinkSample = {
  downlinkAvailableBps: 900_000,
  activeVideoConsumers: 1,
  starvedVideoConsumers: 0,
};
const NOTHING_SENT: PeerLinkSample = {
  downlinkAvailableBps: 60_000,
  activeVideoConsumers: 0,
  starvedVideoConsumers: 0,
};
const WEAK = UPLINK_WEAK_BELOW_KBPS - 1;
const STRONG = UPLINK_BACK_ABOVE_KBPS + 1;

/** Feeds one sample a second from `fromMs` for `forMs`; returns the time reached. */
function feed(link: LinkLifecycle, sample: PeerLinkSample, fromMs: number, forMs: number): number {
  let now = fromMs;
  for (; now <= fromMs + forMs; now += 1_000) link.sampleDownlink(sample, now);
  return now;
}

describe('the downlink goes audio-only only after a sustained starvation, and back after a sustained recovery', () => {
  it('ignores a starvation shorter than the hold, then goes audio-only', () => {
    const link = new LinkLifecycle();
    let now = feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS - 1_000);
    expect(link.summary).toEqual({ state: 'full', direction: null });
    // One fed sample restarts the count: the blip is forgotten.
    link.sampleDownlink(FED, now);
    now = feed(link, STARVED, now + 1_000, DOWNLINK_WEAK_AFTER_MS - 1_000);
    expect(link.summary.state).toBe('full');
    feed(link, STARVED, now, 1_000);
    expect(link.summary).toEqual({ state: 'audioOnly', direction: 'downlink' });
  });

  it('comes back only once the picture flowed for the whole hold', () => {
    const link = new LinkLifecycle();
    let now = feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS);
    now = feed(link, FED, now, DOWNLINK_BACK_AFTER_MS - 1_000);
    expect(link.summary.state).toBe('audioOnly');
    // Starved again before the hold ended: the recovery starts over.
    link.sampleDownlink(STARVED, now);
    now = feed(link, FED, now + 1_000, DOWNLINK_BACK_AFTER_MS - 1_000);
    expect(link.summary.state).toBe('audioOnly');
    feed(link, FED, now, 1_000);
    expect(link.summary).toEqual({ state: 'full', direction: null });
  });

  it('does not judge a line that is sent no video (a suspended or unwatched camera starves no one)', () => {
    const link = new LinkLifecycle();
    feed(link, NOTHING_SENT, 0, DOWNLINK_WEAK_AFTER_MS * 3);
    expect(link.summary.state).toBe('full');
  });
});

describe('the uplink suspends the camera on two weak reports and tries again with a backoff', () => {
  it('suspends, probes after the first retry delay, and comes back on a strong probe', () => {
    const link = new LinkLifecycle();
    expect(link.reportUplink(WEAK, 0)).toBeNull();
    expect(link.summary.state).toBe('full');
    expect(link.reportUplink(WEAK, 5_000)).toBe('suspendCamera');
    expect(link.summary).toEqual({ state: 'audioOnly', direction: 'uplink' });
    // Reports while suspended say nothing: nothing is sent.
    expect(link.reportUplink(STRONG, 10_000)).toBeNull();
    expect(link.tick(5_000 + UPLINK_FIRST_RETRY_MS - 1)).toBeNull();
    const probeAt = 5_000 + UPLINK_FIRST_RETRY_MS;
    expect(link.tick(probeAt)).toBe('resumeCamera');
    // Still audio-only while the probe is judged; a report too early does not count.
    expect(link.summary.state).toBe('audioOnly');
    expect(link.reportUplink(WEAK, probeAt + UPLINK_PROBE_MS - 1)).toBeNull();
    expect(link.summary.state).toBe('audioOnly');
    expect(link.reportUplink(STRONG, probeAt + UPLINK_PROBE_MS)).toBeNull();
    expect(link.summary).toEqual({ state: 'full', direction: null });
  });

  it('doubles the backoff after each failed probe, up to its ceiling', () => {
    const link = new LinkLifecycle();
    link.reportUplink(WEAK, 0);
    link.reportUplink(WEAK, 0);
    let now = 0;
    const delays: number[] = [];
    for (let probe = 0; probe < 6; probe++) {
      const start = now;
      while (link.tick(now) === null) now += 1_000;
      delays.push(now - start);
      now += UPLINK_PROBE_MS;
      expect(link.reportUplink(WEAK, now)).toBe('suspendCamera');
    }
    expect(delays.slice(0, 4)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(delays[0]).toBe(UPLINK_FIRST_RETRY_MS);
    expect(Math.max(...delays)).toBe(UPLINK_MAX_RETRY_MS);
  });

  it('needs two weak reports in a row; a page without an estimate is not judged', () => {
    const link = new LinkLifecycle();
    link.reportUplink(WEAK, 0);
    link.reportUplink(STRONG, 5_000);
    expect(link.reportUplink(WEAK, 10_000)).toBeNull();
    expect(link.reportUplink(null, 15_000)).toBeNull();
    expect(link.summary.state).toBe('full');
  });

  it('says both when both directions are weak', () => {
    const link = new LinkLifecycle();
    link.reportUplink(WEAK, 0);
    link.reportUplink(WEAK, 0);
    feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS);
    expect(link.summary).toEqual({ state: 'audioOnly', direction: 'both' });
  });
});
