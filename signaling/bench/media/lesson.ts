/*
 * A lesson as it is taught: one tutor (720p camera in three simulcast layers),
 * two classrooms (360p in two layers), one inspector sending nothing. Each
 * receives what its view shows: the tutor a spotlight on one class's top layer
 * and the other as a thumbnail (swapped every few seconds, as the console
 * does), each class the tutor's top layer, the inspector the tutor's middle
 * layer and the classes' thumbnails; everyone hears everyone else.
 */
import {
  capabilityExtensions,
  producerExtensions,
  transportCcFeedback,
  type ExtensionIds,
} from './extensions';
import { CAMERA_POLICY_BY_ROLE } from '../../capturePolicy';
import type { Role } from '../../protocol';
import type { ClientRtp, PayloadTypes } from './peer';
import type { RemoteTransport } from './sdp';
import { EXCHANGE_MS, type VideoLayerSpec } from './synthetic';

export type Seat = 'tutor' | 'classA' | 'classB' | 'inspector';
export const SEATS: readonly Seat[] = ['tutor', 'classA', 'classB', 'inspector'];

/** Each seat's role in Passerelle (its token's, its policies'). */
export const ROLE_OF_SEAT = {
  tutor: 'tutor',
  classA: 'classroom',
  classB: 'classroom',
  inspector: 'inspector',
} as const satisfies Record<Seat, Role>;

/** The frame rate a seat's page captures at while only its lowest layer is wanted, if any. */
export function thumbnailFrameRate(seat: Seat): number | undefined {
  return CAMERA_POLICY_BY_ROLE[ROLE_OF_SEAT[seat]]?.thumbnail?.frameRate;
}

export const CAMERA_LAYERS: Record<Seat, VideoLayerSpec[]> = {
  tutor: [
    { bitrateBps: 150_000, frameRate: 25 },
    { bitrateBps: 500_000, frameRate: 25 },
    { bitrateBps: 1_200_000, frameRate: 25 },
  ],
  classA: [
    { bitrateBps: 150_000, frameRate: 15 },
    { bitrateBps: 450_000, frameRate: 15 },
  ],
  classB: [
    { bitrateBps: 150_000, frameRate: 15 },
    { bitrateBps: 450_000, frameRate: 15 },
  ],
  inspector: [],
};

/**
 * How often the tutor moves the spotlight: by default to the class whose turn it is to answer
 * (in the bench's speech, synthetic.ts, the classes answer in turn, one per 15 s exchange);
 * `--spotlight-swap-ms` (or `BENCH_SPOTLIGHT_SWAP_MS`) sets another pace (3000: a tutor
 * flicking between classes, every layer switch and key frame that costs; the default before
 * the clients followed dynacast).
 */
export function spotlightSwapMs(setting: string | undefined): number {
  if (setting === undefined) return EXCHANGE_MS;
  const ms = Number(setting);
  // setInterval would take anything else as 1 ms: a swap a millisecond.
  if (!Number.isInteger(ms) || ms < 100)
    throw new Error(
      `--spotlight-swap-ms (BENCH_SPOTLIGHT_SWAP_MS): milliseconds, at least 100 (got "${setting}")`,
    );
  return ms;
}

/** What a seat receives: whose camera at which spatial layer, whose microphone. */
export interface Reception {
  from: Seat;
  kind: 'audio' | 'video';
  spatialLayer?: number;
}

export const RECEPTION: Record<Seat, Reception[]> = {
  tutor: [
    { from: 'classA', kind: 'video', spatialLayer: 1 },
    { from: 'classB', kind: 'video', spatialLayer: 0 },
    { from: 'classA', kind: 'audio' },
    { from: 'classB', kind: 'audio' },
  ],
  classA: [
    { from: 'tutor', kind: 'video', spatialLayer: 2 },
    { from: 'tutor', kind: 'audio' },
    { from: 'classB', kind: 'audio' },
  ],
  classB: [
    { from: 'tutor', kind: 'video', spatialLayer: 2 },
    { from: 'tutor', kind: 'audio' },
    { from: 'classA', kind: 'audio' },
  ],
  inspector: [
    { from: 'tutor', kind: 'video', spatialLayer: 1 },
    { from: 'classA', kind: 'video', spatialLayer: 0 },
    { from: 'classB', kind: 'video', spatialLayer: 0 },
    { from: 'tutor', kind: 'audio' },
    { from: 'classA', kind: 'audio' },
    { from: 'classB', kind: 'audio' },
  ],
};

