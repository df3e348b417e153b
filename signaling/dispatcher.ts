import { MediaRoomError, type MediaRoomErrorReason } from '../sfu';
import { HANDLERS, PRE_JOIN_REQUESTS, type RequestContext } from './handlers';
import {
  ProtocolError,
  REQUESTS,
  type Ack,
  type ErrorCode,
  type RequestName,
  type ResponseData,
} from './protocol';

const MEDIA_ERROR_CODES: Record<MediaRoomErrorReason, ErrorCode> = {
  not_found: 'not_found',
  invalid: 'invalid_request',
  incompatible: 'invalid_request',
  closed: 'unavailable',
  limit: 'conflict',
};

export function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(REQUESTS, name);
}

/**
 * Parses, authorises and runs one request; always resolves to an ack.
 * Expected failures become error codes; anything else is a bug, reported as
 * `internal` without details, and the server carries on.
 */
export async function dispatch<K extends RequestName>(
  name: K,
  rawPayload: unknown,
  context: RequestContext,
  onInternalError: (error: unknown) => void,
): Promise<Ack<ResponseData<K>>> {
  try {
    const spec = REQUESTS[name];
    if (!context.participant.can(spec.capability)) {
      throw new ProtocolError('forbidden', `a ${context.participant.role} may not ${name}`);
    }
    const state = context.session.stateOf(context.participant);
    if (state === 'left')
      throw new ProtocolError('conflict', 'this connection has left the lesson');
    if (state !== 'joined' && !PRE_JOIN_REQUESTS.has(name)) {
      throw new ProtocolError('conflict', `join the session before ${name}`);
    }
    const parsed = spec.request.safeParse(rawPayload ?? {});
    if (!parsed.success) {
      throw new ProtocolError('invalid_request', `${name}: ${describeIssues(parsed.error.issues)}`);
    }
    const handler = HANDLERS[name] as (
      context: RequestContext,
      payload: unknown,
    ) => Promise<ResponseData<K>>;
    return { ok: true, data: await handler(context, parsed.data) };
  } catch (error) {
    return { ok: false, error: toWireError(error, onInternalError) };
  }
}

function toWireError(error: unknown, onInternalError: (error: unknown) => void) {
  if (error instanceof ProtocolError) return { code: error.code, message: error.message };
  if (error instanceof MediaRoomError)
    return { code: MEDIA_ERROR_CODES[error.reason], message: error.message };
  onInternalError(error);
  return { code: 'internal' as const, message: 'internal server error' };
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(payload)'}: ${issue.message}`)
    .join('; ');
}
