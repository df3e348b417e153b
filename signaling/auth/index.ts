export { DEFAULT_TOKEN_TTL_SECONDS, SessionTokenIssuer, sessionClaimsSchema } from './tokens';
export type { MintSessionTokenOptions, PupilClaims, SessionClaims } from './tokens';
export { TokenError } from './jwt';
export {
  API_TOKEN_TTL_SECONDS,
  ApiTokenIssuer,
  CLASSROOM_LINK_TTL_SECONDS,
  apiClaimsSchema,
  apiRoleSchema,
} from './apiTokens';
export type { ApiClaims, ApiRole } from './apiTokens';
export { loadTokenSecret } from './secret';
