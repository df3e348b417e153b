import type { types } from 'mediasoup-client';
import type { CameraPolicy, MediaSource, MicrophonePolicy } from '../../../signaling/protocol';
import { cameraCaptureFor } from './cameraCapture';
import type { LessonClientOptions, LessonState } from './lessonState';
import { captureSource } from './onDemandSources';
import { cameraConstraints, cameraEncodings, keepResolutionUnderLoad } from './senderPolicy';
import { SenderLayers } from './senderLayers';
import { request, type LessonSocket } from './signalingClient';
import type { Store } from './store';

export interface SenderOptions {
  socket: LessonSocket;
  store: Store<LessonState>;
  /** The capture size and rate the address pins, and the issue-14 switch. */
  client: LessonClientOptions;
  createTransport: () => Promise<types.Transport>;
}

/**
 * The sending half of a lesson client: its send transport, the local capture and the producers
 * (camera, microphone, screen), with the layers nobody watches switched off (SenderLayers).
 * Owned by LessonClient: started after each join (`start`), emptied at every teardown.
 */
export class Sender {
  readonly #options: SenderOptions;
  readonly #producers = new Map<MediaSource, types.Producer>();
  readonly #layers: SenderLayers;
  #transport: types.Transport | undefined;
  #localStream: MediaStream | undefined;
  /** The server's capture policy for this role, from joinSession. */
  #cameraPolicy: CameraPolicy | null = null;
  #microphonePolicy: MicrophonePolicy | null = null;

  constructor(options: SenderOptions) {
    this.#options = options;
    this.#layers = new SenderLayers(options.client.dynacast ?? true);
  }

  get transport(): types.Transport | undefined {
    return this.#transport;
  }

  get layers(): SenderLayers {
    return this.#layers;
  }

  get localStream(): MediaStream | undefined {
    return this.#localStream;
  }

  /** The sender of this page's camera (tests read its encoder settings). */
  cameraSender(): RTCRtpSender | undefined {
    return this.#producers.get('camera')?.rtpSender;
  }

  /** After a join: the server's policies for what this page sends (null: as before them). */
  setPolicies(camera: CameraPolicy | null, microphone: MicrophonePolicy | null): void {
    this.#cameraPolicy = camera;
    this.#microphonePolicy = microphone;
  }

  /** Sends the camera and microphone on `transport` (a producing role's join). */
  async start(transport: types.Transport): Promise<void> {
    this.#transport = transport;
    await this.startLocalMedia();
  }

  async setSourceEnabled(source: MediaSource, enabled: boolean): Promise<void> {
    const producer = this.#producers.get(source);
    if (!producer) return;
    if (enabled) producer.resume();
    else producer.pause();
    await request(this.#options.socket, enabled ? 'resumeProducer' : 'pauseProducer', {
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
    this.#transport ??= await this.#options.createTransport();
    const track = await captureSource(source, this.#cameraPolicy, this.#options.client);
    const encodings = source === 'camera' ? cameraEncodings(this.#cameraPolicy) : undefined;
    await this.#produce(this.#transport, source, track, encodings).catch((error: unknown) => {
      track.stop();
      throw error;
    });
  }

  /** Stops sending `source`, on the server too (unless it closed it already). */
  async stopSource(source: MediaSource): Promise<void> {
    const producerId = this.dropLocalSource(source);
    if (producerId)
      await request(this.#options.socket, 'closeProducer', { producerId }).catch(() => undefined);
  }

  async shareScreen(): Promise<void> {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track || !this.#transport) return;
    const producer = await this.#transport.produce({ track, appData: { source: 'screen' } });
    this.#producers.set('screen', producer);
    await this.#layers.register(producer);
    this.#setLocalSource('screen', producer.id, false);
    track.addEventListener('ended', () => void this.stopScreenShare());
  }

  async stopScreenShare(): Promise<void> {
    const producer = this.#producers.get('screen');
    if (!producer) return;
    producer.close();
    this.#producers.delete('screen');
    const { store, socket } = this.#options;
    store.set((state) => ({ localSources: { ...state.localSources, screen: undefined } }));
    await request(socket, 'closeProducer', { producerId: producer.id }).catch(() => undefined);
  }

  async startLocalMedia(): Promise<void> {
    const transport = this.#transport;
    if (!transport) return;
    try {
      this.#localStream ??= await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
        video: cameraConstraints(this.#cameraPolicy, this.#options.client),
      });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : 'Error';
      this.#options.store.set({
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
    if (source === 'camera' && this.#options.store.get().self?.role === 'classroom')
      await keepResolutionUnderLoad(producer.rtpSender);
    const full = cameraConstraints(this.#cameraPolicy, this.#options.client);
    const capture =
      source === 'camera' ? cameraCaptureFor(track, this.#cameraPolicy, full) : undefined;
    await this.#layers.register(producer, capture);
    this.#setLocalSource(source, producer.id, false);
  }

  /** The tutor muted this classroom on the server; stop sending locally too and show it. */
  applyTutorMute(muted: boolean): void {
    const producer = this.#producers.get('microphone');
    if (!producer) return;
    if (muted) producer.pause();
    else producer.resume();
    this.#setLocalSource('microphone', producer.id, muted);
  }

  dropLocalSource(source: MediaSource): string | undefined {
    const producer = this.#producers.get(source);
    if (!producer) return undefined;
    producer.close();
    producer.track?.stop();
    this.#producers.delete(source);
    this.#options.store.set((state) => {
      const localSources = { ...state.localSources };
      delete localSources[source];
      return { localSources };
    });
    return producer.id;
  }

  #setLocalSource(source: MediaSource, producerId: string, paused: boolean): void {
    this.#options.store.set((state) => ({
      localSources: { ...state.localSources, [source]: { producerId, paused } },
    }));
  }

  /** Closes the send transport (its producers with it); `stopCapture` also ends the capture. */
  teardown(stopCapture = false): void {
    this.#transport?.close();
    this.#transport = undefined;
    this.#producers.clear();
    this.#layers.clear();
    this.#options.store.set({ localSources: {} });
    if (!stopCapture) return;
    this.#localStream?.getTracks().forEach((track) => track.stop());
    this.#localStream = undefined;
  }
}
