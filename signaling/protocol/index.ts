export { ERROR_CODES, ProtocolError, errorCodeSchema, wireErrorSchema } from './errors';
export type { Ack, ErrorCode, WireError } from './errors';
export {
  CAPABILITIES,
  GRANTABLE_CAPABILITIES,
  ROLES,
  capabilitiesOf,
  checkCapabilities,
  possibleCapabilitiesOf,
  roleSchema,
} from './roles';
export type { Capability, GrantableCapability, Role } from './roles';
export { idSchema, sessionIdSchema } from './ids';
export type { SessionId } from './ids';
export {
  cameraPolicySchema,
  iceServerSchema,
  mediaKindSchema,
  mediaSourceSchema,
  microphonePolicySchema,
} from './media';
export { receivesTrack } from './receivePolicy';
export type {
  CameraPolicy,
  IceServer,
  MediaKind,
  MediaSource,
  MicrophonePolicy,
  RtpCapabilitiesWire,
  RtpParametersWire,
  DtlsParametersWire,
} from './media';
export {
  NOTIFICATIONS,
  PROTOCOL_VERSION,
  REQUESTS,
  REQUEST_NAMES,
  participantInfoSchema,
  producerInfoSchema,
  pupilGrantsSchema,
  transportStatsSchema,
} from './messages';
export type {
  NotificationName,
  NotificationPayload,
  ParticipantInfo,
  ProducerInfo,
  PupilGrants,
  RequestName,
  RequestPayload,
  ResponseData,
  TransportStats,
} from './messages';
export type {
  CheckHandshakeAuth,
  ClientToServerEvents,
  HandshakeAuth,
  ServerToClientEvents,
} from './wire';
export {
  PROBE_PATHS,
  PROBE_REQUEST_NAMES,
  checkTargetsSchema,
  probePathSchema,
  probeStatsSchema,
} from './probe';
export type { CheckTargets, ProbePath, ProbeRequestName, ProbeStats, TurnProbePath } from './probe';
export {
  classroomSignalSchema,
  linkDirectionSchema,
  linkStateSchema,
  participantLinkStateSchema,
  participantQualitySchema,
  pushedContentSchema,
  qualityLevelSchema,
  qualityReportSchema,
  yjsBinarySchema,
} from './lesson';
export type {
  ClassroomSignal,
  LinkDirection,
  LinkState,
  ParticipantLinkState,
  ParticipantQuality,
  PushedContent,
  QualityLevel,
  QualityReport,
} from './lesson';
export {
  BOARD_ITEMS,
  BOARD_STROKES,
  boardItemSchema,
  boardStrokeFieldsSchema,
  boardToolSchema,
  materialIdSchema,
} from './board';
export type { BoardItem, BoardStrokeFields, BoardTool } from './board';
export { NODE_ROUTE_PARAMETER, movedRefusalSchema, nodeAddressSchema } from './moved';
export type { MovedRefusal, NodeAddress } from './moved';
