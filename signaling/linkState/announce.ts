import { describeFor, type Participant } from '../Participant';
import type { LinkSummary } from './linkLifecycle';
import type { LinkMonitor } from './LinkMonitor';

/** How a lesson sends a notification about a participant (`LessonSession.notifyAbout`). */
export interface LinkNotifier {
  notifyAbout(
    subject: Participant,
    name: 'linkStateChanged',
    payload: { participantId: string } & LinkSummary,
    receiverNeeds: 'viewStats',
  ): void;
}

/**
 * Tells the participant itself (its page shows the calm message) and those who see
 * connection quality (the tutor's console); `notifyAbout` goes through `describeFor`, so a
 * hidden participant is never the subject of it.
 */
export function announceLink(session: LinkNotifier, subject: Participant, summary: LinkSummary) {
  const payload = { participantId: subject.id, ...summary };
  subject.link.notify('linkStateChanged', payload);
  session.notifyAbout(subject, 'linkStateChanged', payload, 'viewStats');
}

/** A newcomer who sees connection quality learns which lines are already audio-only. */
export function tellWeakLinks(links: LinkMonitor, newcomer: Participant): void {
  if (!newcomer.can('viewStats')) return;
  for (const [subject, summary] of links.audioOnly()) {
    if (subject.id === newcomer.id || describeFor(newcomer, subject) === null) continue;
    newcomer.link.notify('linkStateChanged', { participantId: subject.id, ...summary });
  }
}
