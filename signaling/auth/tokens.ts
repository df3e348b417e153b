import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { roleSchema, sessionIdSchema, type Role } from '../protocol';

const ISSUER = 'passerelle';
const AUDIENCE = 'passerelle:session';
const ALGORITHM = 'HS256';
/** A lesson is 30 minutes; a link minted for it stays valid for the day by default. */
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;

/** What a session token grants: one session, one role, one display name, until it expires. */
export const sessionClaimsSchema = z.object({
  sub: z.string().min(1).max(128),
  sid: sessionIdSchema,
  role: roleSchema,
  name: z.string().trim().min(1).max(80),
  exp: z.number().int(),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

export interface MintSessionTokenOptions {
  sessionId: string;
  role: Role;
  displayName: string;
  /** Stable id of the person or whiteboard; random when omitted. */
  subject?: string;
  ttlSeconds?: number;
}

export class TokenError extends Error {
  readonly reason: 'expired' | 'invalid' | 'wrong_session';

  constructor(reason: TokenError['reason'], message: string) {
    super(message);
    this.name = 'TokenError';
    this.reason = reason;
  }
}

/** Signs and verifies session tokens with one shared HMAC secret. */
export class SessionTokenIssuer {
  readonly #key: Uint8Array;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('the token secret must be at least 32 characters');
    this.#key = new TextEncoder().encode(secret);
  }

  async mint(options: MintSessionTokenOptions): Promise<string> {
    const claims = {
      sid: sessionIdSchema.parse(options.sessionId),
      role: options.role,
      name: options.displayName,
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(options.subject ?? randomUUID())
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS}s`)
      .sign(this.#key);
  }

  /** Verifies signature, issuer, audience and expiry, then the claims' shape and session. */
  async verify(token: string, expectedSessionId?: string): Promise<SessionClaims> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [ALGORITHM],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw new TokenError('expired', 'the link has expired');
      throw new TokenError('invalid', 'the link is not valid');
    }
    const claims = sessionClaimsSchema.safeParse(payload);
    if (!claims.success) throw new TokenError('invalid', 'the link is not valid');
    if (expectedSessionId !== undefined && claims.data.sid !== expectedSessionId) {
      throw new TokenError('wrong_session', 'this link belongs to another lesson');
    }
    return claims.data;
  }
}
