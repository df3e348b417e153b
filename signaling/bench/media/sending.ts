import type { OutStream } from './peer';
import { OpusDtx } from './dtx';
import {
  OpusStream,
  SpeechLevels,
  Vp8Layer,
  paced,
  speaking,
  type VideoLayerSpec,
} from './synthetic';

/** A stream a seat sends, named as the stream counts report it. */
export interface NamedOutStream {
  name: string;
  stream: OutStream;
}

/**
 * One camera layer: its frames paced at its frame rate (a key frame when the SFU asks), until
 * switched off; switched on again, it starts with a key frame, as Chrome's encoder does.
 */
class CameraLayer {
  readonly #layer: Vp8Layer;
  #timer: ReturnType<typeof setInterval> | undefined;
  #frameRate: number;

  constructor(
    readonly spec: VideoLayerSpec,
    readonly stream: OutStream,
  ) {
    this.#layer = new Vp8Layer(spec);
    this.#frameRate = spec.frameRate;
    stream.onPli(() => this.#layer.requestKeyFrame());
    this.#start();
  }

  #start(): void {
    this.#timer = paced(1000 / this.#frameRate, (now) => {
      for (const packet of this.#layer.nextFrame(now)) this.stream.send(packet);
    });
  }

  /** `frameRate` null: switched off. */
  set(frameRate: number | null): void {
    if (frameRate === (this.#timer ? this.#frameRate : null)) return;
    const wasOn = this.#timer !== undefined;
    this.stop();
    if (frameRate === null) return;
    this.#frameRate = frameRate;
    this.#layer.setFrameRate(frameRate);
    if (!wasOn) this.#layer.requestKeyFrame();
    this.#start();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/**
 * A seat's camera as its page drives it. With dynacast (Passerelle's `producerLayersWanted`)
 * the page switches off the layers above the one the server names (all of them for null), and
 * a page whose role has a thumbnail capture (CAMERA_POLICY_BY_ROLE: a class) captures at the
 * thumbnail's frame rate while only its lowest layer is wanted (web/src/lesson/senderLayers.ts).
 */
export class CameraSender {
  readonly #layers: CameraLayer[];

  constructor(
    specs: VideoLayerSpec[],
    streams: OutStream[],
    readonly thumbnailFrameRate: number | undefined,
  ) {
    this.#layers = specs.map((spec, index) => new CameraLayer(spec, streams[index]!));
  }

  /** The server's word: the highest spatial layer anybody watches, null for none. */
  applyWanted(maxSpatialLayer: number | null): void {
    const thumbnail = maxSpatialLayer === null || maxSpatialLayer === 0;
    this.#layers.forEach((layer, index) => {
      const on = maxSpatialLayer !== null && index <= maxSpatialLayer;
      const frameRate = thumbnail
        ? (this.thumbnailFrameRate ?? layer.spec.frameRate)
        : layer.spec.frameRate;
      layer.set(on ? frameRate : null);
    });
  }

  stop(): void {
    for (const layer of this.#layers) layer.stop();
  }
}

/**
 * Starts a seat's synthetic sending, the same on every target so they compare: its camera
 * (every layer until the server says otherwise, `CameraSender`), and the microphone (with
 * speech-like levels when the audio-level extension is negotiated, and as Chrome sends it with
 * Opus DTX when the seat's page asks for it). What it sends is added to `out`, the
 * microphone's pacing timer to `timers`; the caller stops the camera it is given back.
 */
export function startSending(
  seat: string,
  media: {
    layers: VideoLayerSpec[];
    video: OutStream[];
    audio: OutStream;
    withLevels: boolean;
    /** The seat's page produces its microphone with Opus DTX (dtx.ts). */
    dtx: boolean;
    /** The frame rate its page captures at while only its lowest layer is wanted, if it has one. */
    thumbnailFrameRate?: number;
  },
  out: NamedOutStream[],
  timers: ReturnType<typeof setInterval>[],
): CameraSender {
  media.video.forEach((stream, index) => out.push({ name: `${seat}:camera/${index}`, stream }));
  const camera = new CameraSender(media.layers, media.video, media.thumbnailFrameRate);
  out.push({ name: `${seat}:microphone`, stream: media.audio });
  const levels = media.withLevels ? new SpeechLevels(seat) : undefined;
  const opus = new OpusStream(levels);
  const dtx = media.dtx ? new OpusDtx() : undefined;
  timers.push(
    paced(OpusStream.INTERVAL_MS, (now) => {
      const frame = dtx?.next(speaking(seat, now)) ?? 'speech';
      if (frame !== 'skip') media.audio.send(opus.nextPacket(now, frame));
    }),
  );
  return camera;
}
