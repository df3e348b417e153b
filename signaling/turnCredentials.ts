import { createHmac } from 'node:crypto';
import type { ServerConfig } from './config';
import type { IceServer } from './protocol';

export interface TurnRelayOptions {
  /** coturn's `static-auth-secret` (`use-auth-secret`). */
  secret: string;
  /** `turn:`/`turns:` URLs, handed to the browser as they are. */
  urls: readonly string[];
  ttlSeconds: number;
  /** Unix time in seconds; tests move it. */
  nowSeconds?: () => number;
}

/**
 * The TURN REST API username: `<expiry unix seconds>:<subject>`. coturn refuses it once the
 * expiry has passed, so a leaked credential dies with its lesson.
 */
export function turnUsername(expiresAtSeconds: number, subject: string): string {
  if (subject.includes(':')) throw new Error('a TURN subject cannot contain ":"');
  return `${Math.floor(expiresAtSeconds)}:${subject}`;
}

/** What coturn recomputes from its own copy of the secret: base64(HMAC-SHA1(secret, username)). */
export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/**
 * Mints one relay credential per join. The subject is the connection's opaque participant id,
 * never a name or a role: coturn's logs and quota must not tell an inspector from a class.
 * The credential is a bearer credential for the relay: it goes to its holder only.
 */
export class TurnRelay {
  readonly #options: TurnRelayOptions;

  constructor(options: TurnRelayOptions) {
    this.#options = options;
  }

  get urls(): readonly string[] {
    return this.#options.urls;
  }

  /** A fresh credential for `subject`, for every configured URL or only those given. */
  iceServersFor(subject: string, urls: readonly string[] = this.#options.urls): IceServer[] {
    const now = this.#options.nowSeconds?.() ?? Date.now() / 1000;
    const username = turnUsername(now + this.#options.ttlSeconds, subject);
    const credential = turnPassword(this.#options.secret, username);
    return [{ urls: [...urls], username, credential }];
  }
}

/** The relay the configuration describes, or null when TURN is off (no secret, no URLs). */
export function turnRelayFromConfig(config: ServerConfig): TurnRelay | null {
  if (!config.TURN_SECRET || !config.TURN_URLS) return null;
  return new TurnRelay({
    secret: config.TURN_SECRET,
    urls: config.TURN_URLS,
    ttlSeconds: config.TURN_CREDENTIAL_TTL_SECONDS,
  });
}
