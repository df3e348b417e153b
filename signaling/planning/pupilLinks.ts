import type express from 'express';
import {
  createPupilRouter,
  pupilLinkRefusal,
  type PlanningStore,
  type PupilLink,
  type PupilTokenMinter,
} from '../../lesson-plans';
import type { SessionClaims, SessionTokenIssuer } from '../auth';
import type { Logger } from '../logger';
import type { Participant } from '../Participant';
import type { ErrorCode } from '../protocol';
import type { SessionRegistry } from '../SessionRegistry';

/** A pupil's session token outlives its lesson by this much: a late reconnection still works. */
const PUPIL_TOKEN_GRACE_SECONDS = 15 * 60;

/** Signs a pupil key's exchange: that one lesson, role `pupil`, until shortly after it ends. */
export function pupilTokenMinter(tokens: SessionTokenIssuer, now: () => Date): PupilTokenMinter {
  return ({ sessionId, link, className, endsAt }) =>
    tokens.mint({
      sessionId,
      role: 'pupil',
      displayName: link.pupilName,
      // The link, not the child: a pupil who opens its link twice replaces its older connection.
      subject: `pupil-link:${link.id}`,
      ttlSeconds: Math.max(
        60,
        Math.round((Date.parse(endsAt) - now().getTime()) / 1000) + PUPIL_TOKEN_GRACE_SECONDS,
      ),
      pupil: { classId: link.classId, className, linkId: link.id, cameraAllowed: link.allowCamera },
    });
}

/** /api/pupil, the exchange of a pupil key for its lesson's token. */
export function pupilRoutes(options: {
  store: PlanningStore;
  tokens: SessionTokenIssuer;
  now: () => Date;
  logger: Logger;
  presence: PupilsInLessons;
}): express.Router {
  return createPupilRouter({
    store: options.store,
    now: options.now,
    mintToken: pupilTokenMinter(options.tokens, options.now),
    tutorPresent: (sessionId) => options.presence.tutorPresent(sessionId),
    logger: options.logger,
  });
}

/** A pupil's token is refused at connect once its link is revoked or over, whatever its `exp`. */
export async function pupilLinkAdmission(
  store: PlanningStore,
  claims: SessionClaims,
  now: Date,
): Promise<ErrorCode | null> {
  if (claims.role !== 'pupil') return null;
  const link = claims.pupil && (await store.pupilLinkById(claims.pupil.linkId));
  return !link || pupilLinkRefusal(link, now) !== null ? 'forbidden' : null;
}

/**
 * The pupils in lessons on this server, by link: revoking a link sends its pupil out of the
 * lesson at once (its token would otherwise last until the lesson's end). And the lessons
 * whose tutor is in: a pupil may join those before their door opens.
 */
export class PupilsInLessons {
  readonly #byLink = new Map<string, Set<Participant>>();
  readonly #tutors = new Map<string, Set<Participant>>();

  constructor(registry: SessionRegistry) {
    registry.on('sessionOpened', (session) => {
      session.on('participantJoined', (participant) => this.#add(session.id, participant));
      session.on('participantLeft', (participant) => this.#remove(session.id, participant));
    });
  }

  tutorPresent(sessionId: string): boolean {
    return (this.#tutors.get(sessionId)?.size ?? 0) > 0;
  }

  revoked(link: PupilLink): void {
    for (const participant of [...(this.#byLink.get(link.id) ?? [])]) {
      participant.link.notify('connectionReplaced', { reason: 'this link was revoked' });
      participant.link.disconnect('revoked');
    }
  }

  #groupOf(sessionId: string, participant: Participant) {
    if (participant.role === 'tutor') return { map: this.#tutors, key: sessionId };
    const linkId = participant.pupil?.linkId;
    return linkId ? { map: this.#byLink, key: linkId } : null;
  }

  #add(sessionId: string, participant: Participant): void {
    const group = this.#groupOf(sessionId, participant);
    if (!group) return;
    const members = group.map.get(group.key) ?? new Set<Participant>();
    members.add(participant);
    group.map.set(group.key, members);
  }

  #remove(sessionId: string, participant: Participant): void {
    const group = this.#groupOf(sessionId, participant);
    const members = group?.map.get(group.key);
    members?.delete(participant);
    if (group && members?.size === 0) group.map.delete(group.key);
  }
}
