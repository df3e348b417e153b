import type { MediaSource, Role } from './protocol';

/*
 * How a receiver's bandwidth is shared in a lesson. mediasoup gives each
 * WebRTC transport's estimated outgoing bitrate to its video consumers in
 * order of priority (1-255, higher first), so when a classroom's line is
 * thin its layers go first to what the lesson needs most: the tutor's
 * screen share while she shares (it carries the lesson's text), then the
 * tutor's camera, then the classes. Audio is never held back by the
 * estimate; its top priority only documents the rule that the tutor's
 * voice is the lesson. An inspector's consumers live on the inspector's
 * own transport, so they can never take bandwidth from a class or the tutor.
 */
export const CONSUMER_PRIORITY = {
  audio: 255,
  tutorScreen: 220,
  tutorCamera: 180,
  screen: 140,
  classCamera: 100,
} as const;

/** The priority of a consumer of `source`, produced by a participant in `ownerRole`. */
export function consumerPriority(source: MediaSource, ownerRole: Role | undefined): number {
  if (source === 'microphone') return CONSUMER_PRIORITY.audio;
  const fromTutor = ownerRole === 'tutor';
  if (source === 'screen')
    return fromTutor ? CONSUMER_PRIORITY.tutorScreen : CONSUMER_PRIORITY.screen;
  return fromTutor ? CONSUMER_PRIORITY.tutorCamera : CONSUMER_PRIORITY.classCamera;
}
