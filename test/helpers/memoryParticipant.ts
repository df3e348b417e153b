import { randomUUID } from 'node:crypto';
import { Participant, type ParticipantLink } from '../../signaling';
import { dispatch } from '../../signaling/dispatcher';
import type { LessonSession } from '../../signaling';
import type { Ack, Role } from '../../signaling/protocol';

export interface MemoryParticipant {
  participant: Participant;
  /** Every notification this participant was sent, in order. */
  inbox: [string, unknown][];
  request(name: string, payload?: unknown): Promise<Ack<unknown>>;
}

/** A participant whose link records notifications in memory instead of a socket (tldraw's TestSocketPair idea). */
export function memoryParticipant(
  session: LessonSession,
  role: Role,
  displayName: string,
): MemoryParticipant {
  const inbox: [string, unknown][] = [];
  const link: ParticipantLink = {
    notify: (name, payload) => void inbox.push([name, payload]),
    disconnect: () => undefined,
  };
  const participant = new Participant({ id: randomUUID(), role, displayName, link });
  session.attach(participant);
  const fail = (error: unknown) => {
    throw error;
  };
  return {
    participant,
    inbox,
    request: (name, payload = {}) =>
      dispatch(name as never, payload, { session, participant }, fail),
  };
}

export async function joinMemory(
  session: LessonSession,
  role: Role,
  name: string,
): Promise<MemoryParticipant> {
  const member = memoryParticipant(session, role, name);
  const room = await session.mediaRoom();
  const response = await member.request('joinSession', { rtpCapabilities: room.rtpCapabilities });
  if (!response.ok) throw new Error(`join failed: ${response.error.message}`);
  return member;
}
