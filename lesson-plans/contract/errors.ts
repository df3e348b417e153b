import { z } from 'zod';

/**
 * The closed set of error codes of the whole system: REST answers, socket acks and
 * connect errors alike (signaling/protocol/errors.ts re-exports these). Zod only, so
 * the browser imports it too.
 */
export const ERROR_CODES = [
  'unauthenticated',
  'forbidden',
  'invalid_request',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
  /** This node does not hold the lesson: the answer names the node that does (cluster mode). */
  'moved',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The HTTP status of each code on the REST side. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  internal: 500,
  unavailable: 503,
  // Misdirected Request: the right server for this resource is another one.
  moved: 421,
};

/** Every REST error answer: `{ error: { code, message, details? } }`. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: errorCodeSchema, message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
