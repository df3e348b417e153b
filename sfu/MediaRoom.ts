import type { types } from 'mediasoup';
import {
  demandOf,
  spatialLayerCountOf,
  trackConsumer,
  type ConsumerDemand,
} from './consumerDemand';
import {
  MediaPeer,
  consumable,
  fits,
  type MediaPeerLimits,
  type ProducerAppData,
} from './MediaPeer';
import { MediaRoomError } from './MediaRoomError';
import {
  followDownlinkEstimate,
  deliverVideo,
  linkSampleOf,
  preferLayers,
  resumeConsumer,
  setVideoDelivery,
  type PeerLinkSample,
  type VideoDelivery,
} from './linkSample';
import { TypedEmitter } from './TypedEmitter';
import {
  guard,
  summarise,
  transportStatsOf,
  type ConsumerOptions,
  type MediaRoomEvents,
  type MediaRoomOptions,
  type ProduceOptions,
  type ProducerSummary,
  type TransportOptions,
  type TransportStatsSummary,
} from './mediaRoomTypes';
import { RouterGroup } from './RouterGroup';

const SIMULCAST_LAYERS = 3;

/**
 * One lesson's media: its peers' transports, producers and consumers, on one router, or on
 * several workers' routers when more peers join than one router carries (`RouterGroup`,
 * transparent to the callers). Knows nothing about sockets: callers pass peer ids and get
 * plain results or a MediaRoomError. Consumers are created paused and resumed by the client
 * once it is ready to render them (mediasoup-demo `_createConsumer`).
 */
export class MediaRoom extends TypedEmitter<MediaRoomEvents> {
  readonly #group: RouterGroup;
  /** None when the pool's interval is 0. */
  readonly #activeSpeaker: types.ActiveSpeakerObserver | undefined;
  readonly #peers = new Map<string, MediaPeer>();
  readonly #options: MediaRoomOptions;
  #closed = false;

  private constructor(
    group: RouterGroup,
    activeSpeaker: types.ActiveSpeakerObserver | undefined,
    options: MediaRoomOptions,
  ) {
    super();
    this.#group = group;
    this.#activeSpeaker = activeSpeaker;
    this.#options = options;
    group.onWorkerClosed = () => this.#handleWorkerClosed();
    activeSpeaker?.on('dominantspeaker', ({ producer }) => {
      this.safeEmit('activeSpeakerChanged', (producer.appData as ProducerAppData).peerId);
    });
  }

  static async create(options: MediaRoomOptions): Promise<MediaRoom> {
    const group = await RouterGroup.create(options.pool, options.avoidWorker);
    const interval = options.pool.activeSpeakerIntervalMs;
    const activeSpeaker =
      interval > 0 ? await group.home.router.createActiveSpeakerObserver({ interval }) : undefined;
    return new MediaRoom(group, activeSpeaker, options);
  }

