import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Ack, type ProducerInfo, type Role } from '../../signaling/protocol';
import { clientCapabilities, rtpParametersFor } from '../../signaling/bench/media/lesson';
import { payloadTypesOf } from '../../signaling/bench/media/links';
import { WeriftTransport, type ClientRtp, type InCounter } from '../../signaling/bench/media/peer';
import { OpusStream, paced } from '../../signaling/bench/media/synthetic';
import { NodeRoute } from '../../web/src/lesson/nodeRoute';

interface TransportAnswer {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
}

/**
 * A lesson participant in Node that behaves like the web lesson client where a cluster is
 * concerned: socket.io's own reconnection, the page's NodeRoute (`moved` followed once, every
 * reconnection from the entry address) and a fresh join with media at every connection. A
 * tutor sends a microphone (synthetic Opus over werift); a classroom receives every
 * microphone and counts the packets, across connections.
 */
export class FailoverClient {
  readonly socket: Socket;
  readonly route: NodeRoute;
  /** Every connection's refusal code, in order ('moved' included). */
  readonly refusals: string[] = [];
  connections = 0;
  #counters: InCounter[] = [];
  #receivedBefore = 0;
  #transports: WeriftTransport[] = [];
  #timers: ReturnType<typeof setInterval>[] = [];
  #generation = 0;
  #joinError: unknown;

  constructor(
    readonly entryUrl: string,
    readonly sessionId: string,
    token: string,
    readonly role: Role,
  ) {
    this.socket = io(entryUrl, {
      auth: { token, sessionId, protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelayMax: 5_000,
      timeout: 8_000,
      autoConnect: false,
    });
    this.route = new NodeRoute(this.socket, entryUrl);
    this.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      this.refusals.push(error.data?.code ?? 'network');
      const moved = this.route.follow(error);
      if (moved === 'loop') setTimeout(() => this.socket.connect(), 2_000);
    });
    this.socket.on('connect', () => {
      this.connections += 1;
      const generation = ++this.#generation;
      this.#join(generation).catch((error: unknown) => {
        if (generation === this.#generation) this.#joinError = error;
      });
    });
    this.socket.on('disconnect', () => {
      this.#generation += 1;
      this.#teardown();
    });
    this.socket.on('producerAdded', (producer: ProducerInfo) => {
      const generation = this.#generation;
      void this.#consume(producer, generation).catch(() => undefined);
    });
    this.socket.connect();
  }

  /** Audio packets received so far, over every connection. */
  received(): number {
    return this.#receivedBefore + this.#counters.reduce((sum, counter) => sum + counter.packets, 0);
  }

  get joinError(): unknown {
    return this.#joinError;
  }

  close(): void {
    this.socket.disconnect();
    this.#teardown();
  }

  async call<T>(name: string, payload: unknown): Promise<T> {
    const ack = (await this.socket.timeout(10_000).emitWithAck(name, payload)) as Ack<T>;
    if (!ack.ok) throw new Error(`${name}: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  #recvTransport: Promise<{ info: TransportAnswer; transport: WeriftTransport }> | undefined;
  #payloadTypes: ClientRtp | undefined;

  async #join(generation: number): Promise<void> {
    const caps = await this.call<{ rtpCapabilities: never }>('getRouterRtpCapabilities', {});
    // No header extensions: what is measured here is where the media goes, not what it costs.
    this.#payloadTypes = { ...payloadTypesOf(caps.rtpCapabilities), extensions: 'none' };
    const joined = await this.call<{ producers: ProducerInfo[] }>('joinSession', {
      rtpCapabilities: clientCapabilities(this.#payloadTypes),
    });
    if (generation !== this.#generation) return;
    if (this.role === 'tutor') return this.#sendMicrophone(this.#payloadTypes, generation);
    for (const producer of joined.producers) await this.#consume(producer, generation);
  }

  async #sendMicrophone(payloadTypes: ClientRtp, generation: number): Promise<void> {
    const info = await this.call<TransportAnswer>('createTransport', { direction: 'send' });
    const transport = new WeriftTransport(payloadTypes);
    this.#transports.push(transport);
    const audio = transport.addOutStream('audio');
    await transport.negotiate(info as never, (fingerprint) =>
      this.#connectTransport(info.id, fingerprint),
    );
    if (generation !== this.#generation) return;
    await this.call('produce', {
      transportId: info.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: rtpParametersFor({
        transportId: info.id,
        kind: 'audio',
        source: 'microphone',
        rtp: payloadTypes,
        ssrcs: [audio.ssrc],
      }),
    });
    const opus = new OpusStream();
    this.#timers.push(paced(OpusStream.INTERVAL_MS, (now) => audio.send(opus.nextPacket(now))));
  }

  async #consume(producer: ProducerInfo, generation: number): Promise<void> {
    // One microphone a lesson (the tutor's): werift negotiates a transport once, at its first.
    if (this.role === 'tutor' || producer.kind !== 'audio' || !this.#payloadTypes) return;
    if (this.#recvTransport) return;
    const payloadTypes = this.#payloadTypes;
    this.#recvTransport ??= this.call<TransportAnswer>('createTransport', {
      direction: 'recv',
    }).then((info) => ({ info, transport: new WeriftTransport(payloadTypes) }));
    const { info, transport } = await this.#recvTransport;
    const answer = await this.call<{
      consumerId: string;
      rtpParameters: { encodings: { ssrc: number }[] };
    }>('consume', { transportId: info.id, producerId: producer.producerId });
    if (generation !== this.#generation) return;
    this.#counters.push(transport.addInStream('audio', answer.rtpParameters.encodings[0]!.ssrc));
    this.#transports.push(transport);
    await transport.negotiate(info as never, (fingerprint) =>
      this.#connectTransport(info.id, fingerprint),
    );
    await this.call('resumeConsumer', { consumerId: answer.consumerId });
  }

  async #connectTransport(transportId: string, fingerprint: unknown): Promise<void> {
    await this.call('connectTransport', {
      transportId,
      dtlsParameters: { role: 'client', fingerprints: [fingerprint] },
    });
  }

  #teardown(): void {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    for (const transport of this.#transports.splice(0)) void transport.close();
    this.#receivedBefore = this.received();
    this.#counters = [];
    this.#recvTransport = undefined;
  }
}
