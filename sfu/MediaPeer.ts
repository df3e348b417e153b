import type { types } from 'mediasoup';
import { MediaRoomError } from './MediaRoomError';
import type { VideoDelivery } from './linkSample';

export interface ProducerAppData extends types.AppData {
  peerId: string;
  source: string;
}

/**
 * How many media objects one peer may own at once. The room knows counts,
 * not roles: the signalling layer derives these from what a role may do.
 */
export interface MediaPeerLimits {
  /** Transports per direction are always at most one; this caps the directions (1 or 2). */
  transports: number;
  producers: number;
  consumers: number;
}

/** What any peer may own when its owner passes no limits: one of each direction, no more. */
export const DEFAULT_PEER_LIMITS: MediaPeerLimits = { transports: 2, producers: 3, consumers: 150 };

/**
 * The media objects one participant owns inside a room. Everything is
 * looked up through the owning peer, so nobody can drive another peer's
 * transport, producer or consumer by guessing its id.
 */
export class MediaPeer {
  readonly id: string;
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, types.Producer<ProducerAppData>>();
  readonly consumers = new Map<string, types.Consumer>();
  rtpCapabilities: types.RtpCapabilities | undefined;
  limits: MediaPeerLimits;
  /** mediasoup's latest bandwidth estimate towards this peer (`linkSample.ts`). */
  downlinkAvailableBps: number | null = null;
  /** What the server lets through of this peer's video, by how well its line holds (`linkSample.ts`). */
  videoDelivery: VideoDelivery = 'normal';
  /** While `videoDelivery` holds layers back: the layers each consumer asked for, given back after. */
  readonly wantedLayers = new Map<string, types.ConsumerLayers>();

  constructor(id: string, limits: MediaPeerLimits = DEFAULT_PEER_LIMITS) {
    this.id = id;
    this.limits = limits;
  }

  /** One send and one receive transport are all a client needs; more are refused. */
  assertCanAddTransport(direction: string): void {
    for (const transport of this.transports.values()) {
      if ((transport.appData as { direction?: string }).direction === direction)
        throw new MediaRoomError('limit', `this participant already has a ${direction} transport`);
    }
    if (this.transports.size >= this.limits.transports)
      throw new MediaRoomError('limit', 'this participant may not open another transport');
  }

  assertCanAddProducer(): void {
    if (this.producers.size >= this.limits.producers)
      throw new MediaRoomError('limit', 'this participant may not send another track');
  }

  /** A producer is consumed once per peer, so consumers never outnumber the room's producers. */
  assertCanConsume(producerId: string): void {
    for (const consumer of this.consumers.values()) {
      if (consumer.producerId === producerId)
        throw new MediaRoomError('limit', `producer ${producerId} is already consumed`);
    }
    if (this.consumers.size >= this.limits.consumers)
      throw new MediaRoomError('limit', 'this participant may not receive another track');
  }

  transport(transportId: string): types.WebRtcTransport {
    return found(this.transports.get(transportId), 'transport', transportId);
  }

  producer(producerId: string): types.Producer<ProducerAppData> {
    return found(this.producers.get(producerId), 'producer', producerId);
  }

  consumer(consumerId: string): types.Consumer {
    return found(this.consumers.get(consumerId), 'consumer', consumerId);
  }

  /** Closing transports closes their producers and consumers (mediasoup's ownership tree). */
  close(): void {
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
  }
}

/** Whether another transport in `direction` would pass the limits (checked again after an await). */
export function fits(peer: MediaPeer, direction: string): boolean {
  try {
    peer.assertCanAddTransport(direction);
    return true;
  } catch {
    return false;
  }
}

/** Whether consuming `producerId` would pass the limits (checked again after an await). */
export function consumable(peer: MediaPeer, producerId: string): boolean {
  try {
    peer.assertCanConsume(producerId);
    return true;
  } catch {
    return false;
  }
}

function found<T>(value: T | undefined, what: string, id: string): T {
  if (value === undefined)
    throw new MediaRoomError('not_found', `no ${what} ${id} for this participant`);
  return value;
}
