import { describe, expect, it } from 'vitest';
import type { PeerLinkSample } from '../../sfu';
import { LinkLifecycle } from '../../signaling/linkState';
import {
  DOWNLINK_BACK_ABOVE_BPS,
  DOWNLINK_FIRST_RETRY_MS,
  DOWNLINK_MAX_RETRY_MS,
  DOWNLINK_OVERSHOOT_MS,
  DOWNLINK_PROBE_MAX_MS,
  DOWNLINK_PROBE_MIN_MS,
  DOWNLINK_PROBE_MS,
  DOWNLINK_RELAPSE_MS,
  DOWNLINK_RELAPSE_WEAK_AFTER_MS,
  DOWNLINK_WEAK_AFTER_MS,
  DOWNLINK_WEAK_BELOW_BPS,
  FIRST_RETRY_MS,
  MAX_RETRY_MS,
  UPLINK_BACK_ABOVE_KBPS,
  UPLINK_PROBE_MS,
  UPLINK_WEAK_BELOW_KBPS,
} from '../../signaling/linkState/linkLifecycle';

/*
 * Issue 9, item 3: one participant's line, each direction with its hysteresis and backoff.
 * Time is passed explicitly, one sample a second, as LinkMonitor does.
 */

const sample = (estimateBps: number, starved: number, active = 1): PeerLinkSample => ({
  downlinkAvailableBps: estimateBps,
  activeVideoConsumers: active,
  starvedVideoConsumers: starved,
});
const STARVED = sample(400_000, 1);
const THIN = sample(DOWNLINK_WEAK_BELOW_BPS - 1, 0);
const FED = sample(DOWNLINK_BACK_ABOVE_BPS + 1, 0);
/** Enough for the lowest layer, not yet for the bar: a line still ramping, or hovering. */
const HOVERING = sample((DOWNLINK_WEAK_BELOW_BPS + DOWNLINK_BACK_ABOVE_BPS) / 2, 0);
const NOTHING_SENT = sample(60_000, 0, 0);
const WEAK = UPLINK_WEAK_BELOW_KBPS - 1;
const STRONG = UPLINK_BACK_ABOVE_KBPS + 1;

/** Feeds one sample a second from `fromMs` for `forMs`; returns the effects and the time reached. */
function feed(link: LinkLifecycle, what: PeerLinkSample, fromMs: number, forMs: number) {
  const effects: string[] = [];
  let now = fromMs;
  for (; now <= fromMs + forMs; now += 1_000) {
    effects.push(...link.tick(now));
    const effect = link.sampleDownlink(what, now);
    if (effect) effects.push(effect);
  }
  return { effects, now };
}

