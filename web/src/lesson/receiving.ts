import type { types } from 'mediasoup-client';
import type { ProducerInfo, ResponseData } from '../../../signaling/protocol';
import { ConsumerLayers } from './consumerLayers';
import { consumeRaw, type EarlyMedia, type EarlyReceiving } from './earlyMedia';
import type { EarlyVideo } from './earlyVideo';
import {
  FIRST_FRAME_STEP_MARKS,
  markOnce,
  type LessonState,
  type RemoteTrackInfo,
} from './lessonState';
import { shouldConsume } from './receivePolicy';
import { SignalingError, request, type LessonSocket } from './signalingClient';
import type { Store } from './store';

/** A consumer as the server described it, with whether its producer is paused. */
type Received = ResponseData<'consume'> & { paused: boolean };

export interface ReceiverOptions {
  socket: LessonSocket;
  store: Store<LessonState>;
  /** The issue-14 behaviour (off only in the page benchmark's baseline). */
  dynacast: boolean;
  /** A recv transport on the server's parameters (or asked for when none were prepared). */
  createTransport: (prepared?: ResponseData<'createTransport'>) => Promise<types.Transport>;
  /** Wires ICE recovery on a transport made by the early receive path. */
  watchIce: (transport: types.Transport) => void;
}

/**
 * The receiving half of a lesson client: its recv transport, the consumers and their tracks,
 * and the layers asked of each video. Owned by LessonClient, rebuilt at every join (`start`)
 * and emptied at every teardown; the tracks live here, outside React's state.
 */
export class Receiver {
  readonly #options: ReceiverOptions;
  readonly #tracks = new Map<string, MediaStreamTrack>();
  readonly #consumers = new Map<string, types.Consumer>();
  readonly #layers: ConsumerLayers;
  #transport: types.Transport | undefined;
  /** The classroom's early picture of the tutor (earlyVideo.ts), until the view shows its own. */
  #earlyVideo: EarlyVideo | null = null;

