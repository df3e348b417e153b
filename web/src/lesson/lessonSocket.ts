import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  HandshakeAuth,
  RequestName,
  ServerToClientEvents,
} from '../../../signaling/protocol';
import { PROTOCOL_VERSION } from '../../../signaling/protocol/version';

/**
 * The lesson's socket. Free of zod and mediasoup-client (types only), so that the page's
 * connect-only path (earlyConnection.ts) can open it before the lesson client's chunk arrives.
 */
export type LessonSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Creates the lesson's socket, not yet connected (LessonClient.connect or the early path opens it). */
export function createSignalingSocket(
  serverUrl: string,
  sessionId: string,
  token: string,
): LessonSocket {
  const auth: HandshakeAuth = { token, sessionId, protocolVersion: PROTOCOL_VERSION };
  // WebSocket only: one long-lived connection, and every message crosses one place.
  return io(serverUrl, {
    auth,
    transports: ['websocket'],
    reconnectionDelayMax: 5_000,
    // A connection attempt that hangs (school proxy, flaky Wi-Fi) is given up
    // after 8 s instead of socket.io's 20 s, so the next attempt comes sooner.
    timeout: 8_000,
    autoConnect: false,
  });
}

const REQUEST_TIMEOUT_MS = 15_000;

/** A request's answer as it came off the wire, not parsed yet (signalingClient's parseAnswer does). */
export type RawAnswer = { timedOut: true } | { timedOut: false; ack: unknown };

/** A raw answer's data when the server said ok (null when refused or timed out). */
export function okData(answer: RawAnswer): unknown {
  if (answer.timedOut) return null;
  const ack = answer.ack as { ok?: unknown; data?: unknown } | null;
  return ack?.ok === true ? (ack.data ?? null) : null;
}

interface UntypedEmitter {
  emit(
    event: string,
    payload: unknown,
    ack: (error: Error | null, response: unknown) => void,
  ): void;
}

/** Sends one request and resolves with its unparsed answer, or a timeout after 15 s. */
export function sendRaw(socket: LessonSocket, name: RequestName, payload: unknown) {
  return new Promise<RawAnswer>((resolve) => {
    // socket.io's typed emit cannot follow a generic event name; the protocol's table types both ends.
    const timed = socket.timeout(REQUEST_TIMEOUT_MS) as unknown as UntypedEmitter;
    timed.emit(name, payload, (error, ack) =>
      resolve(error ? { timedOut: true } : { timedOut: false, ack }),
    );
  });
}