describe('the downlink withholds video after a sustained weak spell, and probes to bring it back', () => {
  it('ignores a weak spell shorter than the hold, then withholds the video', () => {
    const link = new LinkLifecycle();
    let { now, effects } = feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS - 1_000);
    expect(effects).toEqual([]);
    link.sampleDownlink(FED, now);
    ({ now, effects } = feed(link, THIN, now + 1_000, DOWNLINK_WEAK_AFTER_MS - 1_000));
    expect(effects).toEqual([]);
    expect(link.summary).toEqual({ state: 'full', direction: null });
    ({ effects } = feed(link, THIN, now, 0));
    expect(effects).toEqual(['withholdVideo']);
    expect(link.summary).toEqual({ state: 'audioOnly', direction: 'downlink' });
  });

  it('probes on the lowest layer after a short delay, and gives the video back when it holds', () => {
    const link = new LinkLifecycle();
    const withheldAt = feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS).now - 1_000;
    // While withheld, no sample counts: nothing is sent to measure.
    expect(feed(link, FED, withheldAt + 1_000, DOWNLINK_FIRST_RETRY_MS - 2_000).effects).toEqual(
      [],
    );
    const probeAt = withheldAt + DOWNLINK_FIRST_RETRY_MS;
    // Not judged before the lowest layer's keyframe could arrive, even on a strong estimate.
    const early = feed(link, FED, probeAt, DOWNLINK_PROBE_MIN_MS - 1_000);
    expect(early.effects).toEqual(['probeVideo']);
    expect(link.summary).toEqual({ state: 'audioOnly', direction: 'downlink' });
    expect(feed(link, FED, probeAt + DOWNLINK_PROBE_MIN_MS, 0).effects).toEqual(['restoreVideo']);
    expect(link.summary).toEqual({ state: 'full', direction: null });
  });

  it('a probe fails as soon as the lowest layer does not fit, or the estimate leaves the voice too little', () => {
    const starvedProbe = new LinkLifecycle();
    const at = feed(starvedProbe, STARVED, 0, DOWNLINK_WEAK_AFTER_MS).now - 1_000;
    const probeAt = at + DOWNLINK_FIRST_RETRY_MS;
    const failed = feed(starvedProbe, STARVED, probeAt, DOWNLINK_PROBE_MIN_MS);
    expect(failed.effects).toEqual(['probeVideo', 'withholdVideo']);

    const thinProbe = new LinkLifecycle();
    feed(thinProbe, THIN, 0, DOWNLINK_WEAK_AFTER_MS);
    const thin = feed(thinProbe, THIN, probeAt, DOWNLINK_PROBE_MS - 1_000);
    expect(thin.effects).toEqual(['probeVideo']);
    expect(feed(thinProbe, THIN, probeAt + DOWNLINK_PROBE_MS, 0).effects).toEqual([
      'withholdVideo',
    ]);

    // A line hovering between the two bars is given until the probe's end, then withheld.
    const hovering = new LinkLifecycle();
    feed(hovering, THIN, 0, DOWNLINK_WEAK_AFTER_MS);
    const hover = feed(hovering, HOVERING, probeAt, DOWNLINK_PROBE_MAX_MS - 1_000);
    expect(hover.effects).toEqual(['probeVideo']);
    expect(feed(hovering, HOVERING, probeAt + DOWNLINK_PROBE_MAX_MS, 0).effects).toEqual([
      'withholdVideo',
    ]);
  });

  it('retries every few seconds, the delay doubling only up to a short ceiling', () => {
    const link = new LinkLifecycle();
    let now = feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS).now;
    const delays: number[] = [];
    for (let probe = 0; probe < 5; probe++) {
      const start = now - 1_000;
      while (!link.tick(now).includes('probeVideo')) now += 1_000;
      delays.push(now - start);
      now += DOWNLINK_PROBE_MIN_MS;
      expect(link.sampleDownlink(STARVED, now)).toBe('withholdVideo');
      now += 1_000;
    }
    expect(delays).toEqual([3_000, 6_000, 8_000, 8_000, 8_000]);
    expect(delays[0]).toBe(DOWNLINK_FIRST_RETRY_MS);
    expect(Math.max(...delays)).toBe(DOWNLINK_MAX_RETRY_MS);
  });

  it('a line that goes weak again soon after a probe held waits longer; a lasting recovery starts afresh', () => {
    const link = new LinkLifecycle();
    const at = feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS).now - 1_000;
    const probeAt = at + DOWNLINK_FIRST_RETRY_MS;
    const restored = feed(link, FED, probeAt, DOWNLINK_PROBE_MIN_MS);
    expect(restored.effects).toEqual(['probeVideo', 'restoreVideo']);
    // mediasoup's ramp overloads the line: weak again within the relapse window, withheld
    // after a short hold rather than the usual one.
    const relapse = feed(link, THIN, restored.now, DOWNLINK_RELAPSE_WEAK_AFTER_MS);
    expect(relapse.effects).toEqual(['withholdVideo']);
    expect(DOWNLINK_RELAPSE_WEAK_AFTER_MS).toBeLessThan(DOWNLINK_WEAK_AFTER_MS);
    const relapsedAt = relapse.now - 1_000;
    expect(link.tick(relapsedAt + 2 * DOWNLINK_FIRST_RETRY_MS - 1_000)).toEqual([]);
    const second = relapsedAt + 2 * DOWNLINK_FIRST_RETRY_MS;
    expect(link.tick(second)).toEqual(['probeVideo']);
    const back = feed(link, FED, second + DOWNLINK_PROBE_MIN_MS, DOWNLINK_RELAPSE_MS);
    expect(back.effects).toEqual(['restoreVideo']);
    // Weak again long after: the first, short delay.
    const later = feed(link, STARVED, back.now, DOWNLINK_WEAK_AFTER_MS);
    expect(later.effects).toEqual(['withholdVideo']);
    const laterAt = later.now - 1_000;
    expect(link.tick(laterAt + DOWNLINK_FIRST_RETRY_MS)).toEqual(['probeVideo']);
  });

  it('after a probe held, a short weak spell withholds only while mediasoup may overshoot', () => {
    const link = new LinkLifecycle();
    const at = feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS).now - 1_000;
    const restored = feed(link, FED, at + DOWNLINK_FIRST_RETRY_MS, DOWNLINK_PROBE_MIN_MS);
    expect(restored.effects).toEqual(['probeVideo', 'restoreVideo']);
    expect(DOWNLINK_OVERSHOOT_MS).toBeLessThan(DOWNLINK_RELAPSE_MS);
    // Past the overshoot window, a dip shorter than the usual hold is only a dip.
    const calm = feed(link, FED, restored.now, DOWNLINK_OVERSHOOT_MS - 1_000);
    const dip = feed(link, THIN, calm.now, DOWNLINK_WEAK_AFTER_MS - 1_000);
    expect(dip.effects).toEqual([]);
    expect(link.summary.state).toBe('full');
    // A whole hold withholds; still within the relapse window, the next probe waits longer.
    const held = feed(link, THIN, dip.now, 0);
    expect(held.effects).toEqual(['withholdVideo']);
    expect(link.tick(held.now + DOWNLINK_FIRST_RETRY_MS)).toEqual([]);
  });

  it('does not judge a line that is sent no video (a suspended or unwatched camera starves no one)', () => {
    const link = new LinkLifecycle();
    expect(feed(link, NOTHING_SENT, 0, DOWNLINK_WEAK_AFTER_MS * 3).effects).toEqual([]);
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
    expect(link.tick(5_000 + FIRST_RETRY_MS - 1)).toEqual([]);
    const probeAt = 5_000 + FIRST_RETRY_MS;
    expect(link.tick(probeAt)).toEqual(['resumeCamera']);
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
      while (link.tick(now).length === 0) now += 1_000;
      delays.push(now - start);
      now += UPLINK_PROBE_MS;
      expect(link.reportUplink(WEAK, now)).toBe('suspendCamera');
    }
    expect(delays.slice(0, 4)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(delays[0]).toBe(FIRST_RETRY_MS);
    expect(Math.max(...delays)).toBe(MAX_RETRY_MS);
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
