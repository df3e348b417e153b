export { EntSignIn, HANDOFF_CODE_TTL_MS, SIGN_IN_FLOW_TTL_MS } from './EntSignIn';
export type { ApiTokenGrant, EntSignInOptions } from './EntSignIn';
export { entConfigSchema, loadEntConfig, parseEntConfig } from './config';
export type { EntConfig, EntPersonMapping, EntProviderConfig } from './config';
export { SIGN_IN_COOKIE, entSignInRoutes } from './routes';
export type { EntRoutesOptions } from './routes';
export type { SignInOutcome } from './identity';
export { memoryEntState } from './sharedState';
export type { CallbackBudget, EntSharedState, SingleUseEntries } from './sharedState';
