import type express from 'express';
import type { z } from 'zod';
import { HTTP_STATUS_BY_CODE } from '../contract/errors';
import type { PlanningError, PlanningErrorCode, Result } from '../domain/result';
import type { ErrorLogger } from './router-types';

const STATUS_BY_CODE = HTTP_STATUS_BY_CODE;

export class HttpFailure extends Error {
  constructor(
    readonly error: PlanningError,
    readonly status = STATUS_BY_CODE[error.code],
  ) {
    super(error.message);
  }
}

export function failure(code: PlanningErrorCode, message: string, details?: unknown): HttpFailure {
  return new HttpFailure(details === undefined ? { code, message } : { code, message, details });
}

/** Parses untrusted input at the boundary; zod issues go back as `details`. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw failure('invalid_request', `invalid ${what}`, parsed.error.issues);
  return parsed.data;
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new HttpFailure(result.error);
  return result.value;
}

export function found<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw failure('not_found', `${what} not found`);
  return value;
}

export function sendError(res: express.Response, status: number, error: PlanningError): void {
  res.status(status).json({ error });
}

/**
 * Maps thrown failures, body-parser and multer errors to the shared JSON error shape;
 * anything else is a bug, answered `internal` and reported to `logger` (issue 8, row 10).
 */
export function errorHandlerFor(logger?: ErrorLogger): express.ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = knownError(error);
    if (known) return sendError(res, known.status, known.error);
    logger?.error({ err: error, method: req.method, path: req.path }, 'REST request failed');
    sendError(res, 500, { code: 'internal', message: 'internal error' });
  };
}

function knownError(error: unknown): { status: number; error: PlanningError } | null {
  if (error instanceof HttpFailure) return { status: error.status, error: error.error };
  const status = (error as { status?: number; type?: string; code?: string }) ?? {};
  if (status.type === 'entity.parse.failed')
    return { status: 400, error: { code: 'invalid_request', message: 'body is not valid JSON' } };
  if (status.type === 'entity.too.large' || status.code === 'LIMIT_FILE_SIZE')
    return { status: 413, error: { code: 'invalid_request', message: 'body or file too large' } };
  if (typeof status.code === 'string' && status.code.startsWith('LIMIT_'))
    return { status: 400, error: { code: 'invalid_request', message: String(status.code) } };
  // Express's own client errors, e.g. a path parameter that is not valid percent-encoding.
  if (typeof status.status === 'number' && status.status >= 400 && status.status < 500)
    return { status: 400, error: { code: 'invalid_request', message: 'malformed request' } };
  return null;
}
