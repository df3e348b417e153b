import { randomUUID } from 'node:crypto';
import { Participant, type ParticipantLink } from '../../signaling';
import { dispatch } from '../../signaling/dispatcher';
import type { LessonSession } from '../../signaling';
import type { Ack, MediaSource, Role } from '../../signaling/protocol';
import { opusParameters, vp8SimulcastParameters } from './rtp';

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

/** The answer's data, or a thrown error with the whole refusal. */
export async function ok<T>(response: Promise<Ack<unknown>>): Promise<T> {
  const answer = await response;
  if (!answer.ok) throw new Error(JSON.stringify(answer));
  return answer.data as T;
}

let nextSsrc = 3000;
/** Each member's transports, created on first use (a role may open one per direction). */
const transports = new WeakMap<MemoryParticipant, Partial<Record<'send' | 'recv', string>>>();

async function transportOf(member: MemoryParticipant, direction: 'send' | 'recv'): Promise<string> {
  const own = transports.get(member) ?? {};
  transports.set(member, own);
  own[direction] ??= (
    await ok<{ id: string }>(member.request('createTransport', { direction }))
  ).id;
  return own[direction];
}

/** Produces `source` (simulcast VP8 for video, Opus for the microphone); returns the producer id. */
export async function publish(member: MemoryParticipant, source: MediaSource): Promise<string> {
  const audio = source === 'microphone';
  nextSsrc += 100;
  const produced = await ok<{ producerId: string }>(
    member.request('produce', {
      transportId: await transportOf(member, 'send'),
      kind: audio ? 'audio' : 'video',
      source,
      // Each producer of a transport needs its own MID, as a browser's m-sections have.
      rtpParameters: {
        ...(audio ? opusParameters(nextSsrc) : vp8SimulcastParameters(nextSsrc)),
        mid: String(nextSsrc),
      },
    }),
  );
  return produced.producerId;
}

/** Consumes and resumes `producerId`; returns the consumer id. */
export async function watch(member: MemoryParticipant, producerId: string): Promise<string> {
  const { consumerId } = await ok<{ consumerId: string }>(
    member.request('consume', { transportId: await transportOf(member, 'recv'), producerId }),
  );
  await ok(member.request('resumeConsumer', { consumerId }));
  return consumerId;
}
