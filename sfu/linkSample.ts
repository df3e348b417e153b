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
 * What a peer's video consumers carry: what each asks for (`normal`), nothing (`withheld`:
 * its line cannot hold the lowest layer next to the voice), or only the lowest spatial and
 * temporal layer (`lowest`: a cheap probe of a line that was too weak). Audio is never touched.
 */
export type VideoDelivery = 'normal' | 'withheld' | 'lowest';

/** The lowest layer: 240 px wide at a quarter of the frame rate, a few tens of kbit/s. */
const LOWEST_LAYERS: types.ConsumerLayers = { spatialLayer: 0, temporalLayer: 0 };

export async function setVideoDelivery(peer: MediaPeer, delivery: VideoDelivery): Promise<void> {
  // Set first: the pauses below announce demand changes that must already see it.
  peer.videoDelivery = delivery;
  for (const consumer of [...peer.consumers.values()]) await deliverVideo(peer, consumer);
  if (delivery !== 'lowest') peer.wantedLayers.clear();
}

/**
 * Brings one consumer in line with its peer's delivery (also a consumer created or resumed
 * meanwhile). While `lowest`, the layers the receiver asks for wait in `wantedLayers` and
 * come back when the delivery is `normal`; mediasoup then raises the layer as its estimate
 * allows. A resumed consumer asks for a keyframe at once.
 */
export async function deliverVideo(peer: MediaPeer, consumer: types.Consumer): Promise<void> {
  if (consumer.kind !== 'video' || consumer.closed) return;
  const layered = consumer.type === 'simulcast' || consumer.type === 'svc';
  if (peer.videoDelivery === 'withheld') {
    await consumer.pause();
  } else if (layered && peer.videoDelivery === 'lowest') {
    if (!peer.wantedLayers.has(consumer.id) && consumer.preferredLayers)
      peer.wantedLayers.set(consumer.id, consumer.preferredLayers);
    await consumer.setPreferredLayers(LOWEST_LAYERS);
  }
  const wanted = peer.wantedLayers.get(consumer.id);
  if (layered && peer.videoDelivery !== 'lowest' && wanted) {
    await consumer.setPreferredLayers(wanted);
    peer.wantedLayers.delete(consumer.id);
  }
  if (peer.videoDelivery !== 'withheld' && consumer.paused) {
    await consumer.resume();
    await consumer.requestKeyFrame().catch(() => undefined);
  }
}

/**
 * The receiver is ready to render `consumer`: it gets what its peer's delivery allows, and a
 * resumed video asks its producer for a keyframe at once rather than wait for the worker's own
 * request or the next periodic keyframe (a resumed video shows nothing until one).
 */
export async function resumeConsumer(peer: MediaPeer, consumer: types.Consumer): Promise<void> {
  if (consumer.kind === 'video' && peer.videoDelivery !== 'normal') {
    await deliverVideo(peer, consumer);
    return;
  }
  await consumer.resume();
  if (consumer.kind === 'video') await consumer.requestKeyFrame().catch(() => undefined);
}

/** The layers the receiver asks for; a probe holds the consumer on its lowest layer, so the wish waits for its end. */
export async function preferLayers(
  peer: MediaPeer,
  consumer: types.Consumer,
  layers: types.ConsumerLayers,
): Promise<void> {
  if (peer.videoDelivery === 'lowest') peer.wantedLayers.set(consumer.id, layers);
  else await consumer.setPreferredLayers(layers);
}
