import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from './codecs';
import type { TransportOptions } from './mediaRoomTypes';
import { MediaRoomError } from './MediaRoomError';
import { TypedEmitter } from './TypedEmitter';
import type { PooledWorker, WorkerPool } from './WorkerPool';

/**
 * Which candidates a probe's transports offer: the WebRtcServer's UDP port only, its TCP port
 * only (ICE-TCP), or both for a relay (coturn reaches the server however it can; the browser's
 * `iceTransportPolicy: 'relay'` is what restricts the path).
 */
export type ProbeTransportMode = 'udp' | 'tcp' | 'relay';

export interface ConnectivityProbeOptions {
  pool: WorkerPool;
  /** Probes open at once (two transports each). */
  maxOpenProbes?: number;
  /** A probe closes by itself after this long, whatever the browser does. */
  probeLifetimeMs?: number;
}

export interface ProbeTransports {
  probeId: string;
  /** The transport the browser sends the test stream on. */
  send: TransportOptions;
  /** The transport the browser receives it back on. */
  recv: TransportOptions;
}

export interface ProbeSideSummary {
  iceState: types.IceState;
  protocol: 'udp' | 'tcp' | null;
  bytes: number;
  bitrateBps: number;
}

export type ConnectivityProbeEvents = {
  probeClosed: [probeId: string, reason: 'expired' | 'closed'];
};

export const DEFAULT_MAX_OPEN_PROBES = 2;
/** Long enough for ICE over a slow relay and a few seconds of media; short enough to cost nothing. */
export const DEFAULT_PROBE_LIFETIME_MS = 60_000;

interface Probe {
  send: types.WebRtcTransport;
  recv: types.WebRtcTransport;
  producer?: types.Producer;
  consumer?: types.Consumer;
  timer: NodeJS.Timeout;
}

/**
 * One readiness check's media side: its own router and, per probe, a pair of transports
 * restricted to one path, a test stream produced on one and consumed back on the other.
 * Knows mediasoup, not sockets. Closing it closes every probe and the router.
 */
export class ConnectivityProbe extends TypedEmitter<ConnectivityProbeEvents> {
  readonly #worker: PooledWorker;
  readonly #router: types.Router;
  readonly #probes = new Map<string, Probe>();
  readonly #maxOpen: number;
  readonly #lifetimeMs: number;

