import type { Device, types } from 'mediasoup-client';
import type { IceServer, MediaSource, ResponseData } from '../../../signaling/protocol';
import { recoverIceOnFailure } from './iceRecovery';
import { request, type LessonSocket } from './signalingClient';

export interface LessonTransportOptions {
  direction: 'send' | 'recv';
  /** The TURN relay with this participant's own credential (joinSession); may be empty. */
  iceServers: IceServer[];
  /** An ICE restart did not bring the transport back: rejoin the lesson from scratch. */
  onIceGiveUp: () => void;
  /** The server's parameters when it already made the transport (a join with `receive`). */
  prepared?: ResponseData<'createTransport'>;
  /**
   * The certificate the server already connected that prepared transport with (the join's
   * `receiveDtls`): its RTCPeerConnection uses it and no connectTransport is sent.
   */
  connectedWith?: RTCCertificate | null;
}

/**
 * Creates a mediasoup-client transport on the server's parameters and wires
 * its DTLS connection, its ICE recovery and (for sending) its producers to
 * the signalling socket.
 */
export async function createLessonTransport(
  socket: LessonSocket,
  device: Device,
  { direction, iceServers, onIceGiveUp, prepared, connectedWith }: LessonTransportOptions,
): Promise<types.Transport> {
  const options = prepared ?? (await request(socket, 'createTransport', { direction }));
  const connected = prepared !== undefined && connectedWith ? connectedWith : null;
  // Checked against the protocol's schema by request(); mediasoup-client validates the rest.
  // The media server's own candidates (UDP, then ICE-TCP) come first by priority; the relay's last.
  const params = {
    ...options,
    iceServers,
    ...(connected && { additionalSettings: { certificates: [connected] } }),
  } as unknown as types.TransportOptions;
  const transport =
    direction === 'send' ? device.createSendTransport(params) : device.createRecvTransport(params);
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    if (connected) return callback(); // the join connected it with this certificate
    request(socket, 'connectTransport', { transportId: transport.id, dtlsParameters }).then(
      () => callback(),
      errback,
    );
  });
  watchIce(socket, transport, onIceGiveUp);
  if (direction === 'send') {
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const source = appData.source as MediaSource;
      request(socket, 'produce', { transportId: transport.id, kind, source, rtpParameters }).then(
        ({ producerId }) => callback({ id: producerId }),
        errback,
      );
    });
  }
  return transport;
}

/**
 * ICE recovery for `transport`, on the server's side through `socket`; also for the recv
 * transport the early receive path made (earlyMedia.ts), which already wired its DTLS.
 */
export function watchIce(socket: LessonSocket, transport: types.Transport, onGiveUp: () => void) {
  recoverIceOnFailure(transport, {
    restartOnServer: () => restartIceOnServer(socket, transport),
    onGiveUp,
  });
}

/** The server's new ICE parameters for `transport` (the `restartIce` request). */
export async function restartIceOnServer(
  socket: LessonSocket,
  transport: types.Transport,
): Promise<types.IceParameters> {
  const { iceParameters } = await request(socket, 'restartIce', { transportId: transport.id });
  // Checked against the protocol's schema by request(); the same shape mediasoup-client takes.
  return iceParameters as types.IceParameters;
}
