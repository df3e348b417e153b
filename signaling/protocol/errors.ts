import { z } from 'zod';

import { ERROR_CODES, errorCodeSchema, type ErrorCode } from '../../lesson-plans/contract/errors';

/** One closed set for the whole system, declared with the REST contract. */
export { ERROR_CODES, errorCodeSchema };
export type { ErrorCode };

export const wireErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
});
export type WireError = z.infer<typeof wireErrorSchema>;

/** Every request is acknowledged with exactly one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

/** An expected failure raised by domain code; the dispatcher turns it into an error ack. */
export class ProtocolError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}
