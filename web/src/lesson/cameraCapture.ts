import type { CameraPolicy } from '../../../signaling/protocol';

export type ThumbnailCapture = NonNullable<CameraPolicy['thumbnail']>;

/**
 * The camera's capture, full or thumbnail as the server's policy says (signaling/capturePolicy.ts):
 * while nobody watches above the lowest layer the track is captured `scaleDownBy` times smaller
 * and slower, and the lowest encoding scales down that much less, so the tutor's tile keeps
 * its size while the PC captures, scales and encodes far less.
 */
export class CameraCapture {
  readonly #track: MediaStreamTrack;
  readonly #full: MediaTrackConstraints;
  readonly #thumbnail: ThumbnailCapture;
  #small = false;

  constructor(track: MediaStreamTrack, full: MediaTrackConstraints, thumbnail: ThumbnailCapture) {
    this.#track = track;
    this.#full = full;
    this.#thumbnail = thumbnail;
  }

  /** How many times smaller than the full capture the track is now captured. */
  get scaleDownBy(): number {
    return this.#small ? this.#thumbnail.scaleDownBy : 1;
  }

  /** Switches to the thumbnail capture (`small`) or back; a no-op when already there. */
  async set(small: boolean): Promise<void> {
    if (small === this.#small || this.#track.readyState === 'ended') return;
    const current = this.#track.getSettings();
    if (small && !(current.width && current.height)) return; // nothing known to scale from
    const constraints = small ? this.#smaller(current) : this.#full;
    // A camera that cannot change keeps its capture; dynacast's layers still apply.
    await this.#track.applyConstraints(constraints).then(
      () => (this.#small = small),
      () => undefined,
    );
  }

  /** `scaleResolutionDownBy` of an encoding that has `original` at the full capture. */
  encodingScale(original: number): number {
    return Math.max(1, original / this.scaleDownBy);
  }

  #smaller(current: MediaTrackSettings): MediaTrackConstraints {
    const { scaleDownBy } = this.#thumbnail;
    const width = Math.round((current.width ?? 0) / scaleDownBy);
    const height = Math.round((current.height ?? 0) / scaleDownBy);
    const frameRate = Math.min(this.#thumbnail.frameRate, current.frameRate ?? Infinity);
    // `max` as well as `ideal`: Chrome then scales the camera's frames down itself.
    return {
      width: { ideal: width, max: width },
      height: { ideal: height, max: height },
      frameRate: { ideal: frameRate, max: frameRate },
    };
  }
}

/** The camera's capture switch, when the server's policy gives this role a thumbnail capture. */
export function cameraCaptureFor(
  track: MediaStreamTrack,
  policy: CameraPolicy | null,
  full: MediaTrackConstraints,
): CameraCapture | undefined {
  return policy?.thumbnail ? new CameraCapture(track, full, policy.thumbnail) : undefined;
}
