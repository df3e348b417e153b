import type { Device, types } from 'mediasoup-client';
import type { EarlyConnection, EarlyJoin } from './earlyConnection';
import { EarlyVideo } from './earlyVideo';
import { FIRST_FRAME_STEP_MARKS, markOnce } from './lessonState';
import { okData, sendRaw, type LessonSocket } from './lessonSocket';
import { loadDevice } from './nativeCapabilities';
import {
  canonicalJson,
  readCachedCapabilities,
  sameCapabilities,
  type CachedCapabilities,
} from './rtpCapabilitiesCache';

/** What the early receive path made, for the lesson client to adopt. */
export interface EarlyReceiving {
  transport: types.Transport;
  /** The consumers the server prepared within the join, opened on `transport`. */
  consumers: types.Consumer[];
  /** The classroom's early picture of the tutor, if it shows one. */
  video: EarlyVideo | null;
}

/**
 * `loading`: the Device loads and the early join is awaited; `receiving`: the recv transport and
 * the prepared consumers are open, ICE and DTLS under way; `adopted`: the lesson client owns them;
 * `abandoned`: the lesson client did not want them (another router, a lost connection, a browser
 * updated since the cache), and whatever was made is closed.
 */
export type EarlyMediaState = 'loading' | 'receiving' | 'adopted' | 'abandoned';

/** The longest the early path holds the lesson client and React back (see `settled`). */
const SETTLE_CAP_MS = 1_500;

/** The join answer's fields this path reads, unparsed (the lesson client parses it on adoption). */
interface RawJoined {
  participants?: { participantId: string; role: string }[];
  producers?: { producerId: string; participantId: string; source: string }[];
  iceServers?: unknown[];
  receiving?: { transport: { id: string }; consumers: RawConsumer[]; connected?: boolean } | null;
}
export interface RawConsumer {
  consumerId: string;
  producerId: string;
  kind: 'audio' | 'video';
  rtpParameters: unknown;
}

/**
 * The early receive path (issue 14), in a chunk with mediasoup-client and nothing else (no zod,
 * no React): when this browser cached the router's capabilities, it loads the Device from them
 * at once, and as soon as the early join (earlyConnection.ts) answers with the recv transport
 * and consumers the server prepared, it opens them, which starts ICE and DTLS, and shows the
 * tutor's picture on a classroom's page (earlyVideo.ts), all before the lesson client's chunk and
 * React have run. The lesson client then adopts the Device, the transport and the consumers
 * (`takeDevice`, `takeReceiving`) as it adopts the socket, after parsing the join's answer with
 * the protocol's schemas; what it does not adopt is closed.
 */
export class EarlyMedia {
  #state: EarlyMediaState = 'loading';
  readonly #cached: CachedCapabilities;
  readonly #device: Promise<Device | null>;
  readonly #receiving: Promise<EarlyReceiving | null>;

  /**
   * Resolves once the first frame is painted (a classroom) or the transport and consumers are
   * open (other roles), once this path has nothing to do (a refused credential, another router),
   * or after SETTLE_CAP_MS: the entry holds the big chunks back until then, since evaluating them
   * on an old PC's main thread delayed every step of this path by hundreds of milliseconds.
   */
  readonly settled: Promise<void>;

