/*
 * The limit: the same lessons on mediasoup driven directly, one router per
 * lesson on one worker with a WebRtcServer (as Passerelle's pool has), and
 * nothing else: no observers, no stats, no rules. Answers the clients' IPC.
 */
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from '../../../sfu/codecs';
import { loadMediasoup } from '../../../sfu/loadMediasoup';
import { clientCapabilities, rtpParametersFor, type ProduceRequest } from './lesson';
import { payloadTypesOf, type BareAnswer, type BareRequest } from './links';
import type { ClientRtp } from './peer';

export class BareRouter {
  readonly #routers = new Map<string, Promise<types.Router>>();
  readonly #transports = new Map<string, types.WebRtcTransport>();
  readonly #consumers = new Map<string, types.Consumer>();
  /** What each peer said it can receive when it joined (its extensions among them). */
  readonly #joined = new Map<string, ClientRtp>();

  private constructor(
    readonly worker: types.Worker,
    readonly webRtcServer: types.WebRtcServer,
  ) {}

  static async create(): Promise<BareRouter> {
    const mediasoup = await loadMediasoup();
    const worker = await mediasoup.createWorker({ logLevel: 'warn' });
    const webRtcServer = await worker.createWebRtcServer({
      listenInfos: [{ protocol: 'udp', ip: '127.0.0.1', port: 0 }],
    });
    return new BareRouter(worker, webRtcServer);
  }

  get pid(): number {
    return this.worker.pid;
  }

  #router(peer: string): Promise<types.Router> {
    const lesson = peer.split('/')[0]!;
    let router = this.#routers.get(lesson);
    if (!router) {
      router = this.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
      this.#routers.set(lesson, router);
    }
    return router;
  }

  async handle(request: BareRequest): Promise<BareAnswer> {
    try {
      return { kind: 'bare-answer', id: request.id, result: await this.#run(request) };
    } catch (error) {
      return { kind: 'bare-answer', id: request.id, error: String(error) };
    }
  }

  async #run({ peer, op, args }: BareRequest): Promise<unknown> {
    const router = await this.#router(peer);
    switch (op) {
      case 'payloadTypes':
        return payloadTypesOf(router.rtpCapabilities);
      case 'join':
        this.#joined.set(peer, args[0] as ClientRtp);
        return undefined;
      case 'createTransport':
        return this.#createTransport(router, peer);
      case 'connectTransport': {
        const [transportId, fingerprint] = args as [string, types.DtlsFingerprint];
        const dtlsParameters: types.DtlsParameters = {
          role: 'client',
          fingerprints: [fingerprint],
        };
        return this.#transports.get(transportId)!.connect({ dtlsParameters });
      }
      case 'produce':
        return this.#produce(args[0] as ProduceRequest);
      case 'consume':
        return this.#consume(this.#joined.get(peer)!, args[0] as string, args[1] as string);
      case 'resumeConsumer':
        return this.#consumers.get(args[0] as string)!.resume();
      case 'setLayers':
        return this.#consumers
          .get(args[0] as string)!
          .setPreferredLayers({ spatialLayer: args[1] as number, temporalLayer: 2 });
      case 'close':
        for (const transport of this.#transports.values())
          if ((transport.appData as { peer: string }).peer === peer) transport.close();
        return undefined;
    }
  }

  async #createTransport(router: types.Router, peer: string) {
    const transport = await router.createWebRtcTransport({
      webRtcServer: this.webRtcServer,
      appData: { peer },
    });
    this.#transports.set(transport.id, transport);
    const { id, iceParameters, iceCandidates, dtlsParameters } = transport;
    return { id, iceParameters, iceCandidates, dtlsParameters };
  }

  async #produce(request: ProduceRequest): Promise<string> {
    const producer = await this.#transports.get(request.transportId)!.produce({
      kind: request.kind,
      rtpParameters: rtpParametersFor(request) as types.RtpParameters,
    });
    return producer.id;
  }

  async #consume(rtp: ClientRtp, transportId: string, producerId: string) {
    const consumer = await this.#transports.get(transportId)!.consume({
      producerId,
      rtpCapabilities: clientCapabilities(rtp) as types.RtpCapabilities,
      paused: true,
    });
    this.#consumers.set(consumer.id, consumer);
    return { consumerId: consumer.id, ssrc: consumer.rtpParameters.encodings![0]!.ssrc! };
  }

  close(): void {
    this.worker.close();
  }
}
