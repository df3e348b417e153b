import { MediaRoomError, type MediaRoomErrorReason } from '../sfu';
import { HANDLERS, PRE_JOIN_REQUESTS, type RequestContext } from './handlers';
import {
  ProtocolError,
  REQUESTS,
  type Ack,
  type Capability,
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

/** How one kind of connection runs a request once its capability is checked. */
export interface RequestRunner {
  /** Who is asking, for refusals ("a classroom", "a readiness check"). */
  who: string;
  can(capability: Capability): boolean;
  /** Throws a ProtocolError when the connection's state does not allow this request now. */
  assertReady(name: RequestName): void;
  run(name: RequestName, payload: unknown): Promise<unknown>;
}

/**
 * Parses, authorises and runs one request; always resolves to an ack.
 * Expected failures become error codes; anything else is a bug, reported as
 * `internal` without details, and the server carries on.
 */
export async function dispatchTo<K extends RequestName>(
  name: K,
  rawPayload: unknown,
  runner: RequestRunner,
  onInternalError: (error: unknown) => void,
): Promise<Ack<ResponseData<K>>> {
  try {
    const spec = REQUESTS[name];
    if (!runner.can(spec.capability)) {
      throw new ProtocolError('forbidden', `${runner.who} may not ${name}`);
    }
    runner.assertReady(name);
    const parsed = spec.request.safeParse(rawPayload ?? {});
    if (!parsed.success) {
      throw new ProtocolError('invalid_request', `${name}: ${describeIssues(parsed.error.issues)}`);
    }
    return { ok: true, data: (await runner.run(name, parsed.data)) as ResponseData<K> };
  } catch (error) {
    return { ok: false, error: toWireError(error, onInternalError) };
  }
}

/** A lesson connection's requests: its participant's capabilities, its place in the session. */
export function dispatch<K extends RequestName>(
  name: K,
  rawPayload: unknown,
  context: RequestContext,
  onInternalError: (error: unknown) => void,
): Promise<Ack<ResponseData<K>>> {
  return dispatchTo(name, rawPayload, lessonRunner(context), onInternalError);
}

function lessonRunner(context: RequestContext): RequestRunner {
  return {
    who: `a ${context.participant.role}`,
    // Role, link and this lesson's grants: one verdict (LessonSession.can).
    can: (capability) => context.session.can(context.participant, capability),
    assertReady(name) {
      const state = context.session.stateOf(context.participant);
      if (state === 'left')
        throw new ProtocolError('conflict', 'this connection has left the lesson');
      if (state !== 'joined' && !PRE_JOIN_REQUESTS.has(name)) {
        throw new ProtocolError('conflict', `join the session before ${name}`);
      }
    },
    run(name, payload) {
      const handler = (HANDLERS as Record<string, LessonHandler | undefined>)[name];
      if (!handler) throw new ProtocolError('forbidden', `a lesson connection may not ${name}`);
      return handler(context, payload);
    },
  };
}

type LessonHandler = (context: RequestContext, payload: unknown) => Promise<unknown>;

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
