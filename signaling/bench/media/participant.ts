import {
  WeriftTransport,
  streamCounts,
  type InCounter,
  type ClientRtp,
  type StreamCount,
} from './peer';
import { CAMERA_LAYERS, RECEPTION, thumbnailFrameRate, type Seat, type SfuLink } from './lesson';
import { hasAudioLevel } from './extensions';
import { seatUsesDtx } from './dtx';
import { startSending, type CameraSender, type NamedOutStream } from './sending';

export interface Published {
  camera?: string;
  microphone?: string;
}

export type { StreamCount } from './peer';

/** One headless participant: a werift transport per direction, synthetic media, its seat's view. */
export class BenchParticipant {
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  readonly #out: NamedOutStream[] = [];
  readonly #in: { name: string; counter: InCounter; consumerId: string }[] = [];
  readonly #transports: WeriftTransport[] = [];
  #camera: CameraSender | undefined;

  constructor(
    readonly seat: Seat,
    readonly link: SfuLink,
  ) {}

  /**
   * Sends the seat's camera (one m-section per simulcast layer) and microphone. With
   * `dynacast`, its camera follows the server's `producerLayersWanted` as Passerelle's page
   * does; without, it sends every layer (a bare router or Janus says nothing anyway).
   */
  async publish(payloadTypes: ClientRtp, dynacast = false): Promise<Published> {
    const layers = CAMERA_LAYERS[this.seat];
    if (layers.length === 0) return {};
    const info = await this.link.createTransport('send');
    const transport = new WeriftTransport(payloadTypes);
    this.#transports.push(transport);
    transport.pace(layers.reduce((sum, layer) => sum + layer.bitrateBps, 0));
    const video = layers.map(() => transport.addOutStream('video'));
    const audio = transport.addOutStream('audio');
    await transport.negotiate(info, (fingerprint) =>
      this.link.connectTransport(info.id, fingerprint),
    );
    const camera = await this.link.produce({
      transportId: info.id,
      kind: 'video',
      source: 'camera',
      rtp: payloadTypes,
      ssrcs: video.map((stream) => stream.ssrc),
    });
    const dtx = seatUsesDtx(this.seat, payloadTypes.dtx);
    const microphone = await this.link.produce({
      transportId: info.id,
      kind: 'audio',
      source: 'microphone',
      rtp: payloadTypes,
      ssrcs: [audio.ssrc],
      usedtx: dtx,
    });
    const withLevels = hasAudioLevel(payloadTypes.extensions);
    const thumbnail = thumbnailFrameRate(this.seat);
    const media = { layers, video, audio, withLevels, dtx, thumbnailFrameRate: thumbnail };
    const sender = startSending(this.seat, media, this.#out, this.#timers);
    this.#camera = sender;
    if (dynacast)
      this.link.onLayersWanted((producerId, maxSpatialLayer) => {
        if (producerId === camera) sender.applyWanted(maxSpatialLayer);
      });
    return { camera, microphone };
  }

  /** Consumes what the seat's view shows, at the layers it shows them. */
  async receive(payloadTypes: ClientRtp, published: Record<Seat, Published>): Promise<void> {
    const info = await this.link.createTransport('recv');
    const transport = new WeriftTransport(payloadTypes);
    this.#transports.push(transport);
    for (const { from, kind } of RECEPTION[this.seat]) {
      const producerId = published[from][kind === 'video' ? 'camera' : 'microphone'];
      if (!producerId) throw new Error(`${from} published no ${kind}`);
      const { consumerId, ssrc } = await this.link.consume(info.id, producerId);
      const counter = transport.addInStream(kind, ssrc);
      this.#in.push({ name: `${this.seat}<-${from}:${kind}`, counter, consumerId });
    }
    await transport.negotiate(info, (fingerprint) =>
      this.link.connectTransport(info.id, fingerprint),
    );
    for (const [index, { consumerId }] of this.#in.entries()) {
      await this.link.resumeConsumer(consumerId);
      const layer = RECEPTION[this.seat][index]!.spatialLayer;
      if (layer !== undefined) await this.link.setLayers(consumerId, layer);
    }
  }

  /** The tutor console's spotlight moving to the other class: their layers swap. */
  async swapSpotlight(): Promise<void> {
    const videos = this.#in.filter((_, index) => RECEPTION[this.seat][index]!.kind === 'video');
    if (this.seat !== 'tutor' || videos.length !== 2) return;
    this.#spotlightOnB = !this.#spotlightOnB;
    await this.link.setLayers(videos[0]!.consumerId, this.#spotlightOnB ? 0 : 1);
    await this.link.setLayers(videos[1]!.consumerId, this.#spotlightOnB ? 1 : 0);
  }
  #spotlightOnB = false;

  counts(): StreamCount[] {
    return streamCounts(this.#out, this.#in);
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#camera?.stop();
    await Promise.all(this.#transports.map((transport) => transport.close()));
    await this.link.close();
  }
}
