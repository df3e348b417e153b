import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { roleSchema, sessionIdSchema, type Role } from '../protocol';
import { SignedTokens, TokenError } from './jwt';

export { TokenError } from './jwt';
/** A lesson is 30 minutes; a link minted for it stays valid for the day by default. */
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;

/**
 * A pupil link's session token also names the pupil's class (the lesson audience it belongs to),
 * the link (refused at connect once revoked) and whether the teacher allowed its camera.
 */
export const pupilClaimsSchema = z.object({
  classId: z.string().min(1).max(128),
  className: z.string().min(1).max(80),
  linkId: z.string().min(1).max(128),
  cameraAllowed: z.boolean(),
});
export type PupilClaims = z.infer<typeof pupilClaimsSchema>;

/** What a session token grants: one session, one role, one display name, until it expires. */
export const sessionClaimsSchema = z.object({
  sub: z.string().min(1).max(128),
  sid: sessionIdSchema,
  role: roleSchema,
  name: z.string().trim().min(1).max(80),
  exp: z.number().int(),
  pupil: pupilClaimsSchema.optional(),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

export interface MintSessionTokenOptions {
  sessionId: string;
  role: Role;
  displayName: string;
  /** Stable id of the person or whiteboard; random when omitted. */
  subject?: string;
  ttlSeconds?: number;
  /** A pupil link's token only. */
  pupil?: PupilClaims;
}

/** Signs and verifies session tokens with one shared HMAC secret. */
export class SessionTokenIssuer {
  readonly #tokens: SignedTokens;

  constructor(secret: string) {
    this.#tokens = new SignedTokens(secret, 'passerelle:session');
  }

  async mint(options: MintSessionTokenOptions): Promise<string> {
    const claims = {
      sid: sessionIdSchema.parse(options.sessionId),
      role: options.role,
      name: options.displayName,
      ...(options.pupil ? { pupil: options.pupil } : {}),
    };
    const ttl = options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
    return this.#tokens.sign(claims, options.subject ?? randomUUID(), ttl);
  }

  /** Verifies signature, issuer, audience and expiry, then the claims' shape and session. */
  async verify(token: string, expectedSessionId?: string): Promise<SessionClaims> {
    const claims = sessionClaimsSchema.safeParse(await this.#tokens.verify(token));
    if (!claims.success) throw new TokenError('invalid', 'the link is not valid');
    if (expectedSessionId !== undefined && claims.data.sid !== expectedSessionId) {
      throw new TokenError('wrong_session', 'this link belongs to another lesson');
    }
    return claims.data;
  }
}
