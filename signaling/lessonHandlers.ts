import { fromBase64, toBase64 } from 'lib0/buffer';
import {
  ByteBudget,
  PARTICIPANT_BOARD_BURST_BYTES,
  PARTICIPANT_BOARD_BYTES_PER_MINUTE,
} from './board/boardLimits';
import { BoardUpdateError, type BoardRefusal } from './board/SharedBoard';
import type { Participant } from './Participant';
import type { RequestContext } from './handlers';
import {
  ProtocolError,
  type ErrorCode,
  type RequestName,
  type RequestPayload,
  type ResponseData,
} from './protocol';

type Handler<K extends RequestName> = (
  context: RequestContext,
  payload: RequestPayload<K>,
) => Promise<ResponseData<K>>;

type LessonRequest =
  | 'syncBoard'
  | 'updateBoard'
  | 'raiseHand'
  | 'sendClassroomSignal'
  | 'pushContent'
  | 'muteParticipant'
  | 'reportQuality';

/** Each participant's own board budget; dropped with the participant. */
const boardBudgets = new WeakMap<Participant, ByteBudget>();

function boardBudgetOf(participant: Participant): ByteBudget {
  let budget = boardBudgets.get(participant);
  if (!budget) {
    budget = new ByteBudget(PARTICIPANT_BOARD_BYTES_PER_MINUTE, PARTICIPANT_BOARD_BURST_BYTES);
    boardBudgets.set(participant, budget);
  }
  return budget;
}

const BOARD_REFUSAL_CODES: Record<BoardRefusal, ErrorCode> = {
  invalid: 'invalid_request',
  full: 'conflict',
  budget: 'unavailable',
};

/** The lesson layer: shared board, classroom signals, pushed content, moderation, quality. */
export const LESSON_HANDLERS: { [K in LessonRequest]: Handler<K> } = {
  async syncBoard({ session }, { stateVector }) {
    const update = toBase64(session.board.diffSince(fromBase64(stateVector)));
    return { update, stateVector: toBase64(session.board.stateVector()) };
  },

  async updateBoard({ session, participant }, { update }) {
    const bytes = fromBase64(update);
    if (!boardBudgetOf(participant).take(bytes.byteLength))
      throw new ProtocolError('unavailable', 'updateBoard: you are drawing too much at once');
    try {
      session.board.apply(bytes);
    } catch (error) {
      if (!(error instanceof BoardUpdateError)) throw error;
      throw new ProtocolError(BOARD_REFUSAL_CODES[error.refusal], `updateBoard: ${error.message}`);
    }
    // Relayed as received: a Yjs update carries only a random client number, never who drew it.
    session.broadcast('boardUpdated', { update }, 'viewBoard', participant);
    return {};
  },

  async raiseHand({ session, participant }, { raised }) {
    session.setHandRaised(participant, raised);
    return {};
  },

  async sendClassroomSignal({ session, participant }, { signal }) {
    session.notifyAbout(
      participant,
      'classroomSignalled',
      { participantId: participant.id, signal },
      'viewStats',
    );
    return {};
  },

  async pushContent({ session, participant }, { content }) {
    if (content.type !== 'audio') {
      const update = toBase64(session.board.place(content));
      session.broadcast('boardUpdated', { update }, 'viewBoard');
    }
    session.broadcast('contentPushed', { content }, 'viewBoard', participant);
    return {};
  },

  async muteParticipant({ session, participant }, { participantId, muted }) {
    const target = session.participant(participantId);
    // A participant the tutor may not see does not exist, as far as the tutor can tell.
    if (
      !target ||
      session.stateOf(target) !== 'joined' ||
      !target.visible ||
      target === participant
    ) {
      throw new ProtocolError('not_found', `no participant ${participantId} to mute`);
    }
    const room = await session.mediaRoom();
    for (const producer of room.producers()) {
      if (producer.peerId !== target.id || producer.source !== 'microphone') continue;
      await room.setProducerPaused(target.id, producer.producerId, muted);
      session.announceProducerChange(
        target,
        muted ? 'producerPaused' : 'producerResumed',
        producer.producerId,
      );
    }
    target.link.notify('mutedByTutor', { muted });
    return {};
  },

  async reportQuality({ session, participant }, report) {
    session.reportQuality(participant, report);
    return {};
  },
};
