export {
  DEFAULT_TOKEN_TTL_SECONDS,
  SessionTokenIssuer,
  TokenError,
  sessionClaimsSchema,
} from './tokens';
export type { MintSessionTokenOptions, SessionClaims } from './tokens';
export { loadTokenSecret } from './secret';
