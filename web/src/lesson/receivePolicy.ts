import type { ProducerInfo } from '../../../signaling/protocol';
import type { LessonState } from './lessonState';

/**
 * Whether this page should consume `producer`: not twice, and a whiteboard
 * shows only the tutor's picture, since other classrooms' cameras would cost
 * an old PC decoding and bandwidth for nothing (it still hears them).
 */
export function shouldConsume(state: LessonState, producer: ProducerInfo): boolean {
  if (state.remoteTracks.some((track) => track.producerId === producer.producerId)) return false;
  if (state.self?.role !== 'classroom' || producer.kind !== 'video') return true;
  const owner = state.participants.find((p) => p.participantId === producer.participantId);
  return owner?.role === 'tutor';
}
