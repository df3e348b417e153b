import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';

const ISSUER = 'passerelle';
const ALGORITHM = 'HS256';

export class TokenError extends Error {
  readonly reason: 'expired' | 'invalid' | 'wrong_session';

  constructor(reason: TokenError['reason'], message: string) {
    super(message);
    this.name = 'TokenError';
    this.reason = reason;
  }
}

/**
 * HS256 signing and verification for one audience. Session tokens and API
 * tokens share the secret but not the audience, so neither can stand in for
 * the other.
 */
export class SignedTokens {
  readonly #key: Uint8Array;
  readonly #audience: string;

  constructor(secret: string, audience: string) {
    if (secret.length < 32) throw new Error('the token secret must be at least 32 characters');
    this.#key = new TextEncoder().encode(secret);
    this.#audience = audience;
  }

  sign(claims: JWTPayload, subject: string, ttlSeconds: number): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(subject)
      .setIssuer(ISSUER)
      .setAudience(this.#audience)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.#key);
  }

  async verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        audience: this.#audience,
        algorithms: [ALGORITHM],
      });
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw new TokenError('expired', 'the link has expired');
      throw new TokenError('invalid', 'the link is not valid');
    }
  }
}
