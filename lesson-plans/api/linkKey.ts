import type express from 'express';
import type { HttpFailure } from './http';

/**
 * A link's key (a family's, a pupil's at home) from the Authorization header only: their pages
 * read it from the URL fragment, so it is in no path, query, log line or Referer. No header:
 * null (another authenticator may apply). Anything not shaped like a key is refused with
 * `unknown`, the same answer as a key nobody issued.
 */
export function linkKeyOf(req: express.Request, unknown: HttpFailure): string | null {
  const header = req.get('authorization') ?? '';
  const key = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (key === '') return null;
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(key)) throw unknown;
  return key;
}
