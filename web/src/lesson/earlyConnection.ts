import { FIRST_FRAME_STEP_MARKS, markOnce } from './lessonState';
import {
  createSignalingSocket,
  okData,
  sendRaw,
  type LessonSocket,
  type RawAnswer,
} from './lessonSocket';
import { canonicalJson, readCachedCapabilities } from './rtpCapabilitiesCache';
import { makeReceiveCertificate, receiveDtlsOf } from './receiveDtls';

/** The join the connect-only path sent, with the receive capabilities it sent it with (JSON). */
export interface EarlyJoin {
  recvCapabilities: string;
  /** The router answered with the capabilities the receive ones were computed for. */
  routerMatches: boolean;
  answer: RawAnswer;
  /** The certificate whose fingerprint the join sent (`receiveDtls`), for the recv transport. */
  certificate: RTCCertificate | null;
}

/**
 * What the connect-only path did before the lesson client's chunk arrived. LessonClient adopts
 * it: the same socket (one connection per page) and the answers of its first connection.
 */
export interface EarlyConnection {
  readonly socket: LessonSocket;
  /** The first connection's answers; null until it opened. */
  readonly first: {
    routerCapabilities: Promise<RawAnswer>;
    /** Null when no join was sent early (no cached capabilities). */
    join: Promise<EarlyJoin | null>;
  } | null;
  /**
   * The first connection's early join, once answered (null when none was sent); pending until
   * the socket first connects. The early receive path (earlyMedia.ts) starts from it.
   */
  readonly firstJoin: Promise<EarlyJoin | null>;
  /** The first connection dropped: its answers speak for nothing any more. */
  readonly firstLost: boolean;
  /** The last failed connection attempt (a refused credential stops the socket), for the client. */
  readonly connectError: Error | null;
  /** Stops buffering and hands over the notifications received so far, in order. */
  takeNotifications(): [string, unknown[]][];
}

/**
 * The connect-only path (issue 14): socket.io-client and nothing else (no zod, no
 * mediasoup-client, no React), run by the entry as soon as its small chunk has arrived. It
 * opens the socket (the credential rides in the handshake), asks the router's capabilities and,
 * when this browser has joined before, sends joinSession at the same time with the capabilities
 * it computed then, all while the lesson client and React are still being parsed. Answers are kept
 * raw: the lesson client parses them with the protocol's schemas when it adopts them.
 */
export function openEarlyConnection(sessionId: string, token: string): EarlyConnection {
  markOnce(FIRST_FRAME_STEP_MARKS.earlyConnection);
  const socket = createSignalingSocket(window.location.origin, sessionId, token);
  const certificate = receiveCertificate();
  const notifications: [string, unknown[]][] = [];
  const keep = (event: string, ...args: unknown[]) => void notifications.push([event, args]);
  let answered: (join: EarlyJoin | null) => void = () => undefined;
  const early = {
    socket,
    first: null as EarlyConnection['first'],
    firstJoin: new Promise<EarlyJoin | null>((resolve) => (answered = resolve)),
    firstLost: false,
    connectError: null as Error | null,
    takeNotifications() {
      socket.offAny(keep);
      return notifications.splice(0);
    },
  };
  socket.onAny(keep);
  socket.once('connect', () => {
    markOnce(FIRST_FRAME_STEP_MARKS.connected);
    const routerCapabilities = sendRaw(socket, 'getRouterRtpCapabilities', {});
    void routerCapabilities.then(() => markOnce(FIRST_FRAME_STEP_MARKS.routerCapabilities));
    early.first = { routerCapabilities, join: joinEarly(socket, routerCapabilities, certificate) };
    void early.first.join.then(answered);
    socket.once('disconnect', () => {
      early.firstLost = true;
      answered(null); // nothing waits for a join the lost connection may never answer
    });
  });
  socket.on('connect_error', (error) => (early.connectError = error));
  socket.connect();
  return early;
}

/**
 * Sends joinSession at once, with the capabilities this browser cached, alongside the router's
 * capabilities rather than after them (a round trip less on the first frame's path). The join
 * is only used if the router turns out to be the one they were cached for (`routerMatches`);
 * otherwise the lesson client's Device computes other capabilities and the client joins again
 * on a fresh connection, as after a browser update: rare (the server's codecs changed).
 */
async function joinEarly(
  socket: LessonSocket,
  routerCapabilities: Promise<RawAnswer>,
  certificate: Promise<RTCCertificate | null>,
): Promise<EarlyJoin | null> {
  const cached = readCachedCapabilities();
  if (!cached) return null;
  // Made while the socket connected: a few milliseconds, off the main thread.
  const made = await certificate;
  const payload = {
    rtpCapabilities: JSON.parse(cached.recv) as unknown,
    receive: true,
    ...(made && { receiveDtls: receiveDtlsOf(made) }),
  };
  const joined = sendRaw(socket, 'joinSession', payload);
  const [router, answer] = await Promise.all([routerCapabilities, joined]);
  return {
    recvCapabilities: cached.recv,
    routerMatches: !router.timedOut && canonicalJson(routerData(router)) === cached.router,
    answer,
    certificate: made,
  };
}

/** The recv transport's certificate (receiveDtls.ts), when an early join will carry it. */
function receiveCertificate(): Promise<RTCCertificate | null> {
  return readCachedCapabilities() ? makeReceiveCertificate() : Promise.resolve(null);
}

/** The router's capabilities in a raw getRouterRtpCapabilities answer (undefined if refused). */
function routerData(answer: RawAnswer): unknown {
  return (okData(answer) as { rtpCapabilities?: unknown } | null)?.rtpCapabilities;
}
