import type { LayerCap, PeerLinkSample, VideoDelivery } from '../../sfu';
import type { LinkDirection, LinkState } from '../protocol';

/*
 * Thresholds of the weak-line policy (issue 9, item 3), from a shaped link (README,
 * "Degradation policy"). mediasoup gives a consumer no layer at all only when even the lowest
 * one's measured bitrate exceeds its estimate, and it gives video the whole estimate: audio
 * "does not play the BWE game" (SimpleConsumer.cpp), so at 96 kbit/s it kept the tutor's
 * 160x90 layer and her voice paid for it. Chromium keeps sending its lowest simulcast layer
 * however low its own estimate falls (84 kbit/s: 320x180 at 0-8 fps, the class's voice
 * 5-24 % concealed). Neither estimate grows while nothing but audio is sent, so a withheld
 * direction is tried again (probed). A downlink probe brings back the lowest layer only (a
 * few tens of kbit/s), so it is cheap enough to try every few seconds; a probe that brought
 * back the top layer at once overloaded a 256 kbit/s line (mediasoup's probation inflated its
 * estimate to 355-532 kbit/s) and had to wait 10 to 80 s between tries.
 */

/** A weak spell shorter than this is a blip (a resumed consumer awaiting its keyframe, one bad BWE update): no message. */
export const DOWNLINK_WEAK_AFTER_MS = 4_000;
/**
 * Below this estimate towards a receiver, the tutor's lowest layer (320x180, up to 150 kbit/s
 * in senderPolicy.ts) would take what her voice (about 50 kbit/s with packet overhead) needs.
 */
export const DOWNLINK_WEAK_BELOW_BPS = 150_000;
/**
 * A probe must show this much with its lowest layer held. mediasoup's estimate grows only
 * with what it sends, unless it happens to probe: on a cleared line carrying the lowest layer
 * (at a quarter of its frame rate) and the voice it reached 150-175 kbit/s and no more, so a
 * bar of 200 kbit/s was passed only when mediasoup's probation ran. Once the layers are given
 * back, mediasoup raises them as its estimate grows with the picture.
 */
export const DOWNLINK_BACK_ABOVE_BPS = 160_000;
/** A downlink probe is not judged before this: the lowest layer's keyframe and a BWE update or two. */
export const DOWNLINK_PROBE_MIN_MS = 2_000;
/** From then on, an estimate under `DOWNLINK_WEAK_BELOW_BPS` ends the probe (the voice first). */
export const DOWNLINK_PROBE_MS = 3_000;
/** A probe that neither holds nor fails by then ends as failed: a line hovering at the bar. */
export const DOWNLINK_PROBE_MAX_MS = 6_000;
/** The first downlink probe: the lowest layer costs little, so a cleared line is found soon. */
export const DOWNLINK_FIRST_RETRY_MS = 3_000;
/**
 * Retries double up to this. With a probe of at most 6 s and mediasoup's own ramp after it, a
 * line cleared at any moment gets its picture back within about 15 s (the issue's target).
 */
export const DOWNLINK_MAX_RETRY_MS = 8_000;
/**
 * A line that goes weak again this soon after a probe held or a step up counts as a failed
 * probe (the retry delay keeps doubling): mediasoup's ramp overshoots on a line that is only just enough.
 */
export const DOWNLINK_RELAPSE_MS = 20_000;
/**
 * Within this much of a probe that held or a step up, a weak spell of `DOWNLINK_RELAPSE_WEAK_AFTER_MS` is
 * enough: mediasoup's ramp on an estimate inflated by its probation can take the whole line
 * within 1-4 s (a 256 kbit/s line estimated at 568 kbit/s got the top layer and the voice lost
 * 10-29 % a second until the 4 s hold ran out). Later, the usual hold: on a loaded machine the
 * estimate of a clear line also dips for a second or two, and a short hold withheld it for that.
 */
