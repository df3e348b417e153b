import { receivesTrack, type ProducerInfo } from '../../../signaling/protocol';
import type { LessonState } from './lessonState';

/** Whether this page should consume `producer`: not twice, and only what its role receives. */
export function shouldConsume(state: LessonState, producer: ProducerInfo): boolean {
  if (state.remoteTracks.some((track) => track.producerId === producer.producerId)) return false;
  const role = state.self?.role;
  if (!role) return true; // not joined yet: nothing is offered before the join anyway
  const owner = state.participants.find((p) => p.participantId === producer.participantId);
  return receivesTrack(role, owner?.role, producer.kind);
}