  constructor(options: ReceiverOptions) {
    this.#options = options;
    this.#layers = new ConsumerLayers((consumerId, choice) =>
      request(options.socket, 'setConsumerPreferredLayers', { consumerId, ...choice }).then(
        () => undefined,
      ),
    );
  }

  get transport(): types.Transport | undefined {
    return this.#transport;
  }

  get layers(): ConsumerLayers {
    return this.#layers;
  }

  track(consumerId: string): MediaStreamTrack | undefined {
    return this.#tracks.get(consumerId);
  }

  /**
   * The recv transport and the consumers the server prepared within the join (already opened
   * by the early receive path when it could: adopted as they are), then, step by step,
   * whatever it did not prepare (an older server, a producer that appeared meanwhile).
   */
  async start(
    joined: ResponseData<'joinSession'>,
    stale: () => boolean,
    early: EarlyMedia | undefined,
  ): Promise<void> {
    const prepared = joined.receiving ?? undefined;
    const adopted = prepared && early ? await early.takeReceiving(prepared.transport.id) : null;
    early?.abandon(); // whatever it made and was not adopted above
    const recv = adopted ? this.#adoptTransport(adopted) : await this.#newTransport(prepared);
    if (stale()) return void this.#closeTransport(recv);
    this.#transport = recv;
    const paused = new Set(joined.producers.filter((p) => p.paused).map((p) => p.producerId));
    const infos = (prepared?.consumers ?? []).map((params) => ({
      ...params,
      paused: paused.has(params.producerId),
    }));
    if (adopted) this.#keepAdopted(adopted.consumers, infos);
    else await this.#receivePrepared(recv, infos);
    if (stale()) return;
    await Promise.all(joined.producers.map((producer) => this.consume(producer)));
  }

  /** The early path opened the consumers of the same answer, now parsed: each gets its info. */
  #keepAdopted(consumers: types.Consumer[], infos: Received[]): void {
    for (const consumer of consumers) {
      const info = infos.find((candidate) => candidate.consumerId === consumer.id);
      if (info) this.#keep(consumer, info);
      else consumer.close();
    }
  }

  async #receivePrepared(recv: types.Transport, prepared: Received[]): Promise<void> {
    await Promise.all(
      prepared.map((params) =>
        this.#receive(recv, params).catch((error) =>
          console.warn('receiving a prepared consumer failed', error),
        ),
      ),
    );
  }

  #adoptTransport({ transport, video }: EarlyReceiving): types.Transport {
    this.#options.watchIce(transport);
    this.#earlyVideo = video;
    return transport;
  }

  async #newTransport(prepared: ResponseData<'joinSession'>['receiving'] | undefined) {
    const recv = await this.#options.createTransport(prepared?.transport);
    markOnce(FIRST_FRAME_STEP_MARKS.recvTransport);
    recv.on('connectionstatechange', (state) => {
      if (state === 'connected') markOnce(FIRST_FRAME_STEP_MARKS.recvConnected);
    });
    return recv;
  }

  /** Asks the server for a consumer of `producer` and shows it, unless this page has one. */
  async consume(producer: ProducerInfo): Promise<void> {
    const { socket, store, dynacast } = this.#options;
    const transport = this.#transport;
    if (!transport || !shouldConsume(store.get(), producer)) return;
    try {
      const params = await request(socket, 'consume', {
        transportId: transport.id,
        producerId: producer.producerId,
      });
      const consumer = await this.#receive(transport, { ...params, paused: producer.paused });
      if (consumer.kind === 'video' && dynacast) await this.#layers.start(consumer.id);
      await request(socket, 'resumeConsumer', { consumerId: consumer.id });
      markOnce(FIRST_FRAME_STEP_MARKS.resumed);
    } catch (error) {
      // The producer may have gone away in between; nothing to show then.
      if (!(error instanceof SignalingError && error.code === 'not_found'))
        console.warn('consume failed', error);
    }
  }

  /** Opens the server's consumer on the recv transport and shows its track (not resumed here). */
  async #receive(transport: types.Transport, info: Received): Promise<types.Consumer> {
    const consumer = await consumeRaw(transport, info);
    this.#keep(consumer, info);
    return consumer;
  }

  #keep(consumer: types.Consumer, info: Received): void {
    this.#consumers.set(consumer.id, consumer);
    this.#tracks.set(consumer.id, consumer.track);
    const { consumerId, producerId, participantId, kind, source, paused } = info;
    const track: RemoteTrackInfo = { consumerId, producerId, participantId, kind, source, paused };
    this.#options.store.set((state) => ({ remoteTracks: [...state.remoteTracks, track] }));
  }

  dropConsumersOf(producerId: string): void {
    for (const track of this.#options.store.get().remoteTracks)
      if (track.producerId === producerId) this.dropConsumer(track.consumerId);
  }

  dropConsumer(consumerId: string): void {
    const consumer = this.#consumers.get(consumerId);
    if (consumer && this.#earlyVideo?.trackId === consumer.track.id) this.#dropEarlyVideo();
    consumer?.close();
    this.#consumers.delete(consumerId);
    this.#layers.forget(consumerId);
    this.#tracks.delete(consumerId);
    this.#options.store.set((state) => ({
      remoteTracks: state.remoteTracks.filter((t) => t.consumerId !== consumerId),
    }));
  }

  setRemotePaused(producerId: string, paused: boolean): void {
    this.#options.store.set((state) => ({
      remoteTracks: state.remoteTracks.map((t) =>
        t.producerId === producerId ? { ...t, paused } : t,
      ),
    }));
  }

  /** Closes the transport (its consumers with it) and forgets every track. */
  teardown(): void {
    if (this.#transport) this.#closeTransport(this.#transport);
    this.#transport = undefined;
    this.#consumers.clear();
    this.#tracks.clear();
    this.#options.store.set({ remoteTracks: [] });
  }

  #closeTransport(transport: types.Transport): void {
    this.#dropEarlyVideo();
    transport.close();
  }

  #dropEarlyVideo(): void {
    this.#earlyVideo?.remove();
    this.#earlyVideo = null;
  }
}