export const DOWNLINK_OVERSHOOT_MS = 8_000;
export const DOWNLINK_RELAPSE_WEAK_AFTER_MS = 1_000;
/**
 * After a probe held (the lowest layer at a quarter of its frame rate), the picture comes back
 * through these, each about twice the one before, and then as each receiver asked. Given back
 * whole, mediasoup picked the layer its estimate fitted, and that estimate, inflated while only
 * the voice and the probe flowed (567-1,278 kbit/s on a 256 kbit/s line, 567-608 on a 96 kbit/s
 * one), fitted the 960 px layer: the voice lost 30-38 % for two seconds. A class's camera has
 * two spatial layers, so its last step is a no-op.
 */
export const DOWNLINK_STEPS: readonly LayerCap[] = [
  { spatialAtMost: 0, temporalAtMost: 1 },
  { spatialAtMost: 0 },
  { spatialAtMost: 1 },
  { spatialAtMost: 2 },
];
/** Each step is held this long before the next, the last one too before the receivers' own layers. */
export const DOWNLINK_STEP_MS = 4_000;
/**
 * A weak sample, or an estimate `DOWNLINK_FULL_FALL` of its highest since or less, this soon
 * after a step up means the line cannot carry it: it is taken back.
 */
export const DOWNLINK_STEP_FAILS_WITHIN_MS = 4_000;
export const DOWNLINK_FULL_FALL = 0.75;
/**
 * A step taken back is not tried again for this long, doubling each time up to the max, so a
 * thin line is not overloaded every few seconds. A probe can also hold on an estimate that
 * means nothing (567-608 kbit/s on a 96 kbit/s line) and its first step then overloads the
 * line for 2-3 s, so a line withheld again soon after a probe held or a step up waits the same
 * before its next probe: one such overload per 15 s at most, not one every 8 s (failed probes
 * cost nothing and keep their short retries).
 */
export const DOWNLINK_FIRST_HOLD_MS = 15_000;
export const DOWNLINK_MAX_HOLD_MS = 60_000;
/**
 * Below this estimate of what it can send, a classroom's lowest layer (320x180 at 15 fps) is
 * blocks and stutter, and what is left is what keeps its voice whole.
 */
export const UPLINK_WEAK_BELOW_KBPS = 100;
/** Two reports in a row (reports come every 5 s): one low estimate right after a loss burst is not a weak line. */
export const UPLINK_WEAK_REPORTS = 2;
/**
 * A probe must show this much. Chromium's estimate climbs about 8 % a second from where audio
 * alone left it (measured: 98 to 197 kbit/s in 9 s on a cleared line, never above 91 on a
 * 96 kbit/s one), so the bar sits where a cleared line gets within the probe's window.
 */
export const UPLINK_BACK_ABOVE_KBPS = 130;
/** A probe is judged on the first report this long after it started (Chromium needs video to climb). */
export const UPLINK_PROBE_MS = 8_000;
/**
 * The first uplink retry: a Wi-Fi drop or an office upload often ends within seconds. Chromium
 * has no cheap uplink probe (its lowest layer alone overloads a 96 kbit/s line), hence longer.
 */
export const FIRST_RETRY_MS = 10_000;
/** Uplink retries double up to this: a line that stays thin is not disturbed more than once a minute or so. */
export const MAX_RETRY_MS = 80_000;

/** The uplink: the camera on, off until `retryAtMs`, or on again since `sinceMs` (a probe). */
type UplinkState =
  | { kind: 'flowing'; weakReports: number }
  | { kind: 'withheld'; retryAtMs: number; backoffMs: number }
  | { kind: 'probing'; sinceMs: number; backoffMs: number };

/**
 * A picture coming back a step at a time: its consumers get at most `DOWNLINK_STEPS[step]`,
 * raised at `raisedAtMs`, not raised again before `nextRaiseAtMs`; `peakBps` is mediasoup's
 * highest estimate since, and `holdMs` how long the next failed step waits.
 */
