import { randomUUID } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { TokenError, type SessionClaims, type SessionTokenIssuer } from './auth';
import { dispatch, isRequestName } from './dispatcher';
import type { LessonSession } from './LessonSession';
import { Participant, type ParticipantLink } from './Participant';
import {
  PROTOCOL_VERSION,
  ProtocolError,
  REQUEST_NAMES,
  sessionIdSchema,
  type ClientToServerEvents,
  type ErrorCode,
  type ServerToClientEvents,
} from './protocol';
import type { SessionRegistry } from './SessionRegistry';
import type { Logger } from './logger';
import {
  isCheckHandshake,
  openCheckConnection,
  serveCheck,
  type CheckConnection,
  type CheckSocketOptions,
} from './probe';
import type { Placement } from './cluster';
import { movedRefusal, refusal } from './refusal';
import { RequestBudget } from './RequestBudget';

/** A lesson connection's claims, session and participant; or, for a readiness check, `check` alone. */
interface SocketData {
  claims: SessionClaims;
  session: LessonSession;
  participant: Participant;
  check?: CheckConnection;
}

export type SignalingServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type SignalingSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export interface SignalingOptions {
  tokens: SessionTokenIssuer;
  registry: SessionRegistry;
  logger: Logger;
  /** Told the outcome of every request: 'ok' or the error code, and who asked. */
  onRequest?: (request: string, outcome: string, role: SessionClaims['role']) => void;
  /** Told the outcome of every readiness-check request. */
  onCheckRequest?: (request: string, outcome: string) => void;
  /** Last say on a verified link (e.g. its lesson was cancelled): a code refuses it. */
  admitLink?: (claims: SessionClaims) => Promise<ErrorCode | null>;
  /** Readiness checks (check tokens, capability `probe`); refused when absent. */
  checks?: CheckSocketOptions;
  /** Several nodes (cluster/): where a lesson runs; a join for another node's lesson is `moved`. */
  placeLesson?: (sessionId: string) => Promise<Placement>;
}

const handshakeSchema = z.object({
  token: z.string().min(1).max(4096),
  sessionId: sessionIdSchema,
  protocolVersion: z.number().int(),
});

const TOO_MANY_REQUESTS = {
  ok: false,
  error: { code: 'unavailable', message: 'too many requests: slow down' },
} as const;

/** Authenticates every connection, then wires each protocol request to the dispatcher. */
export function attachSignaling(io: SignalingServer, options: SignalingOptions): void {
  io.use((socket, next) => {
    const check = isCheckHandshake(socket.handshake.auth);
    const authenticated = check
      ? openCheckConnection(socket.handshake.auth, options.checks).then((opened) => {
          socket.data.check = opened;
        })
      : authenticate(socket, options);
    authenticated.then(
      () => next(),
      (error: Error) => next(error),
    );
  });
  io.on('connection', (socket) => {
    const check = socket.data.check;
    if (check) serveCheck(socket, check, options.logger, options.onCheckRequest);
    else handleConnection(socket, options);
  });
}

async function authenticate(
  socket: SignalingSocket,
  { tokens, registry, admitLink, placeLesson }: SignalingOptions,
): Promise<void> {
  const handshake = handshakeSchema.safeParse(socket.handshake.auth);
  if (!handshake.success) throw refusal('unauthenticated', 'a join link token is required');
  if (handshake.data.protocolVersion !== PROTOCOL_VERSION) {
    throw refusal(
      'invalid_request',
      `protocol version ${PROTOCOL_VERSION} required; reload the page`,
    );
  }
  try {
    socket.data.claims = await tokens.verify(handshake.data.token, handshake.data.sessionId);
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    throw refusal(
      error.reason === 'wrong_session' ? 'forbidden' : 'unauthenticated',
      error.message,
    );
  }
  const refused = await admitLink?.(socket.data.claims);
  if (refused) throw refusal(refused, 'this lesson is over or was cancelled');
  await sendElsewhere(socket.data.claims.sid, placeLesson);
  socket.data.session = await registry.open(socket.data.claims.sid).catch(() => {
    throw refusal('unavailable', 'the media server is not available');
  });
  admit(socket);
}

/** A lesson held by another node refuses the connection with `moved`, naming that node. */
async function sendElsewhere(
  sessionId: string,
  placeLesson: SignalingOptions['placeLesson'],
): Promise<void> {
  if (!placeLesson) return;
  const placement = await placeLesson(sessionId).catch(() => {
    throw refusal('unavailable', 'the lesson cannot be placed right now: try again');
  });
  if (placement.kind === 'moved') throw movedRefusal(placement.node);
}

/**
 * A full lesson refuses the connection here, where the refusal reaches the
 * client as a connect error. The participant is attached only once connected
 * (handleConnection): a client gone meanwhile would otherwise stay as a ghost.
 */
function admit(socket: SignalingSocket): void {
  const { claims, session } = socket.data;
  const participant = new Participant({
    id: randomUUID(),
    subject: claims.sub,
    role: claims.role,
    displayName: claims.name,
    pupil: claims.role === 'pupil' ? claims.pupil : undefined,
    link: socketLink(socket),
  });
  try {
    session.assertAdmissible(participant);
  } catch (error) {
    if (error instanceof ProtocolError) throw refusal(error.code, error.message);
    throw error;
  }
  socket.data.participant = participant;
}

function handleConnection(socket: SignalingSocket, { logger, onRequest }: SignalingOptions): void {
  const { claims, session, participant } = socket.data;
  try {
    session.attach(participant);
  } catch {
    // Filled up by a concurrent connection since admit(): refuse now.
    socket.disconnect(true);
    return;
  }
  const log = logger.child({
    sessionId: session.id,
    participantId: participant.id,
    role: participant.role,
  });
  log.info('connected');
  const context = { session, participant };
  const onInternalError = (error: unknown) => log.error({ err: error }, 'request failed');

  const budget = new RequestBudget();
  for (const name of REQUEST_NAMES) {
    socket.on(name, (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return; // every request must be acknowledged
      if (!budget.take()) return void ack(TOO_MANY_REQUESTS);
      void dispatch(name, payload, context, onInternalError).then((response) => {
        onRequest?.(name, response.ok ? 'ok' : response.error.code, claims.role);
        ack(response);
      });
    });
  }
  socket.onAny((event: string, ...args: unknown[]) => {
    const ack = args.at(-1);
    if (!isRequestName(event) && typeof ack === 'function') {
      ack({ ok: false, error: { code: 'invalid_request', message: `unknown request ${event}` } });
    }
  });

  const expiry = setTimeout(
    () => socket.disconnect(true),
    Math.min(claims.exp * 1000 - Date.now(), 2 ** 31 - 1),
  );
  socket.on('disconnect', (reason) => {
    clearTimeout(expiry);
    log.info({ reason }, 'disconnected');
    session.leave(participant);
  });
}

/**
 * Another node holds this lesson now (this one paused past its heartbeat's TTL): its
 * connections here are cut at the transport, not refused, so each page reconnects by itself
 * from its entry address and is sent on to the owner (`moved`).
 */
export function reconnectElsewhere(io: SignalingServer, sessionId: string): void {
  for (const socket of io.of('/').sockets.values())
    if (socket.data.session?.id === sessionId) socket.conn.close();
}

function socketLink(socket: SignalingSocket): ParticipantLink {
  return {
    notify: (name, payload) => {
      // socket.io's emit generics cannot follow a generic event name; the payload type matches `name`.
      (socket.emit as (event: string, payload: unknown) => boolean)(name, payload);
    },
    disconnect: () => socket.disconnect(true),
  };
}
