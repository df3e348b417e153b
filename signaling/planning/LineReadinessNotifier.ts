import type { PlanningStore } from '../../lesson-plans';
import type { LessonSession } from '../LessonSession';
import type { Logger } from '../logger';
import { describeFor, type Participant } from '../Participant';
import type { NotificationPayload } from '../protocol';
import type { SessionRegistry } from '../SessionRegistry';

type LineNote = NotificationPayload<'lineReadinessKnown'>;

/**
 * Tells the tutor when a class is known to be on a weak line: when a visible classroom joins
 * a planned lesson of its class, its latest stored readiness result, if weak, relay-only or
 * not ready, goes to those who see statistics, through the session's viewer-aware path.
 * A viewer who joins later gets the notes of the classes already there.
 */
export class LineReadinessNotifier {
  readonly #store: PlanningStore;
  readonly #logger: Logger;

  constructor(store: PlanningStore, registry: SessionRegistry, logger: Logger) {
    this.#store = store;
    this.#logger = logger;
    registry.on('sessionOpened', (session) => this.#watch(session));
  }

  #watch(session: LessonSession): void {
    const notes = new Map<Participant, LineNote>();
    session.on('participantJoined', (participant) => {
      if (participant.can('viewStats')) sendNotesTo(participant, notes);
      this.#noteOf(session, participant).then(
        (note) => {
          if (!note || session.stateOf(participant) !== 'joined') return;
          notes.set(participant, note);
          session.notifyAbout(participant, 'lineReadinessKnown', note, 'viewStats');
        },
        (error: unknown) => this.#logger.warn({ err: error }, 'readiness lookup failed'),
      );
    });
    session.on('participantLeft', (participant) => notes.delete(participant));
  }

  /** Only a class of this planned lesson, and only a result worth a word to the tutor. */
  async #noteOf(session: LessonSession, participant: Participant): Promise<LineNote | null> {
    if (participant.role !== 'classroom' || !participant.visible) return null;
    const planned = await this.#store.getSession(session.id);
    if (!planned?.classIds.includes(participant.subject)) return null;
    const latest = (await this.#store.latestReadiness([participant.subject])).get(
      participant.subject,
    );
    if (!latest || (latest.verdict === 'ready' && !latest.weak)) return null;
    const { verdict, weak, checkedAt } = latest;
    return { participantId: participant.id, verdict, weak, checkedAt };
  }
}

function sendNotesTo(viewer: Participant, notes: ReadonlyMap<Participant, LineNote>): void {
  for (const [subject, note] of notes) {
    if (subject !== viewer && describeFor(viewer, subject))
      viewer.link.notify('lineReadinessKnown', note);
  }
}
