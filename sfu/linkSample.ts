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
 * its line cannot hold the lowest layer next to the voice), only the lowest spatial and
 * temporal layer (`lowest`: a cheap probe of a line that was too weak), or what each asks for
 * up to a layer (`LayerCap`: a line given its picture back a step at a time). Audio is never
 * touched.
 */
export type VideoDelivery = 'normal' | 'withheld' | 'lowest' | LayerCap;

/** The highest spatial layer, and within it the highest temporal one (all when absent), a consumer may get. */
export interface LayerCap {
  spatialAtMost: number;
  temporalAtMost?: number;
}

/** The lowest layer: 240 px wide at a quarter of the frame rate, a few tens of kbit/s. */
const LOWEST_LAYERS: types.ConsumerLayers = { spatialLayer: 0, temporalLayer: 0 };

/** What the receiver asked for: waiting while the delivery holds it back, else the consumer's own. */
function wantedOf(peer: MediaPeer, consumer: types.Consumer): types.ConsumerLayers | undefined {
  return peer.wantedLayers.get(consumer.id) ?? consumer.preferredLayers;
}

function isLayered(consumer: types.Consumer): boolean {
  return consumer.type === 'simulcast' || consumer.type === 'svc';
}

/** What a consumer asking for `wanted` gets under `delivery`, when the delivery holds its layers back. */
function heldLayers(
  delivery: VideoDelivery,
  wanted: types.ConsumerLayers | undefined,
): types.ConsumerLayers | null {
  if (delivery === 'lowest') return LOWEST_LAYERS;
  if (typeof delivery === 'string') return null;
  const spatialLayer = Math.min(
    wanted?.spatialLayer ?? delivery.spatialAtMost,
    delivery.spatialAtMost,
  );
  // At the receiver's own spatial layer, the temporal layer it asked for; under the cap's.
  const asked = spatialLayer === wanted?.spatialLayer ? wanted.temporalLayer : undefined;
  const temporalLayer =
    asked === undefined
      ? delivery.temporalAtMost
      : Math.min(asked, delivery.temporalAtMost ?? asked);
  return temporalLayer === undefined ? { spatialLayer } : { spatialLayer, temporalLayer };
}

export async function setVideoDelivery(peer: MediaPeer, delivery: VideoDelivery): Promise<void> {
  // Set first: the pauses below announce demand changes that must already see it.
  peer.videoDelivery = delivery;
  for (const consumer of [...peer.consumers.values()]) await deliverVideo(peer, consumer);
  if (delivery === 'normal' || delivery === 'withheld') peer.wantedLayers.clear();
}

/**
 * Brings one consumer in line with its peer's delivery (also a consumer created or resumed
 * meanwhile). While the delivery holds layers back, the layers the receiver asks for wait in
 * `wantedLayers` and come back when it is `normal`; mediasoup then raises the layer as its
 * estimate allows. A resumed consumer asks for a keyframe at once.
 */
export async function deliverVideo(peer: MediaPeer, consumer: types.Consumer): Promise<void> {
  if (consumer.kind !== 'video' || consumer.closed) return;
  const layered = isLayered(consumer);
  const delivery = peer.videoDelivery;
  if (delivery === 'withheld') await consumer.pause();
  const held = layered ? heldLayers(delivery, wantedOf(peer, consumer)) : null;
  if (held) {
    if (!peer.wantedLayers.has(consumer.id) && consumer.preferredLayers)
      peer.wantedLayers.set(consumer.id, consumer.preferredLayers);
    await consumer.setPreferredLayers(held);
  }
  const wanted = peer.wantedLayers.get(consumer.id);
  if (layered && !held && wanted) {
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

/**
 * The layers the receiver asks for. While the delivery holds layers back (a probe, or a line
 * given its picture back a layer at a time) the wish waits, and the consumer gets what the
 * delivery allows of it.
 */
export async function preferLayers(
  peer: MediaPeer,
  consumer: types.Consumer,
  layers: types.ConsumerLayers,
): Promise<void> {
  const held = isLayered(consumer) ? heldLayers(peer.videoDelivery, layers) : null;
  if (!held) {
    await consumer.setPreferredLayers(layers);
    return;
  }
  peer.wantedLayers.set(consumer.id, layers);
  await consumer.setPreferredLayers(held);
}