  private constructor(
    worker: PooledWorker,
    router: types.Router,
    options: ConnectivityProbeOptions,
  ) {
    super();
    this.#worker = worker;
    this.#router = router;
    this.#maxOpen = options.maxOpenProbes ?? DEFAULT_MAX_OPEN_PROBES;
    this.#lifetimeMs = options.probeLifetimeMs ?? DEFAULT_PROBE_LIFETIME_MS;
    router.observer.once('close', () => this.#closeAll('closed'));
  }

  static async create(options: ConnectivityProbeOptions): Promise<ConnectivityProbe> {
    const worker = options.pool.pick();
    const router = await worker.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    options.pool.trackRouter(worker, router);
    return new ConnectivityProbe(worker, router, options);
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.#router.rtpCapabilities;
  }

  get closed(): boolean {
    return this.#router.closed;
  }

  get lifetimeMs(): number {
    return this.#lifetimeMs;
  }

  get openProbes(): number {
    return this.#probes.size;
  }

  async openProbe(mode: ProbeTransportMode): Promise<ProbeTransports> {
    this.#assertRoom();
    const [send, recv] = await Promise.all([this.#transport(mode), this.#transport(mode)]);
    // Checked again: concurrent requests may all have passed the first check.
    if (this.#probes.size >= this.#maxOpen || this.closed) {
      send.close();
      recv.close();
      this.#assertRoom();
    }
    const probeId = randomUUID();
    const timer = setTimeout(() => this.#closeProbe(probeId, 'expired'), this.#lifetimeMs);
    timer.unref();
    this.#probes.set(probeId, { send, recv, timer });
    return { probeId, send: optionsOf(send), recv: optionsOf(recv) };
  }

  async connect(probeId: string, side: 'send' | 'recv', dtlsParameters: types.DtlsParameters) {
    const transport = this.#probe(probeId)[side];
    await guard(() => transport.connect({ dtlsParameters }));
  }

  /** The browser's test stream (video only: it carries enough bits to measure a line). */
  async produce(probeId: string, rtpParameters: types.RtpParameters): Promise<string> {
    const probe = this.#probe(probeId);
    if (probe.producer) throw new MediaRoomError('limit', 'this probe already has its stream');
    const producer = await guard(() => probe.send.produce({ kind: 'video', rtpParameters }));
    probe.producer = producer;
    return producer.id;
  }

  async consume(probeId: string, rtpCapabilities: types.RtpCapabilities) {
    const probe = this.#probe(probeId);
    const producer = probe.producer;
    if (!producer) throw new MediaRoomError('not_found', 'produce the test stream first');
    if (probe.consumer) throw new MediaRoomError('limit', 'this probe is already consumed');
    if (!this.#router.canConsume({ producerId: producer.id, rtpCapabilities }))
      throw new MediaRoomError('incompatible', 'these capabilities cannot receive the stream');
    const consumer = await guard(() =>
      probe.recv.consume({ producerId: producer.id, rtpCapabilities }),
    );
    probe.consumer = consumer;
    return {
      consumerId: consumer.id,
      producerId: producer.id,
      rtpParameters: consumer.rtpParameters,
    };
  }

  async stats(probeId: string): Promise<{ send: ProbeSideSummary; recv: ProbeSideSummary }> {
    const probe = this.#probe(probeId);
    const [send, recv] = await Promise.all([summary(probe.send, 'in'), summary(probe.recv, 'out')]);
    return { send, recv };
  }

  closeProbe(probeId: string): void {
    this.#probe(probeId);
    this.#closeProbe(probeId, 'closed');
  }

  close(): void {
    this.#closeAll('closed');
    if (!this.#router.closed) this.#router.close();
    this.removeAllListeners();
  }

  #assertRoom(): void {
    if (this.closed) throw new MediaRoomError('closed', 'this check is over');
    if (this.#probes.size >= this.#maxOpen)
      throw new MediaRoomError('limit', `at most ${this.#maxOpen} probes at once: close one first`);
  }

  #transport(mode: ProbeTransportMode): Promise<types.WebRtcTransport> {
    return this.#router.createWebRtcTransport({
      webRtcServer: this.#worker.webRtcServer,
      enableUdp: mode !== 'tcp',
      enableTcp: mode !== 'udp',
      preferUdp: true,
    });
  }

  #probe(probeId: string): Probe {
    const probe = this.#probes.get(probeId);
    if (!probe) throw new MediaRoomError('not_found', `no open probe ${probeId}`);
    return probe;
  }

  #closeProbe(probeId: string, reason: 'expired' | 'closed'): void {
    const probe = this.#probes.get(probeId);
    if (!probe) return;
    this.#probes.delete(probeId);
    clearTimeout(probe.timer);
    probe.send.close();
    probe.recv.close();
    this.safeEmit('probeClosed', probeId, reason);
  }

  #closeAll(reason: 'expired' | 'closed'): void {
    for (const probeId of [...this.#probes.keys()]) this.#closeProbe(probeId, reason);
  }
}

/**
 * The ports every WebRtcServer of the pool listens on, by protocol, as bound: with RTC_PORT=0
 * the system picks them, so only the workers know.
 */
export async function webRtcServerPorts(
  pool: WorkerPool,
): Promise<{ udp: number[]; tcp: number[] }> {
  const udp = new Set<number>();
  const tcp = new Set<number>();
  for (const pooled of pool.workers()) {
    const dump = (await pooled.webRtcServer.dump()) as {
      udpSockets?: { port: number }[];
      tcpServers?: { port: number }[];
    };
    for (const socket of dump.udpSockets ?? []) udp.add(socket.port);
    for (const server of dump.tcpServers ?? []) tcp.add(server.port);
  }
  const sorted = (ports: Set<number>) => [...ports].sort((a, b) => a - b);
  return { udp: sorted(udp), tcp: sorted(tcp) };
}

function optionsOf(transport: types.WebRtcTransport): TransportOptions {
  const { id, iceParameters, iceCandidates, dtlsParameters } = transport;
  return { id, iceParameters, iceCandidates, dtlsParameters };
}

async function summary(
  transport: types.WebRtcTransport,
  direction: 'in' | 'out',
): Promise<ProbeSideSummary> {
  const protocol = transport.iceSelectedTuple?.protocol ?? null;
  const iceState = transport.iceState;
  if (transport.closed) return { iceState: 'closed', protocol, bytes: 0, bitrateBps: 0 };
  const [stats] = await transport.getStats();
  return {
    iceState,
    protocol,
    bytes: (direction === 'in' ? stats?.bytesReceived : stats?.bytesSent) ?? 0,
    bitrateBps: (direction === 'in' ? stats?.recvBitrate : stats?.sendBitrate) ?? 0,
  };
}

async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof MediaRoomError) throw error;
    throw new MediaRoomError('invalid', error instanceof Error ? error.message : String(error));
  }
}
