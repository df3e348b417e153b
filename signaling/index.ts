export {
  ApiTokenIssuer,
  CLASSROOM_LINK_TTL_SECONDS,
  SessionTokenIssuer,
  TokenError,
  loadTokenSecret,
} from './auth';
export type { MintSessionTokenOptions, PupilClaims, SessionClaims } from './auth';
export { loadConfig } from './config';
export type { ServerConfig } from './config';
export { createLogger } from './logger';
export type { Logger } from './logger';
export { LessonSession } from './LessonSession';
export type { RelayCredentials } from './LessonSession';
export { Participant, describeFor } from './Participant';
export type { ParticipantLink } from './Participant';
export { SessionRegistry } from './SessionRegistry';
export { startPasserelleServer } from './server';
export type { PasserelleServerOptions, RunningServer } from './server';
export { TurnRelay, turnPassword, turnRelayFromConfig, turnUsername } from './turnCredentials';
export type { TurnRelayOptions } from './turnCredentials';
