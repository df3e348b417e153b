export { CheckConnection } from './CheckConnection';
export type { CheckServices } from './CheckConnection';
export { CHECKS_PER_HOUR, CheckGate } from './CheckGate';
export { checkTargets, turnListenerOf, turnListeners } from './checkTargets';
export type { TurnListener } from './checkTargets';
export { CHECK_TOKEN_TTL_SECONDS, CheckTokenIssuer, checkClaimsSchema } from './checkTokens';
export type { CheckClaims } from './checkTokens';
export { isCheckHandshake, openCheckConnection, serveCheck } from './checkSocket';
export type { CheckSocketOptions } from './checkSocket';
