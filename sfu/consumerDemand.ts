import type { types } from 'mediasoup';

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
 * `withheld`: paused by the server because the receiver's line is too weak for now
 * (`setVideoWithheld`); it still counts as watching, so the sender keeps encoding what it
 * will want back and the picture returns at once when the line does.
 */
export function demandOf(
  peerId: string,
  consumer: types.Consumer,
  withheld = false,
): ConsumerDemand {
  return {
    consumerId: consumer.id,
    peerId,
    preferredSpatialLayer: consumer.preferredLayers?.spatialLayer,
    paused: (consumer.paused && !withheld) || consumer.producerPaused,
  };
}

/** Spatial layers a producer sends: one per simulcast encoding, one without simulcast. */
export function spatialLayerCountOf(producer: types.Producer): number {
  return Math.max(1, producer.rtpParameters.encodings?.length ?? 1);
}
