import type { Device, types } from 'mediasoup-client';
import type { IceServer, MediaSource, ResponseData, Role } from '../../../signaling/protocol';
import {
  SignalingError,
  connectErrorCode,
  createSignalingSocket,
  request,
  type LessonSocket,
} from './signalingClient';
import { joinSession, routerCapabilities } from './adoptedConnection';
import { makeReceiveCertificate } from './receiveDtls';
import { storeCachedCapabilities } from './rtpCapabilitiesCache';
import { loadDevice } from './nativeCapabilities';
import { Store } from './store';
import { createLessonTransport, restartIceOnServer, watchIce } from './transports';
import { restartTransportIce } from './iceRecovery';
import { afterFirstRemoteFrame } from './firstFrame';
import { Receiver } from './receiving';
import { Sender } from './sending';
import { LessonActivity } from './LessonActivity';
import { NodeRoute } from './nodeRoute';
import { JOIN_RETRY_DELAY_MS, MOVED_LOOP_DELAY_MS, RetryBackoff } from './retryBackoff';
import { QualityReporter } from './quality';
import { withPupilGrants } from './onDemandSources';
import { listenNotifications } from './notifications';
import {
  FIRST_FRAME_STEP_MARKS,
  INITIAL_LESSON_STATE,
  JOINED_MARK,
  markOnce,
  type LessonClientOptions,
  type LessonState,
} from './lessonState';

export { FIRST_REMOTE_FRAME_MARK, JOINED_MARK } from './lessonState';
export type { LessonClientOptions, LessonPhase, LessonState, RemoteTrackInfo } from './lessonState';

const PRODUCING_ROLES: ReadonlySet<Role> = new Set(['tutor', 'classroom']);
/**
 * One page's connection to one lesson: signalling, the join and the page's phase, and the
 * mediasoup-client Device; the receive side (Receiver, receiving.ts) and the send side
 * (Sender, sending.ts) are its parts, rebuilt at every join. Adopts what the entry's early
 * paths made (the socket, the join, the Device and the recv transport). Rejoins by itself
 * after a network drop or a media-server restart.
 */
export class LessonClient {
  readonly store = new Store<LessonState>(INITIAL_LESSON_STATE);
  readonly activity: LessonActivity;
  readonly #options: LessonClientOptions;
  readonly #socket: LessonSocket;
  readonly #route: NodeRoute;
  readonly #receiver: Receiver;
  readonly #sender: Sender;
  #device: Device | undefined;
  #joining: { connection: number; done: Promise<void> } | undefined;
  /** Counts the socket's connections: a join started on an older one is abandoned. */
  #connection = 0;
  /** An adopted socket's notifications wait (in the early path's buffer) until the join is applied. */
  #holdingNotifications = false;
  /** The connect-only path's connection, until the first join has taken its answers. */
  #unusedEarly: LessonClientOptions['early'];
  /** The early receive path's Device and transport, until the first join has adopted them. */
  #unusedEarlyMedia: LessonClientOptions['earlyMedia'];
  /** The TURN relay with this connection's own credential, from joinSession; never shared. */
  #iceServers: IceServer[] = [];
  /** The recv transport's certificate, made while the page connects (receiveDtls.ts). */
  readonly #ownCertificate: Promise<RTCCertificate | null>;
  /** The certificate the last join's recv transport was connected with, if it was. */
  #connectedWith: RTCCertificate | null = null;
  readonly #unavailableRetry = new RetryBackoff();
  readonly #qualityReporter = new QualityReporter(
    () => this.transportStats(),
    (report) => request(this.#socket, 'reportQuality', report).then(() => undefined),
  );

