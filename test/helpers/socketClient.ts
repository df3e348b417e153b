import { io, type Socket } from 'socket.io-client';
import type { RunningServer } from '../../signaling';
import {
  PROTOCOL_VERSION,
  type Ack,
  type NotificationName,
  type Role,
} from '../../signaling/protocol';

export interface TestClient {
  socket: Socket;
  /** Every notification received, in order, as [name, payload]. */
  received: [string, unknown][];
  request(name: string, payload?: unknown): Promise<Ack<unknown>>;
  next(name: NotificationName): Promise<unknown>;
  close(): void;
}

export interface ConnectOptions {
  sessionId?: string;
  token?: string;
  protocolVersion?: number;
  auth?: unknown;
  /** CA certificate(s) to trust for an https server (PEM), as browsers trust an installed CA. */
  ca?: string;
}

/** A raw socket.io client speaking the protocol from Node, for protocol and abuse tests. */
export async function connectClient(
  server: RunningServer,
  role: Role,
  name: string,
  options: ConnectOptions = {},
): Promise<TestClient> {
  const sessionId = options.sessionId ?? 'test-session';
  const token = options.token ?? (await server.tokens.mint({ sessionId, role, displayName: name }));
  const socket = io(server.url, {
    auth: (options.auth ?? {
      token,
      sessionId,
      protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION,
    }) as Record<string, unknown>,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  const received: [string, unknown][] = [];
  socket.onAny((event: string, payload: unknown) => received.push([event, payload]));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    received,
    request: (event, payload) =>
      socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack<unknown>>,
    next: (event) => new Promise((resolve) => socket.once(event, resolve)),
    close: () => socket.disconnect(),
  };
}

/** Connects and expects a refusal; resolves with the error code the server attached. */
export async function refusedConnection(
  server: RunningServer,
  options: ConnectOptions & { role?: Role },
): Promise<string> {
  try {
    const client = await connectClient(server, options.role ?? 'classroom', 'Refused', options);
    client.close();
    return 'connected';
  } catch (error) {
    return String((error as { data?: { code?: string } }).data?.code ?? (error as Error).message);
  }
}
