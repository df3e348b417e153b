import { z } from 'zod';
import {
  REQUESTS,
  wireErrorSchema,
  type ErrorCode,
  type RequestName,
  type RequestPayload,
  type ResponseData,
} from '../../../signaling/protocol';
import { sendRaw, type LessonSocket, type RawAnswer } from './lessonSocket';

export { createSignalingSocket, type LessonSocket } from './lessonSocket';

/** A refused request or connection, with the server's error code. */
export class SignalingError extends Error {
  readonly code: ErrorCode | 'timeout' | 'network';

  constructor(code: SignalingError['code'], message: string) {
    super(message);
    this.name = 'SignalingError';
    this.code = code;
  }
}

/** Sends one request and checks the response against the protocol's schema. */
export async function request<K extends RequestName>(
  socket: LessonSocket,
  name: K,
  payload: RequestPayload<K>,
): Promise<ResponseData<K>> {
  return parseAnswer(name, await sendRaw(socket, name, payload));
}

const ackSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: wireErrorSchema }),
]);

/**
 * Checks an answer against the protocol's schema: a refusal, a timeout or an unexpected shape
 * becomes a SignalingError. Also used on the answers the connect-only path received before the
 * lesson client's chunk (and zod) had arrived.
 */
export function parseAnswer<K extends RequestName>(name: K, answer: RawAnswer): ResponseData<K> {
  if (answer.timedOut) throw new SignalingError('timeout', `${name} timed out`);
  const ack = ackSchema.safeParse(answer.ack);
  if (!ack.success) throw new SignalingError('internal', `${name}: unexpected response`);
  if (!ack.data.ok) throw new SignalingError(ack.data.error.code, ack.data.error.message);
  const parsed = REQUESTS[name].response.safeParse(ack.data.data);
  if (!parsed.success) throw new SignalingError('internal', `${name}: unexpected response`);
  return parsed.data as ResponseData<K>;
}

/** The code attached by the server to a refused connection, if any. */
export function connectErrorCode(error: Error): ErrorCode | 'network' {
  const data = (error as Error & { data?: { code?: unknown } }).data;
  const code = data?.code;
  return typeof code === 'string' ? (code as ErrorCode) : 'network';
}
