import type express from 'express';
import { mountApi, type Handlers } from '../api/adapter';
import { failure, found } from '../api/http';
import { linkKeyOf } from '../api/linkKey';
import type { ErrorLogger } from '../api/router-types';
import { PUPIL_API, type PupilLink } from '../contract/pupil';
import type { LessonSession, Principal } from '../domain/model';
import type { PlanningStore } from '../store/open';

/**
 * The pupil may come in as early as the whiteboard (a camera and sound check, settling in),
 * or earlier once the lesson's tutor is in it.
 */
export const PUPIL_DOOR_OPENS_BEFORE_MS = 10 * 60_000;

/** What the server signs for a pupil: its lesson's token (signalling owns the secret). */
export type PupilTokenMinter = (input: {
  sessionId: string;
  link: PupilLink;
  className: string;
  endsAt: string;
}) => Promise<string>;

export interface PupilRouterOptions {
  store: PlanningStore;
  now: () => Date;
  mintToken: PupilTokenMinter;
  /** Whether the lesson's tutor is in it already: the pupil may then come in before the door. */
  tutorPresent?: (sessionId: string) => boolean;
  logger?: ErrorLogger;
}

const ASK_AGAIN = 'Demande un nouveau lien à ton enseignant·e.';

/** Why a pupil link no longer opens, in French for the child reading it; null if it does. */
export function pupilLinkRefusal(link: PupilLink, now: Date): string | null {
  if (link.revokedAt !== null) return `Ce lien a été retiré par l'école. ${ASK_AGAIN}`;
  if (Date.parse(link.expiresAt) <= now.getTime())
    return `Ce lien n'est plus valable : la leçon est terminée. ${ASK_AGAIN}`;
  return null;
}

/**
 * The pupil key, from the Authorization header only (the page reads it from its URL
 * fragment). A refused key answers `unauthenticated` with the reason in French.
 */
export function pupilAuthenticator(store: PlanningStore, now: () => Date) {
  return async (req: express.Request): Promise<Principal | null> => {
    const unknown = failure('unauthenticated', `Ce lien n'est pas reconnu. ${ASK_AGAIN}`);
    const key = linkKeyOf(req, unknown);
    if (key === null) return null;
    const link = await store.pupilLinkByKey(key);
    if (!link) throw unknown;
    const refused = pupilLinkRefusal(link, now());
    if (refused) throw failure('unauthenticated', refused);
    const scope = { kind: 'pupil', classId: link.classId, linkId: link.id } as const;
    // Not a person: the principal names the link, never the pupil.
    return { role: 'teacher', userId: `pupil-link:${link.id}`, name: 'élève', scope };
  };
}

/** The link's lesson now: its one lesson, or the series' current or next one. */
async function lessonOf(store: PlanningStore, link: PupilLink, now: Date) {
  if (link.sessionId !== null) return store.getSession(link.sessionId);
  const upcoming = await store.listSessions({
    slotId: link.slotId ?? '',
    from: now.toISOString(),
  });
  return upcoming.find((session) => session.classIds.includes(link.classId));
}

function assertOpen(
  session: LessonSession | undefined,
  now: Date,
  tutorPresent: (sessionId: string) => boolean,
): LessonSession {
  if (!session || session.state === 'cancelled' || session.state === 'done')
    throw failure('conflict', "Il n'y a pas de leçon à suivre avec ce lien aujourd'hui.");
  const opensAt = Date.parse(session.startsAt) - PUPIL_DOOR_OPENS_BEFORE_MS;
  if (now.getTime() < opensAt && !tutorPresent(session.id))
    throw failure('conflict', 'La leçon n’a pas encore commencé.', {
      startsAt: session.startsAt,
      opensAt: new Date(opensAt).toISOString(),
    });
  return session;
}

export function pupilHandlers(options: PupilRouterOptions): Handlers<typeof PUPIL_API> {
  const { store } = options;
  return {
    exchangePupilKey: async ({ principal }) => {
      const linkId = principal.scope?.kind === 'pupil' ? principal.scope.linkId : '';
      const link = found(await store.pupilLinkById(linkId), 'pupil link');
      const now = options.now();
      const tutorPresent = options.tutorPresent ?? (() => false);
      const session = assertOpen(await lessonOf(store, link, now), now, tutorPresent);
      const schoolClass = found(await store.getClass(link.classId), 'class');
      const token = await options.mintToken({
        sessionId: session.id,
        link,
        className: schoolClass.name,
        endsAt: session.endsAt,
      });
      return {
        sessionId: session.id,
        token,
        pupilName: link.pupilName,
        className: schoolClass.name,
        allowCamera: link.allowCamera,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
      };
    },
  };
}

/** /api/pupil: a pupil key's one use, its exchange for its lesson's token. */
export function createPupilRouter(options: PupilRouterOptions): express.Router {
  return mountApi(PUPIL_API, pupilHandlers(options), {
    authenticate: pupilAuthenticator(options.store, options.now),
    logger: options.logger,
  });
}