/** Forwarded streams in one lesson (consumers): the unit of the per-stream figures. */
export const STREAMS_PER_LESSON = SEATS.reduce((n, seat) => n + RECEPTION[seat].length, 0);

export interface TransportInfo extends RemoteTransport {
  id: string;
}

export interface ProduceRequest {
  transportId: string;
  kind: 'audio' | 'video';
  source: 'camera' | 'microphone';
  rtp: ClientRtp;
  ssrcs: number[];
  /** A microphone produced with Opus DTX: `usedtx=1`, as mediasoup-client's `opusDtx` puts it. */
  usedtx?: boolean;
}

/** What a client learns from the router: its payload types and its header extensions' ids. */
export interface RouterRtp extends PayloadTypes {
  extensionIds: ExtensionIds;
}

/** One participant's signalling with an SFU (Passerelle's socket protocol, or the bare router). */
export interface SfuLink {
  payloadTypes(): Promise<RouterRtp>;
  join(rtp: ClientRtp): Promise<void>;
  createTransport(direction: 'send' | 'recv'): Promise<TransportInfo>;
  connectTransport(
    transportId: string,
    fingerprint: { algorithm: string; value: string },
  ): Promise<void>;
  produce(request: ProduceRequest): Promise<string>;
  consume(transportId: string, producerId: string): Promise<{ consumerId: string; ssrc: number }>;
  resumeConsumer(consumerId: string): Promise<void>;
  setLayers(consumerId: string, spatialLayer: number): Promise<void>;
  /** Dynacast: the server's word on which layers of a producer anybody watches (Passerelle only). */
  onLayersWanted(listener: (producerId: string, maxSpatialLayer: number | null) => void): void;
  close(): Promise<void>;
}

/** The RTP parameters a browser would give for its camera (SSRC simulcast) or microphone. */
export function rtpParametersFor(request: ProduceRequest) {
  const video = request.kind === 'video';
  const { rtp } = request;
  const transportCc = transportCcFeedback(rtp.extensions);
  return {
    codecs: [
      video
        ? {
            mimeType: 'video/VP8',
            payloadType: rtp.vp8,
            clockRate: 90000,
            rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, ...transportCc],
          }
        : {
            mimeType: 'audio/opus',
            payloadType: rtp.opus,
            clockRate: 48000,
            channels: 2,
            ...(request.usedtx ? { parameters: { usedtx: 1 } } : {}),
            rtcpFeedback: transportCc,
          },
    ],
    encodings: request.ssrcs.map((ssrc) => (video ? { ssrc, scalabilityMode: 'L1T3' } : { ssrc })),
    headerExtensions: producerExtensions(rtp.extensions, request.kind, rtp.extensionIds),
    rtcp: { cname: `bench-${request.ssrcs[0]}` },
  };
}

/** The capabilities a werift client has: the router's payload types, the bench's extensions. */
export function clientCapabilities(payloadTypes: ClientRtp) {
  const transportCc = transportCcFeedback(payloadTypes.extensions);
  const feedback = [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, ...transportCc];
  return {
    codecs: [
      {
        kind: 'audio',
        mimeType: 'audio/opus',
        clockRate: 48000,
        channels: 2,
        preferredPayloadType: payloadTypes.opus,
        rtcpFeedback: transportCc,
      },
      {
        kind: 'video',
        mimeType: 'video/VP8',
        clockRate: 90000,
        preferredPayloadType: payloadTypes.vp8,
        rtcpFeedback: feedback,
      },
    ],
    headerExtensions: capabilityExtensions(payloadTypes.extensions, payloadTypes.extensionIds),
  };
}
