import type { Device, types } from 'mediasoup-client';
import {
  NO_FIGURES,
  type PathOutcome,
  type ReadinessPath,
} from '../../../lesson-plans/contract/readiness';
import type { IceServer } from '../../../signaling/protocol';
import { request, type LessonSocket } from '../lesson/signalingClient';
import { measureProbe } from './measure';

/**
 * How long one path may take to connect. A firewall that drops packets gives no answer, so
 * without a limit a blocked path would hang for ICE's own 30 s or more.
 */
export const CONNECT_TIMEOUT_MS = 10_000;
/** The test stream's ceiling: above the weak-line threshold, low enough for a village line. */
export const TEST_BITRATE_BPS = 1_500_000;

interface ProbeRoute {
  probeId: string;
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
}

/**
 * Tries one path: a send transport restricted to it carries the test stream to the server,
 * a receive transport brings it back, and both ends are measured. Never throws: a path that
 * does not work is an answer ('failed'), and so is a relay the server does not have.
 */
export async function probePath(
  socket: LessonSocket,
  device: Device,
  path: ReadinessPath,
  track: MediaStreamTrack,
): Promise<PathOutcome> {
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  const created = await request(socket, 'createProbe', { path }).catch(() => null);
  if (!created) return { path, outcome: 'failed', durationMs: elapsed(), ...NO_FIGURES };
  if (created.status === 'not_configured')
    return { path, outcome: 'not_configured', durationMs: 0, ...NO_FIGURES };
  const route: ProbeRoute = created;
  const transports: types.Transport[] = [];
  try {
    const producer = await sendStream(socket, device, route, created.send, track, transports);
    const consumer = await receiveStream(socket, device, route, created.recv, transports);
    const figures = await measureProbe(socket, route.probeId, producer, consumer);
    return { path, outcome: 'ok', durationMs: elapsed(), ...figures };
  } catch (error) {
    console.info(`readiness check: ${path} failed`, error);
    return { path, outcome: 'failed', durationMs: elapsed(), ...NO_FIGURES };
  } finally {
    for (const transport of transports) transport.close();
    void request(socket, 'closeProbe', { probeId: route.probeId }).catch(() => undefined);
  }
}

/** The test stream up to the server on this path; resolves once the path is connected. */
async function sendStream(
  socket: LessonSocket,
  device: Device,
  route: ProbeRoute,
  options: unknown,
  track: MediaStreamTrack,
  opened: types.Transport[],
): Promise<types.Producer> {
  const send = openTransport(socket, device, route, options, 'send');
  opened.push(send);
  const producer = await send.produce({
    track,
    encodings: [{ maxBitrate: TEST_BITRATE_BPS }],
    // Start near the ceiling: a few seconds are too short for the default ramp from 300 kbit/s.
    codecOptions: { videoGoogleStartBitrate: 1000 },
    stopTracks: false,
  });
  await connected(send);
  return producer;
}

/** The same stream back from the server on this path; resolves once the path is connected. */
async function receiveStream(
  socket: LessonSocket,
  device: Device,
  route: ProbeRoute,
  options: unknown,
  opened: types.Transport[],
): Promise<types.Consumer> {
  const recv = openTransport(socket, device, route, options, 'recv');
  opened.push(recv);
  const consumed = await request(socket, 'consumeProbe', {
    probeId: route.probeId,
    rtpCapabilities: device.rtpCapabilities,
  });
  const consumer = await recv.consume({
    id: consumed.consumerId,
    producerId: consumed.producerId,
    kind: 'video',
    rtpParameters: consumed.rtpParameters as types.RtpParameters,
  });
  await connected(recv);
  return consumer;
}

function openTransport(
  socket: LessonSocket,
  device: Device,
  route: ProbeRoute,
  options: unknown,
  side: 'send' | 'recv',
): types.Transport {
  // Checked against the protocol's schema by request(); mediasoup-client validates the rest.
  const params = {
    ...(options as types.TransportOptions),
    iceServers: route.iceServers,
    iceTransportPolicy: route.iceTransportPolicy,
  };
  const transport =
    side === 'send' ? device.createSendTransport(params) : device.createRecvTransport(params);
  const { probeId } = route;
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    request(socket, 'connectProbe', { probeId, side, dtlsParameters }).then(
      () => callback(),
      errback,
    );
  });
  if (side === 'send') {
    transport.on('produce', ({ rtpParameters }, callback, errback) => {
      request(socket, 'produceProbe', { probeId, rtpParameters }).then(
        ({ producerId }) => callback({ id: producerId }),
        errback,
      );
    });
  }
  return transport;
}

/** Resolves once ICE and DTLS are up; rejects when the path fails or stays silent too long. */
function connected(transport: types.Transport): Promise<void> {
  if (transport.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer on this path')), CONNECT_TIMEOUT_MS);
    transport.on('connectionstatechange', (state) => {
      if (state === 'connected') {
        clearTimeout(timer);
        resolve();
      } else if (state === 'failed' || state === 'closed') {
        clearTimeout(timer);
        reject(new Error(`transport ${state}`));
      }
    });
  });
}
