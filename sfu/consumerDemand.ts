import type { types } from 'mediasoup';
import type { MediaPeer } from './MediaPeer';
import type { MediaRoomEvents } from './mediaRoomTypes';
import type { TypedEmitter } from './TypedEmitter';

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

/**
 * Keeps `peer.consumers` in step with `consumer`'s life and tells `room` of every change of
 * what it asks of its producer (created elsewhere; closed, paused, resumed here), of its
 * closing with its producer and of the layers it receives.
 */
export function trackConsumer(
  room: TypedEmitter<MediaRoomEvents>,
  peer: MediaPeer,
  consumer: types.Consumer,
): void {
  peer.consumers.set(consumer.id, consumer);
  const demandChanged = () => room.safeEmit('consumerDemandChanged', consumer.producerId);
  consumer.observer.once('close', () => {
    peer.consumers.delete(consumer.id);
    peer.wantedLayers.delete(consumer.id);
    demandChanged();
  });
  consumer.observer.on('pause', demandChanged);
  consumer.observer.on('resume', demandChanged);
  consumer.on('producerclose', () => {
    peer.consumers.delete(consumer.id);
    room.safeEmit('consumerClosed', peer.id, consumer.id);
  });
  consumer.on('layerschange', (layers) => {
    room.safeEmit('consumerLayersChanged', peer.id, consumer.id, layers ?? null);
  });
}
