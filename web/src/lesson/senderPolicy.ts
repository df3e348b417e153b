import type { CameraPolicy } from '../../../signaling/protocol';

/** Three simulcast layers, lowest first: thumbnails take the lowest, the spotlight the highest. */
const CAMERA_ENCODINGS: RTCRtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

/** Before the server's word (or for a server that sends none): the tutor's old default. */
const DEFAULT_CAMERA: CameraPolicy = {
  width: 1280,
  height: 720,
  frameRate: 25,
  simulcastLayers: 3,
};

/** The top `simulcastLayers` of CAMERA_ENCODINGS: the capture itself and its halvings. */
export function cameraEncodings(policy: CameraPolicy | null): RTCRtpEncodingParameters[] {
  const layers = (policy ?? DEFAULT_CAMERA).simulcastLayers;
  return CAMERA_ENCODINGS.slice(CAMERA_ENCODINGS.length - layers).map((e) => ({ ...e }));
}

/**
 * The camera's capture constraints: the server's policy for this role, unless the
 * page's URL sets a size or frame rate (tests and benchmarks pin them).
 */
export function cameraConstraints(
  policy: CameraPolicy | null,
  override: { video?: { width: number; height: number }; frameRate?: number },
): MediaTrackConstraints {
  const chosen = policy ?? DEFAULT_CAMERA;
  const size = override.video ?? chosen;
  return {
    width: { ideal: size.width },
    height: { ideal: size.height },
    frameRate: { ideal: override.frameRate ?? chosen.frameRate },
  };
}

/**
 * A class camera is a picture of the room that the tutor reads (who raises
 * a hand, who speaks), not motion. When an old whiteboard PC runs short of
 * CPU, Chrome's default ("balanced") lowers the capture resolution, and with
 * it the number of simulcast layers it can send, so the tutor's spotlight
 * gets a thumbnail. Asking it to keep the resolution makes it drop frames
 * instead.
 */
export async function keepResolutionUnderLoad(sender: RTCRtpSender | undefined): Promise<void> {
  if (!sender) return;
  const parameters = sender.getParameters();
  if (parameters.degradationPreference === 'maintain-resolution') return;
  parameters.degradationPreference = 'maintain-resolution';
  // Browsers without the setting keep their default; the lesson works either way.
  await sender.setParameters(parameters).catch(() => undefined);
}
