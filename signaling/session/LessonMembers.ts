import type { Participant } from '../Participant';
import { ProtocolError } from '../protocol';

/**
 * Where a participant stands in its lesson: `connected` once admitted,
 * `joined` after joinSession (it has a media peer and appears to others),
 * back to `connected` when the media room is rebuilt, `left` for good.
 */
export type ParticipantState = 'connected' | 'joined' | 'left';

const TRANSITIONS: Record<ParticipantState, readonly ParticipantState[]> = {
  connected: ['joined', 'left'],
  joined: ['connected', 'left'],
  left: [],
};

interface Member {
  participant: Participant;
  state: Exclude<ParticipantState, 'left'>;
}

/**
 * Everyone present in one lesson, each in exactly one state, and the one place that moves
 * them (`transition`). Owned by its `LessonSession`, which alone calls `transition`: a
 * participant that left is no longer here, so "absent" and "left" are the same answer.
 */
export class LessonMembers {
  readonly #members = new Map<string, Member>();

  get size(): number {
    return this.#members.size;
  }

  stateOf(participant: Participant): ParticipantState {
    const member = this.#members.get(participant.id);
    return member?.participant === participant ? member.state : 'left';
  }

  get(id: string): Participant | undefined {
    return this.#members.get(id)?.participant;
  }

  /** Everyone present, joined or only connected. */
  *all(): Iterable<Participant> {
    for (const { participant } of this.#members.values()) yield participant;
  }

  *joined(): Iterable<Participant> {
    for (const { participant, state } of this.#members.values())
      if (state === 'joined') yield participant;
  }

  /** The connection `participant` replaces: the same token subject in the same role. */
  olderConnectionOf(participant: Participant): Participant | undefined {
    for (const other of this.all()) {
      if (other.subject === participant.subject && other.role === participant.role) return other;
    }
    return undefined;
  }

  /** Throws ProtocolError `conflict` unless `participant` may move to `to` now. */
  assertCanMove(participant: Participant, to: ParticipantState): void {
    const from = this.stateOf(participant);
    if (TRANSITIONS[from].includes(to)) return;
    const why = from === 'left' ? 'this connection has left the lesson' : `already ${from}`;
    throw new ProtocolError('conflict', why);
  }

  /** Every change of a participant's state goes through here. */
  transition(participant: Participant, to: ParticipantState): void {
    const from = this.stateOf(participant);
    // A new participant is 'left' (absent) until admitted: admission is the one way in.
    if (!(from === 'left' && to === 'connected')) this.assertCanMove(participant, to);
    if (to === 'left') this.#members.delete(participant.id);
    else this.#members.set(participant.id, { participant, state: to });
  }

  clear(): void {
    this.#members.clear();
  }
}
