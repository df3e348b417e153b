import type { types } from 'mediasoup';
import type { MediaPeer } from './MediaPeer';

/**
 * What mediasoup knows, right now, of how well one peer's line carries video: read from
 * properties the worker keeps up to date by events (no request to the worker), so sampling
 * every peer every second costs nothing. The signalling layer turns it into a link state.
 */
export interface PeerLinkSample {
  /** mediasoup's estimate of the bitrate towards the peer (`bwe` trace), null before the first. */
  downlinkAvailableBps: number | null;
  /** Video consumers that should be flowing: resumed, producer resumed and sending. */
  activeVideoConsumers: number;
  /**
   * Of those, how many got no layer at all (`currentLayers` null): mediasoup gives a layer only
   * when its measured bitrate fits the estimate (SimulcastConsumer::IncreaseLayer), so null
   * means even the lowest layer did not fit.
   */
  starvedVideoConsumers: number;
}

export function linkSampleOf(peer: MediaPeer): PeerLinkSample {
  let active = 0;
  let starved = 0;
  for (const consumer of peer.consumers.values()) {
    if (!expectsVideo(consumer)) continue;
    active++;
    if (!consumer.currentLayers) starved++;
  }
  return {
    downlinkAvailableBps: peer.downlinkAvailableBps,
    activeVideoConsumers: active,
    starvedVideoConsumers: starved,
  };
}

/**
 * A video consumer that would carry a picture if the line allowed: a producer that sends
 * nothing (camera suspended, every layer switched off by dynacast) starves no one.
 */
function expectsVideo(consumer: types.Consumer): boolean {
  if (consumer.kind !== 'video' || consumer.closed) return false;
  if (consumer.paused || consumer.producerPaused) return false;
  return Math.max(0, ...consumer.score.producerScores) > 0;
}

/** Keeps `peer.downlinkAvailableBps` at mediasoup's latest estimate for its receive transport. */
export async function followDownlinkEstimate(
  peer: MediaPeer,
  transport: types.WebRtcTransport,
): Promise<void> {
  transport.on('trace', (trace) => {
    if (trace.type !== 'bwe') return;
    const available = (trace.info as { availableBitrate?: unknown }).availableBitrate;
    if (typeof available === 'number') peer.downlinkAvailableBps = available;
  });
  await transport.enableTraceEvent(['bwe']);
}

/**
 * Pauses (or resumes) every video consumer of `peer`, never an audio one: its line cannot hold
 * the lowest layer next to the voice. A resumed one asks for a keyframe at once.
 */
export async function setVideoWithheld(peer: MediaPeer, withheld: boolean): Promise<void> {
  // Set first: the pauses below announce demand changes that must already see it.
  peer.videoWithheld = withheld;
  for (const consumer of [...peer.consumers.values()]) {
    if (consumer.kind !== 'video' || consumer.closed) continue;
    if (withheld) {
      await consumer.pause();
    } else {
      await consumer.resume();
      await consumer.requestKeyFrame().catch(() => undefined);
    }
  }
}
