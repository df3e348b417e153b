import type { PeerLinkSample } from '../../sfu';
import type { LinkDirection, LinkState } from '../protocol';

/*
 * Thresholds of the weak-line policy (issue 9, item 3). Measured on a shaped link (see the
 * README's "Degradation policy"): mediasoup gives a consumer no layer at all when even the
 * lowest one's measured bitrate does not fit its estimate, and keeps probing the line;
 * Chromium keeps sending its lowest simulcast layer however low its own estimate falls, and
 * never probes a line it has nothing to send on.
 */

/** A starvation shorter than this is a blip (a resumed consumer waits for its keyframe, one bad BWE update): no message for it. */
export const DOWNLINK_WEAK_AFTER_MS = 4_000;
/** The picture must flow this long again before the message goes: mediasoup's layer choice wavers near the threshold. */
export const DOWNLINK_BACK_AFTER_MS = 6_000;
/**
 * Below this estimate of what it can send, a classroom's lowest layer (320x180 at 15 fps) is
 * blocks and stutter, and what is left is what keeps its voice (Opus and its packet overhead,
 * about 40 kbit/s) whole.
 */
export const UPLINK_WEAK_BELOW_KBPS = 100;
/** Two reports in a row (reports come every 5 s): one low estimate right after a loss burst is not a weak line. */
export const UPLINK_WEAK_REPORTS = 2;
/** A probe must show this much, twice the weak threshold, so the camera does not come back only to be suspended again. */
export const UPLINK_BACK_ABOVE_KBPS = 200;
/** The first retry: a Wi-Fi drop or an office upload often ends within seconds. */
export const UPLINK_FIRST_RETRY_MS = 10_000;
/** Retries double up to this: a line that stays thin is not disturbed more than once a minute or so. */
export const UPLINK_MAX_RETRY_MS = 80_000;
/**
 * A probe is judged on the first report this long after it started: Chromium's estimate needs a
 * few seconds of video to climb (it probes when its encodings come back).
 */
export const UPLINK_PROBE_MS = 8_000;

type DownlinkState =
  { kind: 'fed'; starvedSinceMs: number | null } | { kind: 'starved'; fedSinceMs: number | null };

type UplinkState =
  | { kind: 'sending'; weakReports: number }
  | { kind: 'suspended'; retryAtMs: number; backoffMs: number }
  | { kind: 'probing'; sinceMs: number; backoffMs: number };

/** What the owner must do after a step: tell the page to stop or restart its camera. */
export type LinkEffect = 'suspendCamera' | 'resumeCamera' | null;

export interface LinkSummary {
  state: LinkState;
  direction: LinkDirection | null;
}

/**
 * One participant's line, in each direction: `full` while both carry video; `audioOnly` while
 * the downlink is starved (mediasoup could not fit the lowest layer of anything it receives)
 * or the uplink is suspended or probing (the page stopped its camera on the server's word, and
 * tries again with a backoff, since nothing sent means nothing measured). Sound is never part
 * of it. Only `LinkMonitor` moves it.
 */
export class LinkLifecycle {
  #downlink: DownlinkState = { kind: 'fed', starvedSinceMs: null };
  #uplink: UplinkState = { kind: 'sending', weakReports: 0 };

  get summary(): LinkSummary {
    const down = this.#downlink.kind === 'starved';
    const up = this.#uplink.kind !== 'sending';
    if (!down && !up) return { state: 'full', direction: null };
    return { state: 'audioOnly', direction: down && up ? 'both' : down ? 'downlink' : 'uplink' };
  }

  /** A sample of what mediasoup sends the participant (every second). */
  sampleDownlink(sample: PeerLinkSample, nowMs: number): void {
    // Nothing expected (no video sent to it): nothing is withheld, the line is not judged.
    const starved =
      sample.activeVideoConsumers > 0 &&
      sample.starvedVideoConsumers === sample.activeVideoConsumers;
    const state = this.#downlink;
    if (state.kind === 'fed') {
      if (!starved) return void (this.#downlink = { kind: 'fed', starvedSinceMs: null });
      const since = state.starvedSinceMs ?? nowMs;
      this.#downlink =
        nowMs - since >= DOWNLINK_WEAK_AFTER_MS
          ? { kind: 'starved', fedSinceMs: null }
          : { kind: 'fed', starvedSinceMs: since };
    } else {
      if (starved) return void (this.#downlink = { kind: 'starved', fedSinceMs: null });
      const since = state.fedSinceMs ?? nowMs;
      this.#downlink =
        nowMs - since >= DOWNLINK_BACK_AFTER_MS
          ? { kind: 'fed', starvedSinceMs: null }
          : { kind: 'starved', fedSinceMs: since };
    }
  }

  /** The page's own estimate of its uplink, from its quality report (null: it has none). */
  reportUplink(sendAvailableKbps: number | null, nowMs: number): LinkEffect {
    const state = this.#uplink;
    if (sendAvailableKbps === null) return null;
    if (state.kind === 'sending') {
      const weakReports = sendAvailableKbps < UPLINK_WEAK_BELOW_KBPS ? state.weakReports + 1 : 0;
      if (weakReports < UPLINK_WEAK_REPORTS) {
        this.#uplink = { kind: 'sending', weakReports };
        return null;
      }
      return this.#suspend(nowMs, UPLINK_FIRST_RETRY_MS);
    }
    if (state.kind === 'probing' && nowMs - state.sinceMs >= UPLINK_PROBE_MS) {
      if (sendAvailableKbps < UPLINK_BACK_ABOVE_KBPS)
        return this.#suspend(nowMs, Math.min(state.backoffMs * 2, UPLINK_MAX_RETRY_MS));
      this.#uplink = { kind: 'sending', weakReports: 0 };
    }
    // While suspended the estimate says nothing: the camera is off.
    return null;
  }

  /** Time passes (every second): a suspended camera is tried again when its backoff ends. */
  tick(nowMs: number): LinkEffect {
    const state = this.#uplink;
    if (state.kind !== 'suspended' || nowMs < state.retryAtMs) return null;
    this.#uplink = { kind: 'probing', sinceMs: nowMs, backoffMs: state.backoffMs };
    return 'resumeCamera';
  }

  #suspend(nowMs: number, backoffMs: number): LinkEffect {
    this.#uplink = { kind: 'suspended', retryAtMs: nowMs + backoffMs, backoffMs };
    return 'suspendCamera';
  }
}
