import type { types } from 'mediasoup-client';
import type { CameraCapture } from './cameraCapture';

/**
 * Which encodings of a sender stay on when the server says the highest
 * spatial layer anybody watches is `maxSpatialLayer` (null: none). Encodings
 * are ordered lowest layer first, as CAMERA_ENCODINGS and mediasoup-client's
 * rids (r0, r1, r2) are. Pure, for unit tests.
 */
export function activeEncodings(encodingCount: number, maxSpatialLayer: number | null): boolean[] {
  return Array.from({ length: encodingCount }, (_, layer) =>
    maxSpatialLayer === null ? false : layer <= maxSpatialLayer,
  );
}

/**
 * Applies the server's `producerLayersWanted` to this page's producers
 * (dynacast). It sets `active` on the sender's encodings directly rather
 * than calling mediasoup-client's `producer.setMaxSpatialLayer`: that one
 * renegotiates the SDP on every change and cannot switch every layer off,
 * whereas `setParameters` is a local call that takes effect at once, keeps
 * the degradation preference, and leaves the producer's paused state (the
 * user's own camera button) alone.
 */
export class SenderLayers {
  /** The last word per producer, kept for producers this page has not registered yet. */
  readonly #wanted = new Map<string, number | null>();
  readonly #producers = new Map<string, types.Producer>();
  /** The camera's capture and its encodings' own scales, when the policy has a thumbnail capture. */
  readonly #captures = new Map<string, { capture: CameraCapture; scales: number[] }>();
  readonly #enabled: boolean;
  /** The server suspended the camera: the uplink cannot hold its lowest layer (cameraSuspended). */
  #cameraSuspended = false;
  /** setParameters calls run one at a time: a concurrent one would carry a stale transaction id. */
  #queue: Promise<void> = Promise.resolve();

  /** `enabled` false keeps every layer on (the benchmark's baseline, `?dynacast=0`). */
  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  /** `capture`: the camera's, to capture smaller while only its lowest layer is watched. */
  async register(producer: types.Producer, capture?: CameraCapture): Promise<void> {
    this.#producers.set(producer.id, producer);
    if (capture && this.#enabled) {
      const encodings = producer.rtpSender?.getParameters().encodings ?? [];
      const scales = encodings.map((encoding) => encoding.scaleResolutionDownBy ?? 1);
      this.#captures.set(producer.id, { capture, scales });
    }
    producer.observer.once('close', () => {
      this.#producers.delete(producer.id);
      this.#captures.delete(producer.id);
    });
    if (this.#wanted.has(producer.id) || this.#cameraSuspended) await this.#apply(producer);
  }

  async handleWanted(producerId: string, maxSpatialLayer: number | null): Promise<void> {
    this.#wanted.set(producerId, maxSpatialLayer);
    const producer = this.#producers.get(producerId);
    if (producer) await this.#apply(producer);
  }

  /**
   * Stops (or restarts) every camera encoding on the server's word, whatever dynacast wants:
   * a local switch like dynacast's, so the microphone, the producer's paused state and the
   * user's camera button are untouched.
   */
  async setCameraSuspended(suspended: boolean): Promise<void> {
    this.#cameraSuspended = suspended;
    for (const producer of this.#producers.values())
      if (producer.appData.source === 'camera') await this.#apply(producer);
  }

  /** After a media reset every producer is new; old words no longer apply. */
  clear(): void {
    this.#wanted.clear();
    this.#producers.clear();
    this.#captures.clear();
    this.#cameraSuspended = false;
  }

  #apply(producer: types.Producer): Promise<void> {
    this.#queue = this.#queue.then(() => this.#applyNow(producer));
    return this.#queue;
  }

  async #applyNow(producer: types.Producer): Promise<void> {
    const sender = producer.rtpSender;
    const maxSpatialLayer = this.#maxSpatialLayer(producer);
    if (!sender || maxSpatialLayer === undefined) return;
    const captured = this.#captures.get(producer.id);
    // The capture first, then the encodings for it: Chrome decides how many simulcast layers
    // a capture size allows, and a top layer switched on while the capture was still small
    // was once seen to stay off (spotlight.e2e, under load).
    await captured?.capture.set(maxSpatialLayer === null || maxSpatialLayer === 0);
    const scales = captured?.scales.map((scale) => captured.capture.encodingScale(scale));
    const active = activeEncodings(sender.getParameters().encodings.length, maxSpatialLayer);
    await this.#setEncodings(sender, active, scales);
  }

  /** `scales`: each encoding's scaleResolutionDownBy, when the capture's size changes. */
  async #setEncodings(sender: RTCRtpSender, active: boolean[], scales?: number[]): Promise<void> {
    const parameters = sender.getParameters();
    const scale = (i: number, now: number | undefined) => scales?.[i] ?? now;
    const unchanged = parameters.encodings.every(
      (encoding, i) =>
        encoding.active === active[i] &&
        encoding.scaleResolutionDownBy === scale(i, encoding.scaleResolutionDownBy),
    );
    if (unchanged) return;
    parameters.encodings.forEach((encoding, i) => {
      encoding.active = active[i] ?? true;
      encoding.scaleResolutionDownBy = scale(i, encoding.scaleResolutionDownBy);
    });
    // A sender closed meanwhile refuses; nothing is encoded for it anyway.
    await sender.setParameters(parameters).catch(() => undefined);
  }

  /** Undefined: leave the encodings as they are (no word yet, or dynacast off and not suspended). */
  #maxSpatialLayer(producer: types.Producer): number | null | undefined {
    if (this.#cameraSuspended && producer.appData.source === 'camera') return null;
    // Every layer on: dynacast off, or no word from the server since a suspension ended.
    const everyLayer = producer.rtpSender?.getParameters().encodings.length ?? 1;
    if (!this.#enabled) return everyLayer - 1;
    return this.#wanted.has(producer.id) ? this.#wanted.get(producer.id) : everyLayer - 1;
  }
}
