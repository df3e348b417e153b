import type { ErrorCode } from '../contract/errors';

/** The closed set of error codes shared with the rest of Passerelle (STYLE.md §6). */
export type PlanningErrorCode = ErrorCode;

export interface PlanningError {
  code: PlanningErrorCode;
  message: string;
  details?: unknown;
}

/** Expected failures are values; only bugs throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: PlanningError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(
  code: PlanningErrorCode,
  message: string,
  details?: unknown,
): Result<T> {
  return {
    ok: false,
    error: details === undefined ? { code, message } : { code, message, details },
  };
}

/** Thrown inside a store transaction to roll it back with an expected failure. */
export class PlanningFailure extends Error {
  constructor(readonly error: PlanningError) {
    super(error.message);
  }
}
