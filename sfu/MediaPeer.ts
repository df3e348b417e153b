import type { types } from 'mediasoup';
import { MediaRoomError } from './MediaRoomError';

export interface ProducerAppData extends types.AppData {
  peerId: string;
  source: string;
}

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

  constructor(id: string) {
    this.id = id;
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

function found<T>(value: T | undefined, what: string, id: string): T {
  if (value === undefined)
    throw new MediaRoomError('not_found', `no ${what} ${id} for this participant`);
  return value;
}
