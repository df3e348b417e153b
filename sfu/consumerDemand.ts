import type { types } from 'mediasoup';
import type { MediaPeer } from './MediaPeer';

/**
 * What one consumer asks of its producer's encoder: the spatial layer it
 * prefers (mediasoup's own `preferredLayers`, which defaults to the top one)
 * and whether it receives anything at all. The room knows no roles; the
 * signalling layer decides how much each consumer's demand counts.
 */
export interface ConsumerDemand {
  consumerId: string;
  /** The consuming peer. */
  peerId: string;
  /** Undefined for a single-layer producer (screen share, audio). */
  preferredSpatialLayer: number | undefined;
  /** Paused by its consumer or with its producer: it needs no layer. */
  paused: boolean;
}

/**
 * A consumer whose receiver's line is judged weak still counts as watching what it asked for:
 * paused by the server (`withheld`) or held on the lowest layer by a probe, the sender keeps
 * encoding what it will want back, so the picture returns at once when the line does.
 */
export function demandOf(peer: MediaPeer, consumer: types.Consumer): ConsumerDemand {
  const withheld = peer.videoDelivery === 'withheld';
  const preferred = peer.wantedLayers.get(consumer.id) ?? consumer.preferredLayers;
  return {
    consumerId: consumer.id,
    peerId: peer.id,
    preferredSpatialLayer: preferred?.spatialLayer,
    paused: (consumer.paused && !withheld) || consumer.producerPaused,
  };
}

/** Spatial layers a producer sends: one per simulcast encoding, one without simulcast. */
export function spatialLayerCountOf(producer: types.Producer): number {
  return Math.max(1, producer.rtpParameters.encodings?.length ?? 1);
}
