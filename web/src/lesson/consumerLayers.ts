/** The top simulcast layer; the server caps it to what the producer sends. */
const TOP_SPATIAL_LAYER = 2;

/**
 * Starts each new video consumer on its lowest layer, whose first keyframe is
 * small and arrives quickly while the connection's bandwidth estimate is still
 * low, and raises it to the layer the view wants once the server reports it
 * flowing (`consumerLayersChanged`). A view's choice made before that
 * (a thumbnail, a spotlight) is kept and applied then.
 */
export interface LayerChoice {
  spatialLayer: number;
  /** A hidden viewer enlarged this tile (see signaling/dynacast/wantedLayers.ts). */
  enlarged: boolean;
}

export class ConsumerLayers {
  readonly #send: (consumerId: string, choice: LayerChoice) => Promise<void>;
  /** What each consumer's view wants; the top layer unless the view said otherwise. */
  readonly #wanted = new Map<string, LayerChoice>();
  readonly #flowing = new Set<string>();

  constructor(send: (consumerId: string, choice: LayerChoice) => Promise<void>) {
    this.#send = send;
  }

  /** Before resuming a new video consumer. */
  async start(consumerId: string): Promise<void> {
    await this.#send(consumerId, { spatialLayer: 0, enlarged: false });
  }

  /** The view's choice: sent now if the consumer flows, else once it does. */
  async prefer(consumerId: string, choice: LayerChoice): Promise<void> {
    this.#wanted.set(consumerId, choice);
    if (this.#flowing.has(consumerId)) await this.#send(consumerId, choice);
  }

  handleLayersChanged(consumerId: string, spatialLayer: number | null): void {
    if (spatialLayer === null || this.#flowing.has(consumerId)) return;
    this.#flowing.add(consumerId);
    const wanted = this.#wanted.get(consumerId) ?? {
      spatialLayer: TOP_SPATIAL_LAYER,
      enlarged: false,
    };
    if (wanted.spatialLayer !== 0 || wanted.enlarged)
      void this.#send(consumerId, wanted).catch(() => undefined);
  }

  forget(consumerId: string): void {
    this.#wanted.delete(consumerId);
    this.#flowing.delete(consumerId);
  }
}
