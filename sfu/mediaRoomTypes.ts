import type { types } from 'mediasoup';
import type { ProducerAppData } from './MediaPeer';
import { MediaRoomError } from './MediaRoomError';
import type { WorkerPool } from './WorkerPool';

/* What MediaRoom takes and answers: plain data, no mediasoup objects leave the room. */

export interface MediaRoomOptions {
  pool: WorkerPool;
  /** Avoid this worker, e.g. the one that just died. */
  avoidWorker?: number;
  /** Outgoing bitrate cap per transport, bits per second. */
  maxIncomingBitrateBps?: number;
}

export interface TransportOptions {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

export interface ProduceOptions {
  transportId: string;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
  source: string;
}

export interface ProducerSummary {
  producerId: string;
  peerId: string;
  kind: types.MediaKind;
  source: string;
  paused: boolean;
}

export interface ConsumerOptions {
  consumerId: string;
  producerId: string;
  peerId: string;
  kind: types.MediaKind;
  source: string;
  rtpParameters: types.RtpParameters;
}

export interface TransportStatsSummary {
  transportId: string;
  bytesReceived: number;
  bytesSent: number;
  recvBitrateBps: number;
  sendBitrateBps: number;
  /** The bandwidth estimate towards the client, when mediasoup has one. */
  availableOutgoingBitrateBps: number | null;
}

export type MediaRoomEvents = {
  /** The loudest sustained speaker changed (mediasoup's ActiveSpeakerObserver). */
  activeSpeakerChanged: [peerId: string | null];
  /** A consumer was closed by the server because its producer went away. */
  consumerClosed: [peerId: string, consumerId: string];
  consumerLayersChanged: [peerId: string, consumerId: string, layers: types.ConsumerLayers | null];
  /**
   * A consumer of this producer appeared, closed, paused, resumed or changed its preferred
   * layers: what the producer must encode may have changed (`consumerDemands`).
   */
  consumerDemandChanged: [producerId: string];
  /** The worker under this room died; the room is closed and must be rebuilt. */
  workerDied: [];
};

export function summarise(producer: types.Producer<ProducerAppData>): ProducerSummary {
  return {
    producerId: producer.id,
    peerId: producer.appData.peerId,
    kind: producer.kind,
    source: producer.appData.source,
    paused: producer.paused,
  };
}

/** mediasoup rejects bad parameters with TypeError/Error; report those as the caller's mistake. */
export async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof MediaRoomError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new MediaRoomError('invalid', message);
  }
}

export async function transportStatsOf(
  transport: types.WebRtcTransport,
): Promise<TransportStatsSummary> {
  const [stats] = await transport.getStats();
  if (!stats) throw new MediaRoomError('not_found', `no stats for transport ${transport.id}`);
  return {
    transportId: transport.id,
    bytesReceived: stats.bytesReceived,
    bytesSent: stats.bytesSent,
    recvBitrateBps: stats.recvBitrate,
    sendBitrateBps: stats.sendBitrate,
    availableOutgoingBitrateBps: stats.availableOutgoingBitrate ?? null,
  };
}
