import type { CameraPolicy, PupilGrants } from '../../../signaling/protocol';
import type { LessonClientOptions, LessonState } from './lessonState';
import { cameraConstraints } from './senderPolicy';

/**
 * One source's track, captured when the page is allowed to send it (a pupil at home): a
 * pupil's page asks for the microphone only once given the floor, never at join.
 */
export async function captureSource(
  source: 'microphone' | 'camera',
  policy: CameraPolicy | null,
  options: Pick<LessonClientOptions, 'video' | 'frameRate'>,
): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia(
    source === 'microphone'
      ? { audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } }
      : { video: cameraConstraints(policy, options) },
  );
  const [track] = stream.getTracks();
  if (!track) throw new Error(`no ${source} track`);
  return track;
}

/** The state with one pupil's grants replaced (or added). */
export function withPupilGrants(grants: PupilGrants) {
  return (state: LessonState): Partial<LessonState> => ({
    pupilGrants: [
      ...state.pupilGrants.filter((other) => other.participantId !== grants.participantId),
      grants,
    ],
  });
}
