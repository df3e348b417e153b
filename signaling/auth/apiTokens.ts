import { z } from 'zod';
import { PLANNING_ROLES } from '../../lesson-plans/contract/roles';
import { SignedTokens, TokenError } from './jwt';

/** Who may call the planning API: people, and classroom whiteboards (their permanent link). */
export const apiRoleSchema = z.enum([...PLANNING_ROLES, 'classroom']);
export type ApiRole = z.infer<typeof apiRoleSchema>;

export const apiClaimsSchema = z.object({
  /** The person's id in lesson-plans (tutor, teacher, inspector, coordinator) or the class id. */
  sub: z.string().min(1).max(128),
  role: apiRoleSchema,
  name: z.string().trim().min(1).max(80),
  exp: z.number().int(),
  /** The holder's credential version when signed; a bump in the store revokes older tokens. */
  kv: z.number().int().min(0).default(0),
});
export type ApiClaims = z.infer<typeof apiClaimsSchema>;

/** A classroom's permanent link lasts the school year; people's API tokens a working day. */
export const CLASSROOM_LINK_TTL_SECONDS = 365 * 24 * 60 * 60;
export const API_TOKEN_TTL_SECONDS = 12 * 60 * 60;

export class ApiTokenIssuer {
  readonly #tokens: SignedTokens;

  constructor(secret: string) {
    this.#tokens = new SignedTokens(secret, 'passerelle:api');
  }

  mint(
    role: ApiRole,
    subject: string,
    displayName: string,
    ttlSeconds = API_TOKEN_TTL_SECONDS,
    keyVersion = 0,
  ): Promise<string> {
    return this.#tokens.sign({ role, name: displayName, kv: keyVersion }, subject, ttlSeconds);
  }

  async verify(token: string): Promise<ApiClaims> {
    const claims = apiClaimsSchema.safeParse(await this.#tokens.verify(token));
    if (!claims.success) throw new TokenError('invalid', 'the key is not valid');
    return claims.data;
  }
}
