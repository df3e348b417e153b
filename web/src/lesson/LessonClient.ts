import { Device, type types } from 'mediasoup-client';
import type {
  Capability,
  CameraPolicy,
  IceServer,
  MediaSource,
  MicrophonePolicy,
  ParticipantInfo,
  ProducerInfo,
  ResponseData,
  Role,
} from '../../../signaling/protocol';
import {
  SignalingError,
  connectErrorCode,
  createSignalingSocket,
  request,
  type LessonSocket,
} from './signalingClient';
import { joinSession, routerCapabilities } from './adoptedConnection';
import { storeCachedCapabilities } from './rtpCapabilitiesCache';
import { Store } from './store';
import { createLessonTransport, restartIceOnServer } from './transports';
import { restartTransportIce } from './iceRecovery';
import { ConsumerLayers } from './consumerLayers';
import { afterFirstRemoteFrame } from './firstFrame';
import { shouldConsume } from './receivePolicy';
import { LessonActivity } from './LessonActivity';
import { NodeRoute } from './nodeRoute';
import { QualityReporter } from './quality';
import { cameraConstraints, cameraEncodings, keepResolutionUnderLoad } from './senderPolicy';
import { SenderLayers } from './senderLayers';
import { cameraCaptureFor } from './cameraCapture';
import { captureSource, withPupilGrants } from './onDemandSources';
import {
  FIRST_FRAME_STEP_MARKS,
  INITIAL_LESSON_STATE,
  JOINED_MARK,
  markOnce,
  type LessonClientOptions,
  type LessonState,
  type RemoteTrackInfo,
} from './lessonState';

export { FIRST_REMOTE_FRAME_MARK, JOINED_MARK } from './lessonState';
export type { LessonClientOptions, LessonPhase, LessonState, RemoteTrackInfo } from './lessonState';

const PRODUCING_ROLES: ReadonlySet<Role> = new Set(['tutor', 'classroom']);
/** Pause before a fresh connection when a join request was lost (no tight loop on a bad line). */
const JOIN_RETRY_DELAY_MS = 1_000;
/** Pause before going back to the entry address when two nodes each sent us to the other. */
const MOVED_LOOP_DELAY_MS = 2_000;

/**
 * One page's connection to one lesson: signalling, the mediasoup-client
 * Device, a send and a receive transport, and the tracks. Rejoins by itself
 * after a network drop or a media-server restart.
 */
