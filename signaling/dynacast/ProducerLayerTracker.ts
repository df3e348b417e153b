import { MediaRoomError, type ConsumerDemand, type MediaRoom } from '../../sfu';
import type { Participant } from '../Participant';
import { announceDelayMs, wantedSpatialLayer, type LayerDemand } from './wantedLayers';

interface TrackedProducer {
  ownerId: string;
  /** What the owner's page was last told to encode (it starts encoding every layer). */
  announced: number | null;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Tells each video producer's own page which spatial layers anyone watches
 * (`producerLayersWanted`), so it stops encoding the others. Only the
 * owner hears it, and hidden viewers weigh in as `wantedSpatialLayer` says.
 */
export class ProducerLayerTracker {
  readonly #room: MediaRoom;
  readonly #participant: (id: string) => Participant | undefined;
  readonly #producers = new Map<string, TrackedProducer>();
  /** Consumers whose hidden viewer enlarged the tile → that viewer's id. */
  readonly #enlarged = new Map<string, string>();

  constructor(room: MediaRoom, participant: (id: string) => Participant | undefined) {
    this.#room = room;
    this.#participant = participant;
    room.on('consumerDemandChanged', (producerId) => this.#update(producerId));
  }

  addProducer(ownerId: string, producerId: string): void {
    const top = this.#room.spatialLayerCount(producerId) - 1;
    this.#producers.set(producerId, { ownerId, announced: top, timer: undefined });
    this.#update(producerId);
  }

  /** Call before changing the consumer's preferred layers, which triggers the update. */
  setEnlarged(viewerId: string, consumerId: string, enlarged: boolean): void {
    // Only the viewer's own open consumers are kept: ids sent by a hostile client, or of
    // consumers closed since, cannot grow the map or weigh on another viewer's tile.
    for (const [id, owner] of this.#enlarged)
      if (!this.#room.hasConsumer(owner, id)) this.#enlarged.delete(id);
    if (!this.#room.hasConsumer(viewerId, consumerId)) return;
    if (enlarged) this.#enlarged.set(consumerId, viewerId);
    else this.#enlarged.delete(consumerId);
  }

  close(): void {
    for (const producer of this.#producers.values()) clearTimeout(producer.timer);
    this.#producers.clear();
  }

  #update(producerId: string): void {
    const producer = this.#producers.get(producerId);
    if (!producer) return;
    clearTimeout(producer.timer);
    producer.timer = undefined;
    const wanted = this.#wanted(producerId);
    if (wanted === undefined) return void this.#producers.delete(producerId);
    if (wanted === producer.announced) return;
    producer.timer = setTimeout(
      () => this.#announce(producerId, producer),
      announceDelayMs(producer.announced, wanted),
    );
  }

  #announce(producerId: string, producer: TrackedProducer): void {
    producer.timer = undefined;
    const wanted = this.#wanted(producerId);
    if (wanted === undefined) return void this.#producers.delete(producerId);
    if (wanted === producer.announced) return;
    producer.announced = wanted;
    this.#participant(producer.ownerId)?.link.notify('producerLayersWanted', {
      producerId,
      maxSpatialLayer: wanted,
    });
  }

  /** Undefined once the producer or the room is gone. */
  #wanted(producerId: string): number | null | undefined {
    if (this.#room.closed) return undefined;
    try {
      const count = this.#room.spatialLayerCount(producerId);
      const demands = this.#room.consumerDemands(producerId).map((d) => this.#weigh(d));
      return wantedSpatialLayer(demands, count);
    } catch (error) {
      if (error instanceof MediaRoomError) return undefined;
      throw error;
    }
  }

  #weigh(demand: ConsumerDemand): LayerDemand {
    const viewer = this.#participant(demand.peerId);
    return {
      preferredSpatialLayer: demand.preferredSpatialLayer,
      paused: demand.paused,
      hidden: viewer?.visible !== true,
      enlarged: this.#enlarged.get(demand.consumerId) === demand.peerId,
    };
  }
}
