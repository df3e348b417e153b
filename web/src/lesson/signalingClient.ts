import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  REQUESTS,
  type Ack,
  type ClientToServerEvents,
  type ErrorCode,
  type HandshakeAuth,
  type RequestName,
  type RequestPayload,
  type ResponseData,
  type ServerToClientEvents,
} from '../../../signaling/protocol';

export type LessonSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const REQUEST_TIMEOUT_MS = 15_000;

interface UntypedEmitter {
  emit(
    event: string,
    payload: unknown,
    ack: (error: Error | null, response: Ack<unknown>) => void,
  ): void;
}

/** A refused request or connection, with the server's error code. */
export class SignalingError extends Error {
  readonly code: ErrorCode | 'timeout' | 'network';

  constructor(code: SignalingError['code'], message: string) {
    super(message);
    this.name = 'SignalingError';
    this.code = code;
  }
}

/** Creates the lesson's socket, not yet connected (LessonClient.connect opens it). */
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

/** Sends one request and checks the response against the protocol's schema. */
export function request<K extends RequestName>(
  socket: LessonSocket,
  name: K,
  payload: RequestPayload<K>,
): Promise<ResponseData<K>> {
  return new Promise((resolve, reject) => {
    // socket.io's typed emit cannot follow a generic event name; the table above types both ends.
    const timed = socket.timeout(REQUEST_TIMEOUT_MS) as unknown as UntypedEmitter;
    timed.emit(name, payload, (error, response) => {
      if (error) return reject(new SignalingError('timeout', `${name} timed out`));
      if (!response.ok)
        return reject(new SignalingError(response.error.code, response.error.message));
      const parsed = REQUESTS[name].response.safeParse(response.data);
      if (!parsed.success)
        return reject(new SignalingError('internal', `${name}: unexpected response`));
      resolve(parsed.data as ResponseData<K>);
    });
  });
}

/** The code attached by the server to a refused connection, if any. */
export function connectErrorCode(error: Error): ErrorCode | 'network' {
  const data = (error as Error & { data?: { code?: unknown } }).data;
  const code = data?.code;
  return typeof code === 'string' ? (code as ErrorCode) : 'network';
}
