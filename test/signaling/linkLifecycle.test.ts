import { describe, expect, it } from 'vitest';
import type { PeerLinkSample } from '../../sfu';
import { LinkLifecycle } from '../../signaling/linkState';
import {
  DOWNLINK_BACK_ABOVE_BPS,
  DOWNLINK_FIRST_HOLD_MS,
  DOWNLINK_FIRST_RETRY_MS,
  DOWNLINK_FULL_FALL,
  DOWNLINK_MAX_HOLD_MS,
  DOWNLINK_MAX_RETRY_MS,
  DOWNLINK_OVERSHOOT_MS,
  DOWNLINK_PROBE_MAX_MS,
  DOWNLINK_PROBE_MIN_MS,
  DOWNLINK_PROBE_MS,
  DOWNLINK_RELAPSE_MS,
  DOWNLINK_RELAPSE_WEAK_AFTER_MS,
  DOWNLINK_STEP_FAILS_WITHIN_MS,
  DOWNLINK_STEP_MS,
  DOWNLINK_STEPS,
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
    // A probe that held on an estimate that meant nothing must not cost the voice every few
    // seconds: the next probe waits the relapse hold, and twice that after another relapse.
    const relapsedAt = relapse.now - 1_000;
    expect(link.tick(relapsedAt + DOWNLINK_FIRST_HOLD_MS - 1_000)).toEqual([]);
    const again = relapsedAt + DOWNLINK_FIRST_HOLD_MS;
    expect(link.tick(again)).toEqual(['probeVideo']);
    const heldAgain = feed(link, FED, again + DOWNLINK_PROBE_MIN_MS, 0);
    expect(heldAgain.effects).toEqual(['restoreVideo']);
    const relapseAgain = feed(link, THIN, heldAgain.now, DOWNLINK_RELAPSE_WEAK_AFTER_MS);
    expect(relapseAgain.effects).toEqual(['withholdVideo']);
    const againAt = relapseAgain.now - 1_000;
    expect(link.tick(againAt + 2 * DOWNLINK_FIRST_HOLD_MS - 1_000)).toEqual([]);
    const second = againAt + 2 * DOWNLINK_FIRST_HOLD_MS;
    expect(link.tick(second)).toEqual(['probeVideo']);
    const stepsMs = DOWNLINK_STEPS.length * DOWNLINK_STEP_MS;
    const back = feed(link, FED, second + DOWNLINK_PROBE_MIN_MS, stepsMs + DOWNLINK_RELAPSE_MS);
    // Given back a step at a time, then as the receiver asked.
    expect(back.effects).toEqual(['restoreVideo', ...DOWNLINK_STEPS.map(() => 'stepVideo')]);
    expect(link.videoDelivery).toBe('normal');
    // Weak again long after the last step: the first, short delay.
    const later = feed(link, STARVED, back.now, DOWNLINK_WEAK_AFTER_MS);
    expect(later.effects).toEqual(['withholdVideo']);
    const laterAt = later.now - 1_000;
    expect(link.tick(laterAt + DOWNLINK_FIRST_RETRY_MS)).toEqual(['probeVideo']);
    // And a relapse after that waits the first relapse hold again, not the last.
    const fresh = feed(link, FED, laterAt + DOWNLINK_FIRST_RETRY_MS + DOWNLINK_PROBE_MIN_MS, 0);
    expect(fresh.effects).toEqual(['restoreVideo']);
    const freshRelapse = feed(link, THIN, fresh.now, DOWNLINK_RELAPSE_WEAK_AFTER_MS);
    expect(freshRelapse.effects).toEqual(['withholdVideo']);
    const freshAt = freshRelapse.now - 1_000;
    expect(link.tick(freshAt + DOWNLINK_FIRST_HOLD_MS)).toEqual(['probeVideo']);
  });

  it('after a probe held, a short weak spell withholds only while mediasoup may overshoot', () => {
    const link = new LinkLifecycle();
    const at = feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS).now - 1_000;
    const restored = feed(link, FED, at + DOWNLINK_FIRST_RETRY_MS, DOWNLINK_PROBE_MIN_MS);
    expect(restored.effects).toEqual(['probeVideo', 'restoreVideo']);
    expect(DOWNLINK_OVERSHOOT_MS).toBeLessThan(DOWNLINK_RELAPSE_MS);
    // Past the steps and the overshoot window of the last, a dip shorter than the usual hold is only a dip.
    const stepsMs = DOWNLINK_STEPS.length * DOWNLINK_STEP_MS;
    const calm = feed(link, FED, restored.now, stepsMs + DOWNLINK_OVERSHOOT_MS - 2_000);
    expect(link.videoDelivery).toBe('normal');
    const dip = feed(link, THIN, calm.now, DOWNLINK_WEAK_AFTER_MS - 1_000);
    expect(dip.effects).toEqual([]);
    expect(link.summary.state).toBe('full');
    // A whole hold withholds; still within the relapse window, the next probe waits longer.
    const held = feed(link, THIN, dip.now, 0);
    expect(held.effects).toEqual(['withholdVideo']);
    expect(link.tick(held.now + DOWNLINK_FIRST_RETRY_MS)).toEqual([]);
  });

  it('a probe that held gives the picture back a step at a time, then what the receiver asked for', () => {
    const link = new LinkLifecycle();
    expect(link.videoDelivery).toBe('normal');
    const at = feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS).now - 1_000;
    expect(link.videoDelivery).toBe('withheld');
    const probeAt = at + DOWNLINK_FIRST_RETRY_MS;
    link.tick(probeAt);
    expect(link.videoDelivery).toBe('lowest');
    let now = probeAt + DOWNLINK_PROBE_MIN_MS;
    expect(link.sampleDownlink(FED, now)).toBe('restoreVideo');
    const deliveries: unknown[] = [link.videoDelivery];
    const stepTimes: number[] = [];
    const restoredAt = now;
    while (link.videoDelivery !== 'normal') {
      now += 1_000;
      if (link.sampleDownlink(FED, now) === 'stepVideo') {
        stepTimes.push(now - restoredAt);
        deliveries.push(link.videoDelivery);
      }
    }
    expect(deliveries).toEqual([...DOWNLINK_STEPS, 'normal']);
    expect(stepTimes).toEqual(DOWNLINK_STEPS.map((_, n) => (n + 1) * DOWNLINK_STEP_MS));
    // From the probe's layer (spatial and temporal 0) up, each step above the one before.
    const rank = ({ spatialAtMost, temporalAtMost }: (typeof DOWNLINK_STEPS)[number]) =>
      spatialAtMost * 10 + (temporalAtMost ?? 9);
    const ranks = DOWNLINK_STEPS.map(rank);
    expect(ranks[0]).toBeGreaterThan(0);
    for (let i = 1; i < ranks.length; i++) expect(ranks[i]).toBeGreaterThan(ranks[i - 1]!);
    expect(DOWNLINK_STEPS.at(-1)).toEqual({ spatialAtMost: 2 });
    expect(link.summary).toEqual({ state: 'full', direction: null });
  });

  it('a step the line cannot carry is taken back at once and tried again after a hold that doubles', () => {
    const link = new LinkLifecycle();
    const at = feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS).now - 1_000;
    const probeAt = at + DOWNLINK_FIRST_RETRY_MS;
    let now = probeAt + DOWNLINK_PROBE_MIN_MS;
    link.tick(probeAt);
    // mediasoup's estimate inflated by its probation while only the lowest layer flowed.
    const inflated = sample(1_278_000, 0);
    expect(link.sampleDownlink(inflated, now)).toBe('restoreVideo');
    now += DOWNLINK_STEP_MS;
    expect(link.sampleDownlink(inflated, now)).toBe('stepVideo');
    expect(link.videoDelivery).toEqual(DOWNLINK_STEPS[1]);
    // The middle layer filled the line: the estimate falls by more than a quarter (not yet weak).
    const full = sample(Math.floor(1_278_000 * DOWNLINK_FULL_FALL) - 1, 0);
    expect(link.sampleDownlink(full, (now += 1_000))).toBe('stepVideo');
    expect(link.videoDelivery).toEqual(DOWNLINK_STEPS[0]);
    // Held there for the first hold, whatever the estimate says meanwhile.
    const heldAt = now;
    const held = feed(link, inflated, now + 1_000, DOWNLINK_FIRST_HOLD_MS - 2_000);
    expect(held.effects).toEqual([]);
    now = heldAt + DOWNLINK_FIRST_HOLD_MS;
    expect(link.sampleDownlink(inflated, now)).toBe('stepVideo');
    expect(link.videoDelivery).toEqual(DOWNLINK_STEPS[1]);
    // A weak sample right after a raise also takes the layer back (the voice first), not the
    // whole picture; the next hold is twice as long.
    expect(link.sampleDownlink(THIN, (now += 1_000))).toBe('stepVideo');
    expect(link.videoDelivery).toEqual(DOWNLINK_STEPS[0]);
    expect(link.summary.state).toBe('full');
    const againAt = now;
    const longer = feed(link, FED, now + 1_000, 2 * DOWNLINK_FIRST_HOLD_MS - 2_000);
    expect(longer.effects).toEqual([]);
    const roomy = sample(400_000, 0);
    expect(link.sampleDownlink(roomy, againAt + 2 * DOWNLINK_FIRST_HOLD_MS)).toBe('stepVideo');
    expect(DOWNLINK_MAX_HOLD_MS).toBeGreaterThanOrEqual(2 * DOWNLINK_FIRST_HOLD_MS);
    // An estimate a little lower, not a quarter, is no fall: the layer stays.
    now = againAt + 2 * DOWNLINK_FIRST_HOLD_MS + DOWNLINK_STEP_FAILS_WITHIN_MS - 1_000;
    const lower = Math.ceil(roomy.downlinkAvailableBps! * DOWNLINK_FULL_FALL) + 1;
    expect(lower).toBeGreaterThanOrEqual(DOWNLINK_WEAK_BELOW_BPS);
    expect(link.sampleDownlink(sample(lower, 0), now)).toBeNull();
    expect(link.videoDelivery).toEqual(DOWNLINK_STEPS[1]);
  });

  it('on the lowest step, a line still weak is withheld as before', () => {
    const link = new LinkLifecycle();
    const at = feed(link, STARVED, 0, DOWNLINK_WEAK_AFTER_MS).now - 1_000;
    const restored = feed(link, FED, at + DOWNLINK_FIRST_RETRY_MS, DOWNLINK_PROBE_MIN_MS);
    expect(restored.effects).toEqual(['probeVideo', 'restoreVideo']);
    expect(link.videoDelivery).toEqual(DOWNLINK_STEPS[0]);
    const relapse = feed(link, THIN, restored.now, DOWNLINK_RELAPSE_WEAK_AFTER_MS);
    expect(relapse.effects).toEqual(['withholdVideo']);
    expect(link.videoDelivery).toBe('withheld');
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
