import type { ErrorCode } from './protocol';

/** Refuses a connection with a code the client can show ("link expired", "wrong lesson"...). */
export function refusal(code: ErrorCode, message: string): Error {
  return Object.assign(new Error(message), { data: { code } });
}
