import type { RequestPayload, ResponseData } from '../../../signaling/protocol';
import type { EarlyConnection } from './earlyConnection';
import { receiveDtlsOf } from './receiveDtls';
import { sameCapabilities } from './rtpCapabilitiesCache';
import { SignalingError, parseAnswer, request, type LessonSocket } from './signalingClient';

/**
 * How the lesson client's first join uses what the connect-only path (earlyConnection.ts) did
 * on the same socket: its requests were sent on the socket's first connection, so only a join
 * on that connection (number 0, never dropped) may take their answers; any later join asks
 * again.
 */
function firstAnswers(early: EarlyConnection | undefined, connection: number) {
  return connection === 0 && early && !early.firstLost ? early.first : null;
}

/** The router's capabilities: the early path's answer on the first connection, else a request. */
export async function routerCapabilities(
  socket: LessonSocket,
  early: EarlyConnection | undefined,
  connection: number,
): Promise<ResponseData<'getRouterRtpCapabilities'>> {
  const first = firstAnswers(early, connection);
  if (!first) return request(socket, 'getRouterRtpCapabilities', {});
  return parseAnswer('getRouterRtpCapabilities', await first.routerCapabilities);
}

export interface Joined {
  answer: ResponseData<'joinSession'>;
  /**
   * The certificate whose fingerprint that join sent (`receiveDtls`): the recv transport the
   * server connected with it (`receiving.connected`) must use it, whichever join it was.
   */
  certificate: RTCCertificate | null;
}

/**
 * The join: the early path's, if it sent one with exactly the receive capabilities this page's
 * Device computed (its consumers were made for them); otherwise a joinSession now, with
 * `certificate`'s fingerprint when it has one. A browser updated since the capabilities were
 * cached gets a fresh connection (a 'network' error makes the client reconnect), since the
 * server has already joined it with the old ones.
 */
export async function joinSession(
  socket: LessonSocket,
  early: EarlyConnection | undefined,
  connection: number,
  payload: RequestPayload<'joinSession'>,
  certificate: RTCCertificate | null,
): Promise<Joined> {
  const joined = await firstAnswers(early, connection)?.join;
  if (!joined) {
    // Parsed again by the server's schema: what getFingerprints() gives is only typed loosely.
    const receiveDtls = (payload.receive && certificate && receiveDtlsOf(certificate)) as
      RequestPayload<'joinSession'>['receiveDtls'] | null;
    const answer = await request(socket, 'joinSession', {
      ...payload,
      ...(receiveDtls && { receiveDtls }),
    });
    return { answer, certificate: receiveDtls ? certificate : null };
  }
  if (!sameCapabilities(joined.recvCapabilities, payload.rtpCapabilities))
    throw new SignalingError('network', 'receive capabilities changed since the last lesson');
  return { answer: parseAnswer('joinSession', joined.answer), certificate: joined.certificate };
}
