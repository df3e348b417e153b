import type { PeerLinkSample } from '../../sfu';
import type { LinkDirection, LinkState } from '../protocol';

/*
 * Thresholds of the weak-line policy (issue 9, item 3), from a shaped link (README,
 * "Degradation policy"). mediasoup gives a consumer no layer at all only when even the lowest
 * one's measured bitrate exceeds its estimate, and it gives video the whole estimate: audio
 * "does not play the BWE game" (SimpleConsumer.cpp), so at 96 kbit/s it kept the tutor's
 * 160x90 layer and her voice paid for it. Chromium keeps sending its lowest simulcast layer
 * however low its own estimate falls (84 kbit/s: 320x180 at 0-8 fps, the class's voice
 * 5-24 % concealed). Neither estimate grows while nothing but audio is sent, so a withheld
 * direction is tried again (probed) with a backoff.
 */

/** A weak spell shorter than this is a blip (a resumed consumer awaiting its keyframe, one bad BWE update): no message. */
export const DOWNLINK_WEAK_AFTER_MS = 4_000;
/**
 * Below this estimate towards a receiver, the tutor's lowest layer (320x180, up to 150 kbit/s
 * in senderPolicy.ts) would take what her voice (about 50 kbit/s with packet overhead) needs.
 */
export const DOWNLINK_WEAK_BELOW_BPS = 150_000;
/** A probe must show this much: the lowest layer and the voice with a margin. */
export const DOWNLINK_BACK_ABOVE_BPS = 200_000;
/** mediasoup probes up to what its consumers want as soon as they are resumed: a few seconds tell. */
export const DOWNLINK_PROBE_MS = 6_000;
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
/** The first retry: a Wi-Fi drop or an office upload often ends within seconds. */
export const FIRST_RETRY_MS = 10_000;
/** Retries double up to this: a line that stays thin is not disturbed more than once a minute or so. */
export const MAX_RETRY_MS = 80_000;

/** One direction: video flowing, withheld until `retryAtMs`, or tried again since `sinceMs`. */
type DirectionState =
  | { kind: 'flowing'; weakSinceMs: number | null; weakReports: number }
  | { kind: 'withheld'; retryAtMs: number; backoffMs: number }
  | { kind: 'probing'; sinceMs: number; backoffMs: number };

/** What the owner must do after a step. */
export type LinkEffect = 'suspendCamera' | 'resumeCamera' | 'withholdVideo' | 'restoreVideo';

export interface LinkSummary {
  state: LinkState;
  direction: LinkDirection | null;
}

type Flowing = Extract<DirectionState, { kind: 'flowing' }>;
const FLOWING: Flowing = { kind: 'flowing', weakSinceMs: null, weakReports: 0 };

/**
 * One participant's line, each direction `flowing`, `withheld` (its video stopped: the server
 * pauses what the participant receives, the page stops its camera on the server's word) or
 * `probing` (video tried again when the backoff ends, since nothing sent means nothing
 * measured). A direction is withheld after `DOWNLINK_WEAK_AFTER_MS` of a weak downlink (no
 * layer fits, or the estimate leaves the voice too little) or two weak uplink reports. The
 * participant is `full` while both flow, `audioOnly` otherwise; sound is never part of it.
 * Only `LinkMonitor` moves it.
 */
export class LinkLifecycle {
  #downlink: DirectionState = FLOWING;
  #uplink: DirectionState = FLOWING;

  get summary(): LinkSummary {
    const down = this.#downlink.kind !== 'flowing';
    const up = this.#uplink.kind !== 'flowing';
    if (!down && !up) return { state: 'full', direction: null };
    return { state: 'audioOnly', direction: down && up ? 'both' : down ? 'downlink' : 'uplink' };
  }

  /** A sample of what mediasoup sends the participant (every second). */
  sampleDownlink(sample: PeerLinkSample, nowMs: number): LinkEffect | null {
    const state = this.#downlink;
    const estimate = sample.downlinkAvailableBps;
    if (state.kind === 'probing') {
      if (nowMs - state.sinceMs < DOWNLINK_PROBE_MS) return null;
      const fits = estimate !== null && estimate >= DOWNLINK_BACK_ABOVE_BPS && !starved(sample);
      if (fits) {
        this.#downlink = FLOWING;
        return null;
      }
      this.#downlink = withheld(nowMs, Math.min(state.backoffMs * 2, MAX_RETRY_MS));
      return 'withholdVideo';
    }
    if (state.kind === 'withheld') return null;
    // Nothing expected (no video sent to it): nothing to withhold, the line is not judged.
    const weak =
      sample.activeVideoConsumers > 0 &&
      (starved(sample) || (estimate !== null && estimate < DOWNLINK_WEAK_BELOW_BPS));
    if (!weak) {
      this.#downlink = FLOWING;
      return null;
    }
    const since = state.weakSinceMs ?? nowMs;
    if (nowMs - since < DOWNLINK_WEAK_AFTER_MS) {
      this.#downlink = { ...FLOWING, weakSinceMs: since };
      return null;
    }
    this.#downlink = withheld(nowMs, FIRST_RETRY_MS);
    return 'withholdVideo';
  }

  /** The page's own estimate of its uplink, from its quality report (null: it has none). */
  reportUplink(sendAvailableKbps: number | null, nowMs: number): LinkEffect | null {
    const state = this.#uplink;
    if (sendAvailableKbps === null) return null;
    if (state.kind === 'flowing') {
      const weakReports = sendAvailableKbps < UPLINK_WEAK_BELOW_KBPS ? state.weakReports + 1 : 0;
      if (weakReports < UPLINK_WEAK_REPORTS) {
        this.#uplink = { ...FLOWING, weakReports };
        return null;
      }
      this.#uplink = withheld(nowMs, FIRST_RETRY_MS);
      return 'suspendCamera';
    }
    if (state.kind === 'probing' && nowMs - state.sinceMs >= UPLINK_PROBE_MS) {
      if (sendAvailableKbps >= UPLINK_BACK_ABOVE_KBPS) {
        this.#uplink = FLOWING;
        return null;
      }
      this.#uplink = withheld(nowMs, Math.min(state.backoffMs * 2, MAX_RETRY_MS));
      return 'suspendCamera';
    }
    // While suspended the estimate says nothing: the camera is off.
    return null;
  }

  /** Time passes (every second): a withheld direction is tried again when its backoff ends. */
  tick(nowMs: number): LinkEffect[] {
    const effects: LinkEffect[] = [];
    const retry = (state: DirectionState): DirectionState => {
      if (state.kind !== 'withheld' || nowMs < state.retryAtMs) return state;
      return { kind: 'probing', sinceMs: nowMs, backoffMs: state.backoffMs };
    };
    const [down, up] = [retry(this.#downlink), retry(this.#uplink)];
    if (down !== this.#downlink) effects.push('restoreVideo');
    if (up !== this.#uplink) effects.push('resumeCamera');
    [this.#downlink, this.#uplink] = [down, up];
    return effects;
  }
}

/** mediasoup fit no layer of any video it should send. */
function starved(sample: PeerLinkSample): boolean {
  return (
    sample.activeVideoConsumers > 0 && sample.starvedVideoConsumers === sample.activeVideoConsumers
  );
}

function withheld(nowMs: number, backoffMs: number): DirectionState {
  return { kind: 'withheld', retryAtMs: nowMs + backoffMs, backoffMs };
}