export class LessonClient {
  readonly store = new Store<LessonState>(INITIAL_LESSON_STATE);
  readonly activity: LessonActivity;
  readonly #options: LessonClientOptions;
  readonly #socket: LessonSocket;
  readonly #route: NodeRoute;
  readonly #tracks = new Map<string, MediaStreamTrack>();
  readonly #producers = new Map<MediaSource, types.Producer>();
  readonly #consumers = new Map<string, types.Consumer>();
  #device: Device | undefined;
  #sendTransport: types.Transport | undefined;
  #recvTransport: types.Transport | undefined;
  #localStream: MediaStream | undefined;
  #joining: { connection: number; done: Promise<void> } | undefined;
  /** Counts the socket's connections: a join started on an older one is abandoned. */
  #connection = 0;
  /** An adopted socket's notifications wait (in the early path's buffer) until the join is applied. */
  #holdingNotifications = false;
  /** The connect-only path's connection, until the first join has taken its answers. */
  #unusedEarly: LessonClientOptions['early'];
  readonly #senderLayers: SenderLayers;
  readonly #consumerLayers = new ConsumerLayers((consumerId, choice) =>
    request(this.#socket, 'setConsumerPreferredLayers', { consumerId, ...choice }).then(
      () => undefined,
    ),
  );
  /** The server's capture policy for this role, from joinSession. */
  #cameraPolicy: CameraPolicy | null = null;
  #microphonePolicy: MicrophonePolicy | null = null;
  /** The TURN relay with this connection's own credential, from joinSession; never shared. */
  #iceServers: IceServer[] = [];
  readonly #qualityReporter = new QualityReporter(
    () => this.transportStats(),
    (report) => request(this.#socket, 'reportQuality', report).then(() => undefined),
  );

  constructor(options: LessonClientOptions) {
    this.#options = options;
    this.#socket =
      options.early?.socket ??
      createSignalingSocket(options.serverUrl, options.sessionId, options.token);
    this.#route = new NodeRoute(this.#socket, options.serverUrl);
    this.activity = new LessonActivity(this.#socket);
    this.#senderLayers = new SenderLayers(options.dynacast ?? true);
    this.#listenConnection();
    this.#unusedEarly = options.early;
    if (options.early) this.#adopt();
    else this.#listenNotifications();
  }

  get localStream(): MediaStream | undefined {
    return this.#localStream;
  }

  track(consumerId: string): MediaStreamTrack | undefined {
    return this.#tracks.get(consumerId);
  }

  /** The RTCPeerConnection statistics of both transports, for quality indicators and tests. */
  async transportStats(): Promise<{ send: RTCStatsReport | null; recv: RTCStatsReport | null }> {
    return {
      send: (await this.#sendTransport?.getStats()) ?? null,
      recv: (await this.#recvTransport?.getStats()) ?? null,
    };
  }

  /** The sender of this page's camera (tests read its encoder settings). */
  cameraSender(): RTCRtpSender | undefined {
    return this.#producers.get('camera')?.rtpSender;
  }

  /** Restarts ICE on both transports: new credentials, every path tried again (tests call it). */
  async restartIce(): Promise<void> {
    const transports = [this.#sendTransport, this.#recvTransport].filter((t) => t !== undefined);
    await Promise.all(
      transports.map((t) => restartTransportIce(t, () => restartIceOnServer(this.#socket, t))),
    );
  }

  async setSourceEnabled(source: MediaSource, enabled: boolean): Promise<void> {
    const producer = this.#producers.get(source);
    if (!producer) return;
    if (enabled) producer.resume();
    else producer.pause();
    await request(this.#socket, enabled ? 'resumeProducer' : 'pauseProducer', {
      producerId: producer.id,
    });
    this.#setLocalSource(source, producer.id, !enabled);
  }

  /**
   * Sends one source on demand: a pupil at home given the floor, or whose link allows its
   * camera. The server refuses what it does not allow now (`forbidden`).
   */
  async sendSource(source: 'microphone' | 'camera'): Promise<void> {
    if (this.#producers.has(source)) return;
    this.#sendTransport ??= await this.#createTransport('send');
    const track = await captureSource(source, this.#cameraPolicy, this.#options);
    const encodings = source === 'camera' ? cameraEncodings(this.#cameraPolicy) : undefined;
    await this.#produce(this.#sendTransport, source, track, encodings).catch((error: unknown) => {
      track.stop();
      throw error;
    });
  }

  /** Stops sending `source`, on the server too (unless it closed it already). */
  async stopSource(source: MediaSource): Promise<void> {
    const producerId = this.#dropLocalSource(source);
    if (producerId)
      await request(this.#socket, 'closeProducer', { producerId }).catch(() => undefined);
  }

  /** Gives a pupil at home the floor or the pen, or takes it back (tutor, its classroom). */
  async grantPupil(participantId: string, grant: 'microphone' | 'drawing', granted: boolean) {
    const grants = await request(this.#socket, 'grantPupil', { participantId, grant, granted });
    this.store.set(withPupilGrants(grants));
  }

  /** `enlarged`: an observer enlarged this tile, so its sender may encode more for it. */
  async setPreferredLayer(consumerId: string, spatialLayer: number, enlarged = false) {
    await this.#consumerLayers.prefer(consumerId, { spatialLayer, enlarged });
  }

  async shareScreen(): Promise<void> {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track || !this.#sendTransport) return;
    const producer = await this.#sendTransport.produce({ track, appData: { source: 'screen' } });
    this.#producers.set('screen', producer);
    await this.#senderLayers.register(producer);
    this.#setLocalSource('screen', producer.id, false);
    track.addEventListener('ended', () => void this.stopScreenShare());
  }

  async stopScreenShare(): Promise<void> {
    const producer = this.#producers.get('screen');
    if (!producer) return;
    producer.close();
    this.#producers.delete('screen');
    this.store.set((state) => ({ localSources: { ...state.localSources, screen: undefined } }));
    await request(this.#socket, 'closeProducer', { producerId: producer.id }).catch(
      () => undefined,
    );
  }

  async retryMedia(): Promise<void> {
    this.store.set({ mediaError: null });
    await this.#startLocalMedia();
  }

  /**
   * Opens (or, after leave(), reopens) the connection. React's development
   * mode mounts, unmounts and mounts again: the lesson must survive that. A connection under
   * way (the entry opens it before React mounts, main.tsx) is left alone: connecting again
   * would send socket.io a second handshake.
   */
  connect(): void {
    if (this.#socket.active) return;
    if (this.store.get().phase === 'left') this.store.set({ phase: 'connecting', error: null });
    this.#socket.connect();
  }

  leave(): void {
    void request(this.#socket, 'leaveSession', {}).catch(() => undefined);
    this.#socket.disconnect();
    this.#teardownMedia();
    this.#localStream?.getTracks().forEach((track) => track.stop());
    this.#localStream = undefined;
    this.store.set({ phase: 'left' });
  }

  /**
   * Takes over the connect-only path's socket (one connection per page): joins at once if it is
   * open, shows its refusal if it was refused, and keeps its notifications held until the join
   * has been applied (a participant or producer announced after the join's snapshot would
   * otherwise be overwritten by it).
   */
  #adopt(): void {
    const early = this.#options.early!;
    this.#holdingNotifications = true;
    if (early.socket.connected) void this.#join();
    else if (!early.socket.active && early.connectError)
      this.#handleConnectError(early.connectError);
  }

  /** Replays the held notifications, in order, and from then on handles them as they come. */
  #releaseNotifications(): void {
    if (!this.#holdingNotifications) return;
    this.#holdingNotifications = false;
    const held = this.#options.early?.takeNotifications() ?? [];
    this.#listenNotifications();
    for (const [event, args] of held)
      for (const listener of this.#socket.listeners(event as 'mediaReset'))
        (listener as (...values: unknown[]) => void)(...args);
  }

  #handleConnectError(error: Error): void {
    const moved = this.#route.follow(error);
    if (moved === 'following') return; // reconnecting to the lesson's node already
    if (moved === 'loop') return this.#reconnectSoon(MOVED_LOOP_DELAY_MS);
    const code = connectErrorCode(error);
    // A refused token will not get better by retrying; a network error might.
    if (code === 'network') return this.store.set({ phase: 'reconnecting' });
    this.#socket.disconnect();
    this.store.set({ phase: 'failed', error: { code, message: error.message } });
  }

  #listenConnection(): void {
    const socket = this.#socket;
    socket.on('connect', () => {
      markOnce(FIRST_FRAME_STEP_MARKS.connected);
      void this.#join();
    });
    socket.on('connect_error', (error) => this.#handleConnectError(error));
    socket.on('disconnect', (reason) => {
      this.#connection++;
      this.#teardownMedia();
      if (this.store.get().phase === 'failed') return; // already explained (connectionReplaced)
      if (reason === 'io server disconnect') {
        this.store.set({
          phase: 'failed',
          error: { code: 'unauthenticated', message: 'the server ended the connection' },
        });
      } else if (this.store.get().phase !== 'left') {
        this.store.set({ phase: 'reconnecting' });
      }
    });
  }

  #listenNotifications(): void {
    const socket = this.#socket;
    socket.on('participantJoined', (info) => this.#upsertParticipant(info));
    socket.on('participantLeft', ({ participantId }) => this.#removeParticipant(participantId));
    socket.on('producerAdded', (producer) => void this.#consume(producer));
    socket.on('producerClosed', ({ producerId }) => this.#dropConsumersOf(producerId));
    socket.on('producerPaused', ({ producerId }) => this.#setRemotePaused(producerId, true));
    socket.on('producerResumed', ({ producerId }) => this.#setRemotePaused(producerId, false));
    socket.on('consumerClosed', ({ consumerId }) => this.#dropConsumer(consumerId));
    socket.on('activeSpeakerChanged', ({ participantId }) =>
      this.store.set({ activeSpeakerId: participantId }),
    );
    // The same link opened elsewhere took over; reconnecting here would take it back in a loop.
    socket.on('connectionReplaced', ({ reason }) =>
      this.store.set({ phase: 'failed', error: { code: 'replaced', message: reason } }),
    );
    socket.on('consumerLayersChanged', ({ consumerId, spatialLayer }) =>
      this.#consumerLayers.handleLayersChanged(consumerId, spatialLayer),
    );
    socket.on('producerLayersWanted', ({ producerId, maxSpatialLayer }) => {
      void this.#senderLayers.handleWanted(producerId, maxSpatialLayer);
    });
    socket.on('mutedByTutor', ({ muted }) => this.#applyTutorMute(muted));
    socket.on('capabilitiesChanged', ({ capabilities }) => this.#applyCapabilities(capabilities));
    socket.on('pupilGrantsChanged', (grants) => this.store.set(withPupilGrants(grants)));
    // The uplink cannot hold the camera's lowest layer (or is being tried again): sound goes on.
    socket.on('cameraSuspended', ({ suspended }) => {
      void this.#senderLayers.setCameraSuspended(suspended);
    });
    socket.on('mediaReset', () => {
      this.#teardownMedia();
      this.store.set({ phase: 'reconnecting' });
      void this.#join();
    });
  }

  #join(): Promise<void> {
    const connection = this.#connection;
    if (this.#joining?.connection !== connection) {
      const done = this.#doJoin(connection).finally(() => {
        if (this.#joining?.done === done) this.#joining = undefined;
      });
      this.#joining = { connection, done };
    }
    return this.#joining.done;
  }

  /**
   * Joins on the connection numbered `connection`. Every step re-checks it: requests of a
   * join cut by a disconnection would otherwise reach the next connection before its own
   * joinSession (and be refused there), and its transports would belong to a dead one.
   */
  async #doJoin(connection: number): Promise<void> {
    const stale = () => connection !== this.#connection;
    try {
      const early = this.#unusedEarly;
      this.#unusedEarly = undefined; // its answers are for one join: a rejoin (mediaReset) asks again
      const { rtpCapabilities } = await routerCapabilities(this.#socket, early, connection);
      if (stale()) return;
      markOnce(FIRST_FRAME_STEP_MARKS.routerCapabilities);
      const device = new Device();
      await device.load({ routerRtpCapabilities: rtpCapabilities as types.RtpCapabilities });
      if (stale()) return;
      markOnce(FIRST_FRAME_STEP_MARKS.deviceLoaded);
      this.#device = device;
      storeCachedCapabilities(rtpCapabilities, device.recvRtpCapabilities);
      const joined = await joinSession(this.#socket, early, connection, {
        rtpCapabilities: device.recvRtpCapabilities,
        // The benchmark's baseline (`?dynacast=0`) receives step by step, as before.
        receive: this.#options.dynacast !== false,
      });
      if (stale()) return;
      markOnce(JOINED_MARK);
      // The benchmark's baseline (`?dynacast=0`) captures as before the server had a policy.
      this.#cameraPolicy = this.#options.dynacast === false ? null : joined.camera;
      this.#microphonePolicy = joined.microphone ?? null;
      this.#iceServers = joined.iceServers;
      this.store.set({
        phase: 'joined',
        error: null,
        self: joined.self,
        participants: joined.participants,
        remoteTracks: [],
        capabilities: joined.capabilities ?? [],
        pupilGrants: joined.pupilGrants ?? [],
      });
      await this.#startReceiving(joined, stale);
      this.#releaseNotifications();
      if (stale()) return;
      this.#afterFirstFrame(joined.raisedHands);
      if (PRODUCING_ROLES.has(joined.self.role)) {
        const send = await this.#createTransport('send');
        if (stale()) return send.close();
        this.#sendTransport = send;
        await this.#startLocalMedia();
      }
    } catch (error) {
      if (stale()) return; // the next connection's join speaks for the page now
      if (error instanceof SignalingError && (error.code === 'timeout' || error.code === 'network'))
        return this.#reconnectSoon();
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof SignalingError ? error.code : 'internal';
      this.store.set({ phase: 'failed', error: { code, message } });
    } finally {
      this.#releaseNotifications();
    }
  }

  /**
   * The recv transport and the consumers the server prepared within the join, then, step by
   * step, whatever it did not (an older server, a producer that appeared meanwhile).
   */
  async #startReceiving(joined: ResponseData<'joinSession'>, stale: () => boolean): Promise<void> {
    const prepared = joined.receiving ?? undefined;
    const recv = await this.#createTransport('recv', prepared?.transport);
    if (stale()) return recv.close();
    markOnce(FIRST_FRAME_STEP_MARKS.recvTransport);
    recv.on('connectionstatechange', (state) => {
      if (state === 'connected') markOnce(FIRST_FRAME_STEP_MARKS.recvConnected);
    });
    this.#recvTransport = recv;
    const pausedProducers = new Set(
      joined.producers.filter((producer) => producer.paused).map((producer) => producer.producerId),
    );
    await Promise.all(
      (prepared?.consumers ?? []).map((params) =>
        this.#receive(recv, params, pausedProducers.has(params.producerId)).catch((error) =>
          console.warn('receiving a prepared consumer failed', error),
        ),
      ),
    );
    if (stale()) return;
    await Promise.all(joined.producers.map((producer) => this.#consume(producer)));
  }

  /**
   * A request of the join was lost while the socket stayed up (a network blip): start over on
   * a fresh connection, where the server has forgotten the half-done join, instead of waiting.
   */
  #reconnectSoon(delayMs = JOIN_RETRY_DELAY_MS): void {
    if (this.store.get().phase !== 'left') this.store.set({ phase: 'reconnecting' });
    this.#socket.disconnect();
    setTimeout(() => {
      if (this.store.get().phase === 'reconnecting') this.#socket.connect();
    }, delayMs);
  }

  /** The board's history, raised hands and quality reports wait for the first picture. */
  #afterFirstFrame(raisedHands: string[]): void {
    const recv = this.#recvTransport;
    const start = () => {
      if (this.#recvTransport !== recv) return; // torn down meanwhile: the next join does it
      this.activity.handleJoined(raisedHands);
      this.#qualityReporter.start();
    };
    if (this.#options.dynacast === false)
      start(); // the benchmark's baseline
    else afterFirstRemoteFrame(start);
  }

  #createTransport(
    direction: 'send' | 'recv',
    prepared?: ResponseData<'createTransport'>,
  ): Promise<types.Transport> {
    if (!this.#device) throw new Error('device not loaded');
    return createLessonTransport(this.#socket, this.#device, {
      direction,
      prepared,
      iceServers: this.#iceServers,
      // An ICE restart did not help: start over on a fresh connection, as after a lost request.
      onIceGiveUp: () => this.#reconnectSoon(),
    });
  }

  async #startLocalMedia(): Promise<void> {
    const transport = this.#sendTransport;
    if (!transport) return;
    try {
      this.#localStream ??= await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
        video: cameraConstraints(this.#cameraPolicy, this.#options),
      });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : 'Error';
      this.store.set({
        mediaError: name === 'NotAllowedError' ? 'camera_refused' : 'camera_unavailable',
      });
      return;
    }
    const audio = this.#localStream.getAudioTracks()[0];
    const video = this.#localStream.getVideoTracks()[0];
    if (audio) await this.#produce(transport, 'microphone', audio, undefined);
    if (video) await this.#produce(transport, 'camera', video, cameraEncodings(this.#cameraPolicy));
  }

  async #produce(
    transport: types.Transport,
    source: MediaSource,
    track: MediaStreamTrack,
    encodings?: RTCRtpEncodingParameters[],
  ) {
    const producer = await transport.produce({
      track,
      encodings,
      // The server's policy (signaling/capturePolicy.ts): Opus DTX for a class or a pupil.
      codecOptions: source === 'microphone' ? { opusDtx: this.#microphonePolicy?.dtx } : undefined,
      stopTracks: false,
      appData: { source },
    });
    this.#producers.set(source, producer);
    if (source === 'camera' && this.store.get().self?.role === 'classroom')
      await keepResolutionUnderLoad(producer.rtpSender);
    const full = cameraConstraints(this.#cameraPolicy, this.#options);
    const capture =
      source === 'camera' ? cameraCaptureFor(track, this.#cameraPolicy, full) : undefined;
    await this.#senderLayers.register(producer, capture);
    this.#setLocalSource(source, producer.id, false);
  }

  async #consume(producer: ProducerInfo): Promise<void> {
    const transport = this.#recvTransport;
    if (!transport || !shouldConsume(this.store.get(), producer)) return;
    try {
      const params = await request(this.#socket, 'consume', {
        transportId: transport.id,
        producerId: producer.producerId,
      });
      const consumer = await this.#receive(transport, params, producer.paused);
      if (consumer.kind === 'video' && this.#options.dynacast !== false)
        await this.#consumerLayers.start(consumer.id);
      await request(this.#socket, 'resumeConsumer', { consumerId: consumer.id });
      markOnce(FIRST_FRAME_STEP_MARKS.resumed);
    } catch (error) {
      // The producer may have gone away in between; nothing to show then.
      if (!(error instanceof SignalingError && error.code === 'not_found'))
        console.warn('consume failed', error);
    }
  }

  /** Opens the server's consumer on the recv transport and shows its track (not resumed here). */
  async #receive(
    transport: types.Transport,
    params: ResponseData<'consume'>,
    producerPaused: boolean,
  ): Promise<types.Consumer> {
    const consumer = await transport.consume({
      id: params.consumerId,
      producerId: params.producerId,
      kind: params.kind,
      rtpParameters: params.rtpParameters as types.RtpParameters,
    });
    markOnce(FIRST_FRAME_STEP_MARKS.consumed);
    this.#consumers.set(consumer.id, consumer);
    this.#tracks.set(consumer.id, consumer.track);
    const info: RemoteTrackInfo = { ...params, paused: producerPaused };
    this.store.set((state) => ({ remoteTracks: [...state.remoteTracks, info] }));
    return consumer;
  }

  #dropConsumersOf(producerId: string): void {
    for (const track of this.store.get().remoteTracks)
      if (track.producerId === producerId) this.#dropConsumer(track.consumerId);
  }

  #dropConsumer(consumerId: string): void {
    this.#consumers.get(consumerId)?.close();
    this.#consumers.delete(consumerId);
    this.#consumerLayers.forget(consumerId);
    this.#tracks.delete(consumerId);
    this.store.set((state) => ({
      remoteTracks: state.remoteTracks.filter((t) => t.consumerId !== consumerId),
    }));
  }

  #setRemotePaused(producerId: string, paused: boolean): void {
    this.store.set((state) => ({
      remoteTracks: state.remoteTracks.map((t) =>
        t.producerId === producerId ? { ...t, paused } : t,
      ),
    }));
  }

  #upsertParticipant(info: ParticipantInfo): void {
    this.store.set((state) => ({
      participants: [
        ...state.participants.filter((p) => p.participantId !== info.participantId),
        info,
      ],
    }));
  }

  #removeParticipant(participantId: string): void {
    this.store.set((state) => ({
      participants: state.participants.filter((p) => p.participantId !== participantId),
      remoteTracks: state.remoteTracks.filter((t) => t.participantId !== participantId),
    }));
  }

  #setLocalSource(source: MediaSource, producerId: string, paused: boolean): void {
    this.store.set((state) => ({
      localSources: { ...state.localSources, [source]: { producerId, paused } },
    }));
  }

  /** The tutor muted this classroom on the server; stop sending locally too and show it. */
  #applyTutorMute(muted: boolean): void {
    const producer = this.#producers.get('microphone');
    if (!producer) return;
    if (muted) producer.pause();
    else producer.resume();
    this.#setLocalSource('microphone', producer.id, muted);
  }

  /** The server's verdict changed: without the floor, the microphone stops here too. */
  #applyCapabilities(capabilities: Capability[]): void {
    this.store.set({ capabilities });
    if (!capabilities.includes('produceMicrophone')) this.#dropLocalSource('microphone');
  }

  #dropLocalSource(source: MediaSource): string | undefined {
    const producer = this.#producers.get(source);
    if (!producer) return undefined;
    producer.close();
    producer.track?.stop();
    this.#producers.delete(source);
    this.store.set((state) => {
      const localSources = { ...state.localSources };
      delete localSources[source];
      return { localSources };
    });
    return producer.id;
  }

  #teardownMedia(): void {
    this.#qualityReporter.stop();
    this.#sendTransport?.close();
    this.#recvTransport?.close();
    this.#sendTransport = undefined;
    this.#recvTransport = undefined;
    this.#producers.clear();
    this.#senderLayers.clear();
    this.#consumers.clear();
    this.#tracks.clear();
    this.store.set({ remoteTracks: [], localSources: {} });
  }
}