interface LayerSteps {
  step: number;
  raisedAtMs: number;
  nextRaiseAtMs: number;
  peakBps: number;
  holdMs: number;
}

/**
 * The downlink: video flowing (`restoredAtMs`, `backoffMs`: when a probe last held or a step
 * was last taken up, and the
 * delay a relapse would wait; `steps`: coming back a step at a time), paused until
 * `retryAtMs`, or on its lowest layer since `sinceMs` (a probe).
 */
type DownlinkState =
  | {
      kind: 'flowing';
      weakSinceMs: number | null;
      restoredAtMs: number | null;
      backoffMs: number;
      steps: LayerSteps | null;
    }
  | { kind: 'withheld'; retryAtMs: number; backoffMs: number }
  | { kind: 'probing'; sinceMs: number; backoffMs: number };

/**
 * What the owner must do after a step: stop or restart the page's camera; pause the video the
 * participant receives, let only its lowest layer through (a probe), give it back (a step at
 * a time: `stepVideo` for each later step, up or down). For the video ones the owner applies
 * `videoDelivery`.
 */
export type LinkEffect =
  'suspendCamera' | 'resumeCamera' | 'withholdVideo' | 'probeVideo' | 'restoreVideo' | 'stepVideo';

export interface LinkSummary {
  state: LinkState;
  direction: LinkDirection | null;
}

const UPLINK_FLOWING: UplinkState = { kind: 'flowing', weakReports: 0 };
const DOWNLINK_FLOWING: DownlinkState = {
  kind: 'flowing',
  weakSinceMs: null,
  restoredAtMs: null,
  backoffMs: DOWNLINK_FIRST_RETRY_MS,
  steps: null,
};

/**
 * One participant's line, each direction `flowing`, `withheld` (its video stopped: the server
 * pauses what the participant receives, the page stops its camera on the server's word) or
 * `probing` (video tried again when the retry delay ends, since nothing sent means nothing
 * measured: the downlink on its lowest layer only, the uplink with the camera on). A downlink
 * whose probe held flows again a step at a time (`DOWNLINK_STEPS`). A direction is withheld after `DOWNLINK_WEAK_AFTER_MS` of a weak downlink (no layer fits, or
 * the estimate leaves the voice too little) or two weak uplink reports. The participant is
 * `full` while both flow, `audioOnly` otherwise; sound is never part of it.
 * Only `LinkMonitor` moves it.
 */
export class LinkLifecycle {
  #downlink: DownlinkState = DOWNLINK_FLOWING;
  #uplink: UplinkState = UPLINK_FLOWING;
  /** How long the next relapse waits before its probe (see `DOWNLINK_MAX_HOLD_MS`). */
  #relapseWaitMs = DOWNLINK_FIRST_HOLD_MS;

  get summary(): LinkSummary {
    const down = this.#downlink.kind !== 'flowing';
    const up = this.#uplink.kind !== 'flowing';
    if (!down && !up) return { state: 'full', direction: null };
    return { state: 'audioOnly', direction: down && up ? 'both' : down ? 'downlink' : 'uplink' };
  }

  /** What the participant's video consumers may carry now (the owner applies it on each video effect). */
  get videoDelivery(): VideoDelivery {
    const state = this.#downlink;
    if (state.kind === 'withheld') return 'withheld';
    if (state.kind === 'probing') return 'lowest';
    return state.steps ? DOWNLINK_STEPS[state.steps.step]! : 'normal';
  }

