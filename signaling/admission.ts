import type { MediaPeerLimits, MediaRoom } from '../sfu';
import type { Participant } from './Participant';
import type { LessonSession } from './LessonSession';
import {
  ProtocolError,
  possibleCapabilitiesOf,
  type Capability,
  type MediaSource,
  type Role,
} from './protocol';

/*
 * Who may be in one lesson at once. A lesson is one tutor with up to four
 * classes in the timetable; the caps leave room for a co-tutor, extra
 * screens in a class and visitors, and stop a leaked link from filling a
 * lesson (one classroom token once opened five connections). Each role is
 * counted on its own: a lesson-wide count would let a classroom refused at
 * the door infer that hidden observers are present.
 */
export const MAX_PARTICIPANTS_BY_ROLE: Record<Role, number> = {
  tutor: 2,
  classroom: 30,
  inspector: 4,
  coordinator: 4,
  // Pupils at home: a few per lesson (one link each, a link opened once at a time).
  pupil: 8,
};
export const MAX_PARTICIPANTS_PER_LESSON = Object.values(MAX_PARTICIPANTS_BY_ROLE).reduce(
  (total, cap) => total + cap,
  0,
);

/** Sources a participant may send, one producer each; consumers: one per producer in a full lesson. */
const MAX_SOURCES = 3;
const SENDING_CAPABILITIES: readonly Capability[] = [
  'produceCamera',
  'produceMicrophone',
  'produceScreen',
];

/** Refuses a new participant when its role is full in this lesson (`unavailable`). */
export function assertRoomFor(newcomer: Participant, present: Iterable<Participant>): void {
  let sameRole = 0;
  for (const participant of present) if (participant.role === newcomer.role) sameRole++;
  if (sameRole >= MAX_PARTICIPANTS_BY_ROLE[newcomer.role])
    throw new ProtocolError(
      'unavailable',
      `this lesson is full: no room for another ${newcomer.role}`,
    );
}

/** What a participant's role needs in the media room (grants it may receive included), and no more. */
export function mediaLimitsOf(participant: Participant): MediaPeerLimits {
  const possible = possibleCapabilitiesOf(participant.role);
  const producers = SENDING_CAPABILITIES.filter((capability) => possible.has(capability)).length;
  return {
    transports: producers > 0 ? 2 : 1,
    producers,
    consumers: participant.can('consume') ? MAX_PARTICIPANTS_PER_LESSON * MAX_SOURCES : 0,
  };
}

const SOURCE_CAPABILITY: Record<MediaSource, Capability> = {
  camera: 'produceCamera',
  microphone: 'produceMicrophone',
  screen: 'produceScreen',
};

/** A capability that sends `source`. */
export const sourceCapability = (source: MediaSource): Capability => SOURCE_CAPABILITY[source];

/**
 * Only the sources it may send now (`forbidden`: its role, its link, its grants), and one
 * producer per source (`conflict`).
 */
export function assertMayProduce(
  session: LessonSession,
  participant: Participant,
  source: MediaSource,
  room: MediaRoom,
) {
  if (!session.can(participant, SOURCE_CAPABILITY[source])) {
    throw new ProtocolError('forbidden', `a ${participant.role} may not send ${source}`);
  }
  const sending = room.producers().some((p) => p.peerId === participant.id && p.source === source);
  if (sending) throw new ProtocolError('conflict', `already sending ${source}`);
}
