export {
  ConnectivityProbe,
  DEFAULT_MAX_OPEN_PROBES,
  DEFAULT_PROBE_LIFETIME_MS,
  webRtcServerPorts,
} from './ConnectivityProbe';
export type {
  ConnectivityProbeEvents,
  ConnectivityProbeOptions,
  ProbeSideSummary,
  ProbeTransportMode,
  ProbeTransports,
} from './ConnectivityProbe';
export { MediaRoom } from './MediaRoom';
export { RecoveryCancelledError, createRoomWhenAvailable } from './createRoomWhenAvailable';
export type { RecoveryOptions } from './createRoomWhenAvailable';
export type {
  ConsumerOptions,
  MediaRoomEvents,
  MediaRoomOptions,
  ProduceOptions,
  ProducerSummary,
  TransportOptions,
  TransportStatsSummary,
} from './mediaRoomTypes';
export type { ConsumerDemand } from './consumerDemand';
export type { LayerCap, PeerLinkSample, VideoDelivery } from './linkSample';
export { DEFAULT_PEER_LIMITS } from './MediaPeer';
export type { MediaPeerLimits } from './MediaPeer';
export { MediaRoomError } from './MediaRoomError';
export type { MediaRoomErrorReason } from './MediaRoomError';
export {
  DEFAULT_ACTIVE_SPEAKER_INTERVAL_MS,
  DEFAULT_PEERS_PER_ROUTER,
  WorkerPool,
} from './WorkerPool';
export type {
  ListenAddress,
  PooledWorker,
  WorkerPoolEvents,
  WorkerPoolOptions,
} from './WorkerPool';
export { MEDIA_CODECS } from './codecs';
export {
  RECOMMENDED_UDP_RECEIVE_BUFFER,
  udpReceiveBufferAdvice,
  udpReceiveBufferDefault,
} from './receiveBuffer';
export { cachedWorkerPath, loadMediasoup } from './loadMediasoup';
export { TypedEmitter, eventOrDelay } from './TypedEmitter';
export type { EventMap } from './TypedEmitter';