  /** A sample of what mediasoup sends the participant (every second). */
  sampleDownlink(sample: PeerLinkSample, nowMs: number): LinkEffect | null {
    const state = this.#downlink;
    if (state.kind === 'probing') return this.#judgeProbe(state, sample, nowMs);
    if (state.kind === 'withheld') return null;
    const estimate = sample.downlinkAvailableBps;
    // Nothing expected (no video sent to it): nothing to withhold, the line is not judged.
    const weak =
      sample.activeVideoConsumers > 0 &&
      (starved(sample) || (estimate !== null && estimate < DOWNLINK_WEAK_BELOW_BPS));
    let flowing = state;
    if (state.steps && sample.activeVideoConsumers > 0) {
      const { steps, change } = nextSteps(state.steps, weak, estimate, nowMs);
      flowing = { ...state, steps };
      if (change) {
        // A step up may overshoot like a probe that held: the same short hold and backoff.
        const restoredAtMs = change === 'up' ? nowMs : state.restoredAtMs;
        this.#downlink = { ...flowing, weakSinceMs: null, restoredAtMs };
        return 'stepVideo';
      }
    }
    if (!weak) {
      this.#downlink = { ...flowing, weakSinceMs: null };
      return null;
    }
    const since = flowing.weakSinceMs ?? nowMs;
    const sinceProbe = flowing.restoredAtMs === null ? Infinity : nowMs - flowing.restoredAtMs;
    const relapse = sinceProbe < DOWNLINK_RELAPSE_MS;
    const holdMs =
      sinceProbe < DOWNLINK_OVERSHOOT_MS ? DOWNLINK_RELAPSE_WEAK_AFTER_MS : DOWNLINK_WEAK_AFTER_MS;
    if (nowMs - since < holdMs) {
      this.#downlink = { ...flowing, weakSinceMs: since };
      return null;
    }
    const backoffMs = relapse
      ? Math.max(flowing.backoffMs, this.#relapseWaitMs)
      : DOWNLINK_FIRST_RETRY_MS;
    this.#relapseWaitMs = relapse
      ? Math.min(this.#relapseWaitMs * 2, DOWNLINK_MAX_HOLD_MS)
      : DOWNLINK_FIRST_HOLD_MS;
    this.#downlink = { kind: 'withheld', retryAtMs: nowMs + backoffMs, backoffMs };
    return 'withholdVideo';
  }

  /**
   * The lowest layer held (mediasoup fits it) and the estimate leaves room for it and the
   * voice: the consumers get their own layers back. A starved layer, or an estimate that
   * leaves the voice too little, ends it early: the voice pays for a probe at most seconds.
   */
  #judgeProbe(
    state: Extract<DownlinkState, { kind: 'probing' }>,
    sample: PeerLinkSample,
    nowMs: number,
  ): LinkEffect | null {
    const elapsed = nowMs - state.sinceMs;
    if (elapsed < DOWNLINK_PROBE_MIN_MS) return null;
    const estimate = sample.downlinkAvailableBps ?? 0;
    const nextBackoffMs = Math.min(state.backoffMs * 2, DOWNLINK_MAX_RETRY_MS);
    if (!starved(sample) && estimate >= DOWNLINK_BACK_ABOVE_BPS) {
      this.#downlink = {
        kind: 'flowing',
        weakSinceMs: null,
        restoredAtMs: nowMs,
        backoffMs: nextBackoffMs,
        steps: {
          step: 0,
          raisedAtMs: nowMs,
          nextRaiseAtMs: nowMs + DOWNLINK_STEP_MS,
          peakBps: estimate,
          holdMs: DOWNLINK_FIRST_HOLD_MS,
        },
      };
      return 'restoreVideo';
    }
    const failed =
      starved(sample) ||
      (elapsed >= DOWNLINK_PROBE_MS && estimate < DOWNLINK_WEAK_BELOW_BPS) ||
      elapsed >= DOWNLINK_PROBE_MAX_MS;
    if (!failed) return null;
    this.#downlink = {
      kind: 'withheld',
      retryAtMs: nowMs + nextBackoffMs,
      backoffMs: nextBackoffMs,
    };
    return 'withholdVideo';
  }

  /** The page's own estimate of its uplink, from its quality report (null: it has none). */
  reportUplink(sendAvailableKbps: number | null, nowMs: number): LinkEffect | null {
    const state = this.#uplink;
    if (sendAvailableKbps === null) return null;
    if (state.kind === 'flowing') {
      const weakReports = sendAvailableKbps < UPLINK_WEAK_BELOW_KBPS ? state.weakReports + 1 : 0;
      if (weakReports < UPLINK_WEAK_REPORTS) {
        this.#uplink = { kind: 'flowing', weakReports };
        return null;
      }
      this.#uplink = {
        kind: 'withheld',
        retryAtMs: nowMs + FIRST_RETRY_MS,
        backoffMs: FIRST_RETRY_MS,
      };
      return 'suspendCamera';
    }
    if (state.kind === 'probing' && nowMs - state.sinceMs >= UPLINK_PROBE_MS) {
      if (sendAvailableKbps >= UPLINK_BACK_ABOVE_KBPS) {
        this.#uplink = UPLINK_FLOWING;
        return null;
      }
      const backoffMs = Math.min(state.backoffMs * 2, MAX_RETRY_MS);
      this.#uplink = { kind: 'withheld', retryAtMs: nowMs + backoffMs, backoffMs };
      return 'suspendCamera';
    }
    // While suspended the estimate says nothing: the camera is off.
    return null;
  }

  /** Time passes (every second): a withheld direction is tried again when its delay ends. */
  tick(nowMs: number): LinkEffect[] {
    const effects: LinkEffect[] = [];
    const down = this.#downlink;
    if (down.kind === 'withheld' && nowMs >= down.retryAtMs) {
      this.#downlink = { kind: 'probing', sinceMs: nowMs, backoffMs: down.backoffMs };
      effects.push('probeVideo');
    }
    const up = this.#uplink;
    if (up.kind === 'withheld' && nowMs >= up.retryAtMs) {
      this.#uplink = { kind: 'probing', sinceMs: nowMs, backoffMs: up.backoffMs };
      effects.push('resumeCamera');
    }
    return effects;
  }
}

