/*
 * How a bench participant signals. Passerelle: its own socket protocol with a
 * real token, as a browser page does. Bare router: the same steps handed over
 * IPC to the parent process, which calls mediasoup directly (bareRouter.ts).
 */
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type Ack } from '../../protocol';
import { extensionIdsOf } from './extensions';
import {
  clientCapabilities,
  rtpParametersFor,
  type RouterRtp,
  type SfuLink,
  type TransportInfo,
} from './lesson';

interface RtpCapabilitiesLike {
  codecs?: { mimeType: string; preferredPayloadType?: number }[];
  headerExtensions?: { kind: string; uri: string; preferredId: number }[];
}

export function payloadTypesOf(capabilities: RtpCapabilitiesLike): RouterRtp {
  const find = (mime: string) => {
    const codec = capabilities.codecs?.find((c) => c.mimeType.toLowerCase() === mime);
    if (codec?.preferredPayloadType === undefined) throw new Error(`the router has no ${mime}`);
    return codec.preferredPayloadType;
  };
  return {
    opus: find('audio/opus'),
    vp8: find('video/vp8'),
    extensionIds: extensionIdsOf(capabilities),
  };
}

/** A participant on a running Passerelle server, through socket.io. */
export async function passerelleLink(
  url: string,
  sessionId: string,
  token: string,
): Promise<SfuLink> {
  const socket = io(url, {
    auth: { token, sessionId, protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  if (process.env.BENCH_MEDIA_DEBUG)
    socket.onAny((event: string) => console.error(`${sessionId} notification ${event}`));
  const call = async <T>(name: string, payload: unknown): Promise<T> => {
    const ack = (await socket.timeout(20_000).emitWithAck(name, payload)) as Ack<T>;
    if (!ack.ok) throw new Error(`${name}: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  };
  return {
    payloadTypes: async () =>
      payloadTypesOf(
        (await call<{ rtpCapabilities: RtpCapabilitiesLike }>('getRouterRtpCapabilities', {}))
          .rtpCapabilities,
      ),
    join: async (payloadTypes) => {
      await call('joinSession', { rtpCapabilities: clientCapabilities(payloadTypes) });
    },
    createTransport: (direction) => call<TransportInfo>('createTransport', { direction }),
    connectTransport: async (transportId, fingerprint) => {
      await call('connectTransport', {
        transportId,
        dtlsParameters: { role: 'client', fingerprints: [fingerprint] },
      });
    },
    produce: async (request) =>
      (
        await call<{ producerId: string }>('produce', {
          transportId: request.transportId,
          kind: request.kind,
          source: request.source,
          rtpParameters: rtpParametersFor(request),
        })
      ).producerId,
    consume: async (transportId, producerId) => {
      const answer = await call<{
        consumerId: string;
        rtpParameters: { encodings: { ssrc: number }[] };
      }>('consume', { transportId, producerId });
      return { consumerId: answer.consumerId, ssrc: answer.rtpParameters.encodings[0]!.ssrc };
    },
    resumeConsumer: async (consumerId) => {
      await call('resumeConsumer', { consumerId });
    },
    onLayersWanted: (listener) =>
      void socket.on(
        'producerLayersWanted',
        ({ producerId, maxSpatialLayer }: { producerId: string; maxSpatialLayer: number | null }) =>
          listener(producerId, maxSpatialLayer),
      ),
    setLayers: async (consumerId, spatialLayer) => {
      await call('setConsumerPreferredLayers', { consumerId, spatialLayer, temporalLayer: 2 });
    },
    close: async () => {
      socket.disconnect();
    },
  };
}

/** A request to the parent's bare router, and its answer. */
export interface BareRequest {
  kind: 'bare';
  id: number;
  peer: string;
  op: keyof SfuLink;
  args: unknown[];
}
export interface BareAnswer {
  kind: 'bare-answer';
  id: number;
  result?: unknown;
  error?: string;
}

const pending = new Map<
  number,
  { resolve: (value: unknown) => void; reject: (error: Error) => void }
>();
let nextId = 0;
process.on('message', (message: BareAnswer) => {
  if (message?.kind !== 'bare-answer') return;
  const waiter = pending.get(message.id);
  pending.delete(message.id);
  if (message.error !== undefined) waiter?.reject(new Error(message.error));
  else waiter?.resolve(message.result);
});

/** A participant on the parent's bare mediasoup router (`peer` names it: lesson/seat). */
export function bareLink(peer: string): SfuLink {
  const call = <T>(op: keyof SfuLink, ...args: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      process.send!({ kind: 'bare', id, peer, op, args } satisfies BareRequest);
    });
  return {
    payloadTypes: () => call('payloadTypes'),
    join: (rtp) => call('join', rtp),
    createTransport: (direction) => call('createTransport', direction),
    connectTransport: (transportId, fingerprint) =>
      call('connectTransport', transportId, fingerprint),
    produce: (request) => call('produce', request),
    consume: (transportId, producerId) => call('consume', transportId, producerId),
    resumeConsumer: (consumerId) => call('resumeConsumer', consumerId),
    setLayers: (consumerId, spatialLayer) => call('setLayers', consumerId, spatialLayer),
    // A bare router has no dynacast: its clients send every layer.
    onLayersWanted: () => undefined,
    close: () => call('close'),
  };
}
