import type { RequestContext } from '../handlers';
import type { LessonSession } from '../LessonSession';
import { describeFor, type Participant } from '../Participant';
import { ProtocolError, type RequestPayload, type ResponseData } from '../protocol';
import type { GrantName } from './PupilGrants';

/**
 * The pupil a granter may act on: joined, a pupil, and known to the granter (the tutor, or the
 * pupil's own classroom: `describeFor` hides a pupil from other classes, so to them it does
 * not exist).
 */
function pupilFor(session: LessonSession, granter: Participant, participantId: string) {
  const pupil = session.participant(participantId);
  if (
    !pupil ||
    pupil.role !== 'pupil' ||
    session.stateOf(pupil) !== 'joined' ||
    describeFor(granter, pupil) === null
  )
    throw new ProtocolError('not_found', `no pupil ${participantId} in this lesson`);
  return pupil;
}

/**
 * Taking the floor back closes the pupil's microphone on the server, whatever its page does;
 * everyone who received it is told, as when a producer closes.
 */
async function closeMicrophone(session: LessonSession, pupil: Participant): Promise<void> {
  const room = await session.mediaRoom();
  for (const producer of room.producers()) {
    if (producer.peerId !== pupil.id || producer.source !== 'microphone') continue;
    room.closeProducer(pupil.id, producer.producerId);
    session.announceProducerChange(pupil, 'producerClosed', producer.producerId);
  }
}

/** Tells the pupil what it may do now, and those who give grants what it holds. */
function announceGrants(session: LessonSession, pupil: Participant): void {
  const grants = session.grants.of(pupil.id);
  pupil.link.notify('capabilitiesChanged', { capabilities: session.capabilitiesOf(pupil) });
  pupil.link.notify('pupilGrantsChanged', grants);
  session.notifyAbout(pupil, 'pupilGrantsChanged', grants, 'grantPupil');
}

/** The grants of the pupils `viewer` may see, for those who give them (the join's answer). */
export function pupilGrantsVisibleTo(session: LessonSession, viewer: Participant) {
  if (!viewer.can('grantPupil')) return [];
  return session
    .participantsVisibleTo(viewer)
    .filter((other) => other.role === 'pupil')
    .map((pupil) => session.grants.of(pupil.participantId));
}

export async function changeGrant(
  session: LessonSession,
  granter: Participant,
  request: { participantId: string; grant: GrantName; granted: boolean },
): Promise<ResponseData<'grantPupil'>> {
  const pupil = pupilFor(session, granter, request.participantId);
  const changed = session.grants.set(pupil.id, request.grant, request.granted);
  if (request.grant === 'microphone' && !request.granted) await closeMicrophone(session, pupil);
  if (changed) announceGrants(session, pupil);
  return session.grants.of(pupil.id);
}

export const GRANT_HANDLERS = {
  async grantPupil(
    { session, participant }: RequestContext,
    payload: RequestPayload<'grantPupil'>,
  ): Promise<ResponseData<'grantPupil'>> {
    return changeGrant(session, participant, payload);
  },
};