/**
 * One second of a picture coming back a step at a time: the step just taken taken back if
 * the line could not carry it, else the next one taken when its time comes, and the steps
 * ended (null) once the last has held; `change` says which way the layers allowed moved.
 */
function nextSteps(
  steps: LayerSteps,
  weak: boolean,
  estimate: number | null,
  nowMs: number,
): { steps: LayerSteps | null; change: 'up' | 'down' | null } {
  const fell = estimate !== null && estimate < steps.peakBps * DOWNLINK_FULL_FALL;
  const justRaised = nowMs - steps.raisedAtMs < DOWNLINK_STEP_FAILS_WITHIN_MS;
  if (justRaised && steps.step > 0 && (weak || fell)) {
    const lowered = {
      step: steps.step - 1,
      raisedAtMs: -Infinity,
      nextRaiseAtMs: nowMs + steps.holdMs,
      peakBps: estimate ?? 0,
      holdMs: Math.min(steps.holdMs * 2, DOWNLINK_MAX_HOLD_MS),
    };
    return { steps: lowered, change: 'down' };
  }
  const peakBps = Math.max(steps.peakBps, estimate ?? 0);
  if (weak || nowMs < steps.nextRaiseAtMs) return { steps: { ...steps, peakBps }, change: null };
  if (steps.step >= DOWNLINK_STEPS.length - 1) return { steps: null, change: 'up' };
  const raised = {
    ...steps,
    step: steps.step + 1,
    raisedAtMs: nowMs,
    nextRaiseAtMs: nowMs + DOWNLINK_STEP_MS,
    peakBps: estimate ?? 0,
  };
  return { steps: raised, change: 'up' };
}

/** mediasoup fit no layer of any video it should send. */
function starved(sample: PeerLinkSample): boolean {
  return (
    sample.activeVideoConsumers > 0 && sample.starvedVideoConsumers === sample.activeVideoConsumers
  );
}
