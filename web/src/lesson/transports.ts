import type { Device, types } from 'mediasoup-client';
import type { MediaSource } from '../../../signaling/protocol';
import { request, type LessonSocket } from './signalingClient';

/**
 * Creates a mediasoup-client transport on the server's parameters and wires
 * its DTLS connection and (for sending) its producers to the signalling socket.
 */
export async function createLessonTransport(
  socket: LessonSocket,
  device: Device,
  direction: 'send' | 'recv',
): Promise<types.Transport> {
  const options = await request(socket, 'createTransport', { direction });
  // Checked against the protocol's schema by request(); mediasoup-client validates the rest.
  const params = options as unknown as types.TransportOptions;
  const transport =
    direction === 'send' ? device.createSendTransport(params) : device.createRecvTransport(params);
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    request(socket, 'connectTransport', { transportId: transport.id, dtlsParameters }).then(
      () => callback(),
      errback,
    );
  });
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
