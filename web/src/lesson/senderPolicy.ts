/** Three simulcast layers, lowest first: thumbnails take the lowest, the spotlight the highest. */
export const CAMERA_ENCODINGS: RTCRtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

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
