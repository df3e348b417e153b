import type { Socket } from 'socket.io';
import { z } from 'zod';
import { TokenError } from '../auth';
import { dispatchTo, isRequestName, type RequestRunner } from '../dispatcher';
import type { Logger } from '../logger';
import { PROTOCOL_VERSION, ProtocolError, REQUEST_NAMES } from '../protocol';
import { refusal } from '../refusal';
import { RequestBudget } from '../RequestBudget';
import { CheckConnection, type CheckServices } from './CheckConnection';
import { CHECK_HANDLERS } from './checkHandlers';
import type { CheckTokenIssuer } from './checkTokens';

export interface CheckSocketOptions {
  tokens: CheckTokenIssuer;
  services: CheckServices;
}

const checkHandshakeSchema = z.object({
  token: z.string().min(1).max(4096),
  purpose: z.literal('check'),
  protocolVersion: z.number().int(),
});

/** A handshake that asks for a readiness check rather than a lesson. */
export function isCheckHandshake(auth: unknown): boolean {
  return typeof auth === 'object' && auth !== null && 'purpose' in auth;
}

/** Verifies a check handshake; a lesson token (another audience) is refused here. */
export async function openCheckConnection(
  auth: unknown,
  options: CheckSocketOptions | undefined,
): Promise<CheckConnection> {
  if (!options) throw refusal('unavailable', 'this server runs no readiness checks');
  const handshake = checkHandshakeSchema.safeParse(auth);
  if (!handshake.success) throw refusal('unauthenticated', 'a check token is required');
  if (handshake.data.protocolVersion !== PROTOCOL_VERSION)
    throw refusal('invalid_request', `protocol version ${PROTOCOL_VERSION} required; reload`);
  try {
    const claims = await options.tokens.verify(handshake.data.token);
    return new CheckConnection(claims, options.services);
  } catch (error) {
    if (error instanceof TokenError) throw refusal('unauthenticated', error.message);
    throw error;
  }
}

/** Wires every request of a check connection to the dispatcher; the check ends with the socket. */
export function serveCheck(
  socket: Socket,
  check: CheckConnection,
  logger: Logger,
  onRequest?: (request: string, outcome: string) => void,
): void {
  const log = logger.child({ checkId: check.id });
  log.info('readiness check connected');
  const runner = checkRunner(check);
  const onInternalError = (error: unknown) => log.error({ err: error }, 'check request failed');
  const budget = new RequestBudget();
  for (const name of REQUEST_NAMES) {
    socket.on(name, (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      if (!budget.take())
        return void ack({ ok: false, error: { code: 'unavailable', message: 'slow down' } });
      void dispatchTo(name, payload, runner, onInternalError).then((response) => {
        onRequest?.(name, response.ok ? 'ok' : response.error.code);
        ack(response);
      });
    });
  }
  socket.onAny((event: string, ...args: unknown[]) => {
    const ack = args.at(-1);
    if (!isRequestName(event) && typeof ack === 'function')
      ack({ ok: false, error: { code: 'invalid_request', message: `unknown request ${event}` } });
  });
  const expiry = setTimeout(
    () => socket.disconnect(true),
    Math.min(check.claims.exp * 1000 - Date.now(), 2 ** 31 - 1),
  );
  socket.on('disconnect', () => {
    clearTimeout(expiry);
    check.close();
    log.info('readiness check disconnected');
  });
}

function checkRunner(check: CheckConnection): RequestRunner {
  return {
    who: 'a readiness check',
    can: (capability) => check.capabilities.has(capability),
    assertReady() {
      if (check.state === 'over') throw new ProtocolError('conflict', 'this check is over');
    },
    run(name, payload) {
      const handler = (CHECK_HANDLERS as Record<string, CheckHandler | undefined>)[name];
      if (!handler) throw new ProtocolError('forbidden', `a readiness check may not ${name}`);
      return handler(check, payload);
    },
  };
}

type CheckHandler = (check: CheckConnection, payload: unknown) => Promise<unknown>;