  get id(): string {
    return this.#group.home.router.id;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The worker of the room's first router (where a lesson starts). */
  get workerIndex(): number {
    return this.#group.home.worker.index;
  }

  /** The workers the room's routers run on, the first one first. */
  get workerIndices(): number[] {
    return this.#group.routers().map((room) => room.worker.index);
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.#group.home.router.rtpCapabilities;
  }

  /** The first router's state as mediasoup sees it; tests use it as the oracle. */
  dump(): Promise<unknown> {
    return this.#group.home.router.dump();
  }

  /** Every router's state, the first one first. */
  dumps(): Promise<unknown[]> {
    return Promise.all(this.#group.routers().map((room) => room.router.dump()));
  }

  addPeer(peerId: string, rtpCapabilities?: types.RtpCapabilities, limits?: MediaPeerLimits): void {
    this.#assertOpen();
    const peer = this.#peers.get(peerId) ?? new MediaPeer(peerId, limits);
    if (rtpCapabilities) peer.rtpCapabilities = rtpCapabilities;
    if (limits) peer.limits = limits;
    this.#peers.set(peerId, peer);
  }

  removePeer(peerId: string): void {
    this.#peers.get(peerId)?.close();
    this.#peers.delete(peerId);
    this.#group.release(peerId);
  }

  hasPeer(peerId: string): boolean {
    return this.#peers.has(peerId);
  }

  /** Whether `consumerId` is open and belongs to `peerId`. */
  hasConsumer(peerId: string, consumerId: string): boolean {
    return this.#peers.get(peerId)?.consumers.has(consumerId) ?? false;
  }

  async createTransport(peerId: string, direction: 'send' | 'recv'): Promise<TransportOptions> {
    const peer = this.#peer(peerId);
    peer.assertCanAddTransport(direction);
    const placed = await this.#group.place(peerId);
    const transport = await placed.router.createWebRtcTransport({
      webRtcServer: placed.worker.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      appData: { peerId, direction },
    });
    if (this.#options.maxIncomingBitrateBps && direction === 'send') {
      await transport.setMaxIncomingBitrate(this.#options.maxIncomingBitrateBps);
    }
    if (direction === 'recv') await followDownlinkEstimate(peer, transport);
    // Checked again: two concurrent requests may both have passed the first check.
    if (!fits(peer, direction)) {
      transport.close();
      peer.assertCanAddTransport(direction);
    }
    peer.transports.set(transport.id, transport);
    transport.observer.once('close', () => peer.transports.delete(transport.id));
    const { id, iceParameters, iceCandidates, dtlsParameters } = transport;
    return { id, iceParameters, iceCandidates, dtlsParameters };
  }

  async connectTransport(
    peerId: string,
    transportId: string,
    dtlsParameters: types.DtlsParameters,
  ) {
    const transport = this.#peer(peerId).transport(transportId);
    await guard(() => transport.connect({ dtlsParameters }));
  }

  /** New ICE credentials for one of the peer's own transports (the client's connection failed). */
  async restartIce(peerId: string, transportId: string): Promise<types.IceParameters> {
    const transport = this.#peer(peerId).transport(transportId);
    return guard(() => transport.restartIce());
  }

  async produce(peerId: string, options: ProduceOptions): Promise<ProducerSummary> {
    const peer = this.#peer(peerId);
    const transport = peer.transport(options.transportId);
    peer.assertCanAddProducer();
    const appData: ProducerAppData = { peerId, source: options.source };
    const producer = await guard(() =>
      transport.produce<ProducerAppData>({
        kind: options.kind,
        rtpParameters: options.rtpParameters,
        appData,
      }),
    );
    if (peer.producers.size >= peer.limits.producers) {
      producer.close();
      peer.assertCanAddProducer();
    }
    peer.producers.set(producer.id, producer);
    producer.observer.once('close', () => peer.producers.delete(producer.id));
    this.#group.addProducer(producer, await this.#group.place(peerId));
    if (producer.kind === 'audio') await this.#observeSpeaker(producer.id);
    return summarise(producer);
  }

  closeProducer(peerId: string, producerId: string): void {
    this.#peer(peerId).producer(producerId).close();
  }

  async setProducerPaused(peerId: string, producerId: string, paused: boolean): Promise<void> {
    const producer = this.#peer(peerId).producer(producerId);
    await (paused ? producer.pause() : producer.resume());
  }

  /** Every live producer in the room, optionally excluding one peer's own. */
  producers(exceptPeerId?: string): ProducerSummary[] {
    const result: ProducerSummary[] = [];
    for (const peer of this.#peers.values()) {
      if (peer.id === exceptPeerId) continue;
      for (const producer of peer.producers.values()) result.push(summarise(producer));
    }
    return result;
  }

  /**
   * Consumers start paused unless `start` says otherwise: one created on a transport that is
   * not connected yet may start flowing at once (nothing leaves before DTLS, and the worker asks
   * for a keyframe when the transport connects), on `start.spatialLayer` for a video.
   */
  async consume(
    peerId: string,
    transportId: string,
    producerId: string,
    start?: { spatialLayer: number },
  ): Promise<ConsumerOptions> {
    const peer = this.#peer(peerId);
    const transport = peer.transport(transportId);
    const producer = this.#findProducer(producerId);
    peer.assertCanConsume(producerId);
    const placed = await this.#group.place(peerId);
    await guard(() => this.#group.pipe(producerId, placed));
    const rtpCapabilities = peer.rtpCapabilities;
    if (!rtpCapabilities || !placed.router.canConsume({ producerId, rtpCapabilities })) {
      throw new MediaRoomError(
        'incompatible',
        `cannot consume producer ${producerId} with these capabilities`,
      );
    }
    const consumer = await guard(() =>
      transport.consume({
        producerId,
        rtpCapabilities,
        paused: !start,
        preferredLayers: start && {
          spatialLayer: Math.min(start.spatialLayer, SIMULCAST_LAYERS - 1),
        },
        appData: { peerId },
      }),
    );
    if (!consumable(peer, producerId)) {
      consumer.close();
      peer.assertCanConsume(producerId);
    }
    trackConsumer(this, peer, consumer);
    // A line judged weak is not given a new picture at full size the moment one appears.
    if (start && peer.videoDelivery !== 'normal') await deliverVideo(peer, consumer);
    this.safeEmit('consumerDemandChanged', producerId);
    return {
      consumerId: consumer.id,
      producerId,
      peerId: producer.appData.peerId,
      kind: consumer.kind,
      source: producer.appData.source,
      rtpParameters: consumer.rtpParameters,
    };
  }

  /** Shares the receiver's estimated bitrate: mediasoup serves higher priorities first (1-255). */
  async setConsumerPriority(peerId: string, consumerId: string, priority: number): Promise<void> {
    await this.#peer(peerId).consumer(consumerId).setPriority(priority);
  }

  /** The client is ready to render the consumer (see `resumeConsumer` in linkSample.ts). */
  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    const peer = this.#peer(peerId);
    await resumeConsumer(peer, peer.consumer(consumerId));
  }

  /** Spatial layer 0 is the thumbnail, 2 the full picture (3 camera layers). */
  async setPreferredLayers(
    peerId: string,
    consumerId: string,
    spatialLayer: number,
    temporalLayer?: number,
  ) {
    const peer = this.#peer(peerId);
    const consumer = peer.consumer(consumerId);
    if (consumer.kind !== 'video')
      throw new MediaRoomError('invalid', 'only video consumers have layers');
    const layers = { spatialLayer: Math.min(spatialLayer, SIMULCAST_LAYERS - 1), temporalLayer };
    await preferLayers(peer, consumer, layers);
    this.safeEmit('consumerDemandChanged', consumer.producerId);
  }

  /** Every open consumer of `producerId`, with what it asks of the encoder. */
  consumerDemands(producerId: string): ConsumerDemand[] {
    const demands: ConsumerDemand[] = [];
    for (const peer of this.#peers.values()) {
      for (const consumer of peer.consumers.values())
        if (consumer.producerId === producerId) demands.push(demandOf(peer, consumer));
    }
    return demands;
  }

  /** How many spatial layers `producerId` sends (3 for a simulcast camera, 1 for a screen). */
  spatialLayerCount(producerId: string): number {
    return spatialLayerCountOf(this.#findProducer(producerId));
  }

  /** How well the peer's line carries video now; null once it left the room. */
  linkSample(peerId: string): PeerLinkSample | null {
    const peer = this.#peers.get(peerId);
    return peer && !this.#closed ? linkSampleOf(peer) : null;
  }

  /** What gets through of the video (never the audio) `peerId` receives, by how its line holds. */
  async setVideoDelivery(peerId: string, delivery: VideoDelivery): Promise<void> {
    await setVideoDelivery(this.#peer(peerId), delivery);
  }

  async transportStats(peerId: string, transportId: string): Promise<TransportStatsSummary> {
    return transportStatsOf(this.#peer(peerId).transport(transportId));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.#group.close();
    this.removeAllListeners();
  }

  /** The observer lives on the first router: a voice from another one is piped there. */
  async #observeSpeaker(producerId: string): Promise<void> {
    if (!this.#activeSpeaker) return;
    try {
      await this.#group.pipe(producerId, this.#group.home);
      await this.#activeSpeaker.addProducer({ producerId });
    } catch {
      // The producer closed meanwhile; nobody to observe.
    }
  }

  #findProducer(producerId: string): types.Producer<ProducerAppData> {
    for (const peer of this.#peers.values()) {
      const producer = peer.producers.get(producerId);
      if (producer) return producer;
    }
    throw new MediaRoomError('not_found', `no producer ${producerId} in this room`);
  }

  #peer(peerId: string): MediaPeer {
    this.#assertOpen();
    const peer = this.#peers.get(peerId);
    if (!peer)
      throw new MediaRoomError('not_found', `participant ${peerId} has not joined the media room`);
    return peer;
  }

  #assertOpen(): void {
    if (this.#closed) throw new MediaRoomError('closed', 'the media room is closed');
  }

  /** A worker under one of the room's routers died: the room is over and must be rebuilt. */
  #handleWorkerClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#peers.clear();
    this.safeEmit('workerDied');
    this.removeAllListeners();
  }
}
