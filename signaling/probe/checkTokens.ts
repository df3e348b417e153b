import { z } from 'zod';
import { SignedTokens, TokenError } from '../auth/jwt';

/** Long enough to run every path with a few seconds of media each; useless soon after. */
export const CHECK_TOKEN_TTL_SECONDS = 10 * 60;

/** What a check token grants: probing the network, for one whiteboard, for ten minutes. */
export const checkClaimsSchema = z.object({
  /** The class whose whiteboard runs the check, or the coordinator testing her own computer. */
  sub: z.string().min(1).max(128),
  exp: z.number().int(),
});
export type CheckClaims = z.infer<typeof checkClaimsSchema>;

/**
 * Check tokens have an audience of their own: a lesson token cannot probe and a check token
 * cannot join a lesson, whatever either carries.
 */
export class CheckTokenIssuer {
  readonly #tokens: SignedTokens;

  constructor(secret: string) {
    this.#tokens = new SignedTokens(secret, 'passerelle:check');
  }

  async mint(classId: string, ttlSeconds = CHECK_TOKEN_TTL_SECONDS) {
    const token = await this.#tokens.sign({}, classId, ttlSeconds);
    const expiresAt = new Date((Math.floor(Date.now() / 1000) + ttlSeconds) * 1000).toISOString();
    return { token, expiresAt };
  }

  async verify(token: string): Promise<CheckClaims> {
    const claims = checkClaimsSchema.safeParse(await this.#tokens.verify(token));
    if (!claims.success) throw new TokenError('invalid', 'the check token is not valid');
    return claims.data;
  }
}