  constructor(options: LessonClientOptions) {
    this.#options = options;
    // The benchmark's baseline (`?dynacast=0`) receives step by step: no certificate then.
    this.#ownCertificate =
      options.dynacast === false ? Promise.resolve(null) : makeReceiveCertificate();
    this.#socket =
      options.early?.socket ??
      createSignalingSocket(options.serverUrl, options.sessionId, options.token);
    this.#route = new NodeRoute(this.#socket, options.serverUrl);
    this.activity = new LessonActivity(this.#socket);
    this.#sender = new Sender({
      socket: this.#socket,
      store: this.store,
      client: options,
      createTransport: () => this.#createTransport('send'),
    });
    this.#receiver = new Receiver({
      socket: this.#socket,
      store: this.store,
      dynacast: options.dynacast !== false,
      createTransport: (prepared) => this.#createTransport('recv', prepared),
      watchIce: (transport) => watchIce(this.#socket, transport, () => this.#reconnectSoon()),
    });
    this.#listenConnection();
    this.#unusedEarly = options.early;
    this.#unusedEarlyMedia = options.earlyMedia;
    if (options.early) this.#adopt();
    else this.#listenNotifications();
  }

  get localStream(): MediaStream | undefined {
    return this.#sender.localStream;
  }

  track(consumerId: string): MediaStreamTrack | undefined {
    return this.#receiver.track(consumerId);
  }

  /** The RTCPeerConnection statistics of both transports, for quality indicators and tests. */
  async transportStats(): Promise<{ send: RTCStatsReport | null; recv: RTCStatsReport | null }> {
    return {
      send: (await this.#sender.transport?.getStats()) ?? null,
      recv: (await this.#receiver.transport?.getStats()) ?? null,
    };
  }

  /** The sender of this page's camera (tests read its encoder settings). */
  cameraSender(): RTCRtpSender | undefined {
    return this.#sender.cameraSender();
  }

  /** Restarts ICE on both transports: new credentials, every path tried again (tests call it). */
  async restartIce(): Promise<void> {
    const transports = [this.#sender.transport, this.#receiver.transport].filter((t) => !!t);
    await Promise.all(
      transports.map((t) => restartTransportIce(t, () => restartIceOnServer(this.#socket, t))),
    );
  }

  setSourceEnabled(source: MediaSource, enabled: boolean): Promise<void> {
    return this.#sender.setSourceEnabled(source, enabled);
  }

  /** Sends one source on demand (a pupil at home given the floor); the server may refuse it. */
  sendSource(source: 'microphone' | 'camera'): Promise<void> {
    return this.#sender.sendSource(source);
  }

  /** Stops sending `source`, on the server too (unless it closed it already). */
  stopSource(source: MediaSource): Promise<void> {
    return this.#sender.stopSource(source);
  }

  /** Gives a pupil at home the floor or the pen, or takes it back (tutor, its classroom). */
  async grantPupil(participantId: string, grant: 'microphone' | 'drawing', granted: boolean) {
    const grants = await request(this.#socket, 'grantPupil', { participantId, grant, granted });
    this.store.set(withPupilGrants(grants));
  }

  /** `enlarged`: an observer enlarged this tile, so its sender may encode more for it. */
  async setPreferredLayer(consumerId: string, spatialLayer: number, enlarged = false) {
    await this.#receiver.layers.prefer(consumerId, { spatialLayer, enlarged });
  }

  shareScreen(): Promise<void> {
    return this.#sender.shareScreen();
  }

  stopScreenShare(): Promise<void> {
    return this.#sender.stopScreenShare();
  }

  async retryMedia(): Promise<void> {
    this.store.set({ mediaError: null });
    await this.#sender.startLocalMedia();
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
    this.#teardownMedia(true);
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
    // A refused token will not get better by retrying; a network error or a busy server might.
    if (code === 'network') return this.store.set({ phase: 'reconnecting' });
    if (code === 'unavailable') return this.#reconnectSoon(this.#unavailableRetry.next());
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
    listenNotifications(this.#socket, {
      store: this.store,
      receiver: this.#receiver,
      sender: this.#sender,
      onMediaReset: () => {
        this.#teardownMedia();
        this.store.set({ phase: 'reconnecting' });
        void this.#join();
      },
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
    // The early paths' answers and media are for one join: a rejoin (mediaReset) asks again.
    const [early, earlyMedia] = [this.#unusedEarly, this.#unusedEarlyMedia];
    [this.#unusedEarly, this.#unusedEarlyMedia] = [undefined, undefined];
    try {
      const joined = await this.#joinSession(connection, stale, early, earlyMedia);
      if (!joined) return;
      this.#unavailableRetry.reset();
      await this.#receiver.start(joined, stale, earlyMedia);
      this.#releaseNotifications();
      if (stale()) return;
      this.#afterFirstFrame(joined.raisedHands);
      if (PRODUCING_ROLES.has(joined.self.role)) {
        const send = await this.#createTransport('send');
        if (stale()) return send.close();
        await this.#sender.start(send);
      }
    } catch (error) {
      if (stale()) return; // the next connection's join speaks for the page now
      if (error instanceof SignalingError && error.code === 'unavailable')
        return this.#reconnectSoon(this.#unavailableRetry.next());
      if (error instanceof SignalingError && (error.code === 'timeout' || error.code === 'network'))
        return this.#reconnectSoon();
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof SignalingError ? error.code : 'internal';
      this.store.set({ phase: 'failed', error: { code, message } });
    } finally {
      earlyMedia?.abandon(); // a no-op once adopted
      this.#releaseNotifications();
    }
  }

  /**
   * The router's capabilities, the Device and joinSession (each the early paths' when they
   * made it for this connection), then the joined state; undefined if the connection dropped.
   */
  async #joinSession(
    connection: number,
    stale: () => boolean,
    early: LessonClientOptions['early'],
    earlyMedia: LessonClientOptions['earlyMedia'],
  ): Promise<ResponseData<'joinSession'> | undefined> {
    const { rtpCapabilities } = await routerCapabilities(this.#socket, early, connection);
    if (stale()) return;
    markOnce(FIRST_FRAME_STEP_MARKS.routerCapabilities);
    const device =
      (await earlyMedia?.takeDevice(rtpCapabilities)) ?? (await loadDevice(rtpCapabilities));
    if (stale()) return;
    markOnce(FIRST_FRAME_STEP_MARKS.deviceLoaded);
    this.#device = device;
    storeCachedCapabilities(rtpCapabilities, device.recvRtpCapabilities);
    const payload = {
      rtpCapabilities: device.recvRtpCapabilities,
      // The benchmark's baseline (`?dynacast=0`) receives step by step, as before.
      receive: this.#options.dynacast !== false,
    };
    const own = await this.#ownCertificate;
    const { answer: joined, certificate } = await joinSession(
      this.#socket,
      early,
      connection,
      payload,
      own,
    );
    if (stale()) return;
    this.#connectedWith = joined.receiving?.connected ? certificate : null;
    markOnce(JOINED_MARK);
    // The benchmark's baseline (`?dynacast=0`) captures as before the server had a policy.
    this.#sender.setPolicies(
      this.#options.dynacast === false ? null : joined.camera,
      joined.microphone ?? null,
    );
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
    return joined;
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
    const recv = this.#receiver.transport;
    const start = () => {
      if (this.#receiver.transport !== recv) return; // torn down meanwhile: the next join does it
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
      // The join's prepared recv transport, which the server connected with this certificate.
      connectedWith: prepared && direction === 'recv' ? this.#connectedWith : null,
      iceServers: this.#iceServers,
      // An ICE restart did not help: start over on a fresh connection, as after a lost request.
      onIceGiveUp: () => this.#reconnectSoon(),
    });
  }

  /** `stopCapture`: the page leaves, so the camera and microphone stop too. */
  #teardownMedia(stopCapture = false): void {
    this.#qualityReporter.stop();
    this.#sender.teardown(stopCapture);
    this.#receiver.teardown();
  }
}