  constructor(early: EarlyConnection, cached: CachedCapabilities, showTutor: boolean) {
    this.#cached = cached;
    this.#device = loadEarlyDevice(cached);
    this.#receiving = this.#receive(early, showTutor).catch((error: unknown) => {
      console.warn('early receiving failed', error);
      return null;
    });
    this.settled = Promise.race([
      this.#receiving.then((receiving) => receiving?.video?.settled),
      refused(early),
      new Promise<void>((resolve) => setTimeout(resolve, SETTLE_CAP_MS)),
    ]);
  }

  get state(): EarlyMediaState {
    return this.#state;
  }

  /** The Device, if it was loaded for exactly these router capabilities. */
  async takeDevice(routerCapabilities: unknown): Promise<Device | null> {
    if (canonicalJson(routerCapabilities) !== this.#cached.router) return null;
    return this.#device;
  }

  /** The transport and consumers made from the join answer whose transport is `transportId`. */
  async takeReceiving(transportId: string): Promise<EarlyReceiving | null> {
    const receiving = await this.#receiving;
    if (this.#state !== 'receiving' || receiving?.transport.id !== transportId) return null;
    this.#state = 'adopted';
    return receiving;
  }

  /** The lesson client goes without: close whatever was made (now or when it is made). */
  abandon(): void {
    if (this.#state === 'adopted' || this.#state === 'abandoned') return;
    const made = this.#state === 'receiving';
    this.#state = 'abandoned';
    if (made) void this.#receiving.then((receiving) => receiving && close(receiving));
  }

  async #receive(early: EarlyConnection, showTutor: boolean): Promise<EarlyReceiving | null> {
    const [device, join] = await Promise.all([this.#device, early.firstJoin]);
    const joined = device && join && preparedJoin(device, join);
    if (!device || !joined?.receiving || this.#state !== 'loading') return null;
    // Connected by the join with this certificate's fingerprint: the connection must use it.
    const certificate = join?.certificate ?? null;
    const connected = joined.receiving.connected === true && certificate !== null;
    const params = {
      ...joined.receiving.transport,
      iceServers: joined.iceServers,
      ...(connected && { additionalSettings: { certificates: [certificate] } }),
    };
    const transport = device.createRecvTransport(params as types.TransportOptions);
    connectOnDemand(early.socket, transport, connected);
    markOnce(FIRST_FRAME_STEP_MARKS.recvTransport);
    const consumers = await Promise.all(
      joined.receiving.consumers.map((consumer) => consumeRaw(transport, consumer)),
    ).catch((error: unknown) => {
      transport.close(); // the lesson client receives step by step instead
      throw error;
    });
    const tutor = showTutor ? tutorCamera(joined, consumers) : undefined;
    const receiving = { transport, consumers, video: tutor ? new EarlyVideo(tutor.track) : null };
    if (this.#state !== 'loading') {
      close(receiving); // abandoned meanwhile
      return null;
    }
    this.#state = 'receiving';
    return receiving;
  }
}

/** When the connection was refused for good (a refused credential): nothing will come. */
function refused({ socket }: EarlyConnection): Promise<void> {
  return new Promise((resolve) =>
    socket.on('connect_error', () => {
      if (!socket.active) resolve();
    }),
  );
}

/** Starts the early receive path if this browser cached the capabilities (else null). */
export function startEarlyMedia(early: EarlyConnection, showTutor: boolean): EarlyMedia | null {
  markOnce(FIRST_FRAME_STEP_MARKS.earlyMedia);
  const cached = readCachedCapabilities();
  return cached ? new EarlyMedia(early, cached, showTutor) : null;
}

/**
 * Device.load reads the browser's own capabilities (an RTCPeerConnection's offer, unless cached
 * by nativeCapabilities.ts): started at once.
 */
async function loadEarlyDevice(cached: CachedCapabilities): Promise<Device | null> {
  const device = await loadDevice(JSON.parse(cached.router)).catch(() => null);
  markOnce(FIRST_FRAME_STEP_MARKS.deviceLoaded);
  return device;
}

/** The join's answer if it succeeded for this Device's receive capabilities (else null). */
function preparedJoin(device: Device, join: EarlyJoin): RawJoined | null {
  if (!join.routerMatches) return null; // the Device was loaded for another router
  if (!sameCapabilities(join.recvCapabilities, device.recvRtpCapabilities)) return null;
  return okData(join.answer) as RawJoined | null;
}

/**
 * DTLS starts with the first consumer: its parameters go to the server on the adopted socket,
 * unless the join already connected the transport with them (`connected`).
 */
function connectOnDemand(socket: LessonSocket, transport: types.Transport, connected: boolean) {
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    if (connected) return callback();
    void sendRaw(socket, 'connectTransport', { transportId: transport.id, dtlsParameters }).then(
      (answer) => (okData(answer) ? callback() : errback(new Error('connectTransport refused'))),
    );
  });
  transport.on('connectionstatechange', (state) => {
    if (state === 'connected') markOnce(FIRST_FRAME_STEP_MARKS.recvConnected);
  });
}

/** Opens a consumer the server made (the early path's and the lesson client's alike). */
export async function consumeRaw(transport: types.Transport, consumer: RawConsumer) {
  const opened = await transport.consume({
    id: consumer.consumerId,
    producerId: consumer.producerId,
    kind: consumer.kind,
    // mediasoup-client validates them; the lesson client parsed them, or checks the whole
    // answer on adoption.
    rtpParameters: consumer.rtpParameters as types.RtpParameters,
  });
  markOnce(FIRST_FRAME_STEP_MARKS.consumed);
  return opened;
}

/** The tutor's camera consumer, as the classroom view shows it (its screen share first). */
function tutorCamera(joined: RawJoined, consumers: types.Consumer[]) {
  const tutorIds = new Set(
    (joined.participants ?? []).filter((p) => p.role === 'tutor').map((p) => p.participantId),
  );
  const sources = new Map((joined.producers ?? []).map((p) => [p.producerId, p]));
  const of = (source: string) =>
    consumers.find((consumer) => {
      const producer = sources.get(consumer.producerId);
      return (
        consumer.kind === 'video' &&
        producer?.source === source &&
        tutorIds.has(producer.participantId)
      );
    });
  return of('screen') ?? of('camera');
}

function close({ transport, video }: EarlyReceiving): void {
  video?.remove();
  transport.close(); // closes its consumers too
}
