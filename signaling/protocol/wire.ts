import type { Ack } from './errors';
import type {
  NotificationName,
  NotificationPayload,
  RequestName,
  RequestPayload,
  ResponseData,
} from './messages';

/**
 * socket.io event maps typed from the protocol tables. The server still
 * parses every incoming payload: these types describe intent, not proof.
 */
export type ClientToServerEvents = {
  [K in RequestName]: (
    payload: RequestPayload<K>,
    ack: (response: Ack<ResponseData<K>>) => void,
  ) => void;
};

export type ServerToClientEvents = {
  [K in NotificationName]: (payload: NotificationPayload<K>) => void;
};

/** What the client sends in socket.io's handshake `auth` field. */
export interface HandshakeAuth {
  token: string;
  /** The lesson the page was opened for; must match the token's session. */
  sessionId: string;
  protocolVersion: number;
}

/** The handshake of a readiness check's connection: a check token, no lesson. */
export interface CheckHandshakeAuth {
  token: string;
  purpose: 'check';
  protocolVersion: number;
}
