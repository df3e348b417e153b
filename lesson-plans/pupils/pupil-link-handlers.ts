import { failure, found } from '../api/http';
import type { PlanningHandlers } from '../api/planning-handlers';
import { MAX_PUPIL_LINKS_PER_CLASS, type PupilLink } from '../contract/pupil';
import type { Principal } from '../domain/model';
import type { PlanningStore } from '../store/open';

type PupilLinkHandlers = Pick<
  PlanningHandlers,
  'createPupilLink' | 'listPupilLinks' | 'revokePupilLink'
>;

export interface PupilLinkOptions {
  now: () => Date;
  /** The site's origin for the link (else as the caller reached the planning API). */
  publicBaseUrl?: string;
  /** Told when a link is revoked, so that a pupil in the lesson with it leaves at once. */
  onRevoked?: (link: PupilLink) => void;
}

/**
 * The class's teacher (with her own token or from the class's whiteboard, whose key names
 * the class) or the coordinator; nobody else (inspectors, tutors and lesson tokens do not
 * have the capability at all).
 */
async function managedClass(store: PlanningStore, principal: Principal, classId: string) {
  const schoolClass = found(await store.getClass(classId), `class ${classId}`);
  const scope = principal.scope;
  const allowed =
    scope?.kind === 'device'
      ? scope.classId === classId
      : scope === undefined &&
        (principal.role === 'coordinator' ||
          (principal.role === 'teacher' && schoolClass.teacherId === principal.userId));
  if (!allowed)
    throw failure('forbidden', "only the class's teacher or the coordinator gives its pupil links");
  return schoolClass;
}

/** The end of the link: its lesson's end, or the end of the series' last planned lesson. */
async function linkEnd(
  store: PlanningStore,
  classId: string,
  target: { sessionId?: string; slotId?: string },
  now: Date,
): Promise<string> {
  if (target.sessionId !== undefined) {
    const session = await store.getSession(target.sessionId);
    if (!session || !session.classIds.includes(classId))
      throw failure('not_found', `this class has no lesson ${target.sessionId}`);
    if (session.state === 'cancelled' || Date.parse(session.endsAt) <= now.getTime())
      throw failure('conflict', 'this lesson is over or cancelled');
    return session.endsAt;
  }
  const slot = await store.getSlot(target.slotId ?? '');
  if (!slot || !slot.classIds.includes(classId))
    throw failure('not_found', `this class has no series ${target.slotId ?? ''}`);
  const sessions = await store.listSessions({ slotId: slot.id, from: now.toISOString() });
  const last = sessions.at(-1);
  if (!last) throw failure('conflict', 'this series has no lesson left');
  return last.endsAt;
}

const siteOf = (planningBaseUrl: string) => planningBaseUrl.replace(/\/api\/planning$/, '');

export function pupilLinkHandlers(
  store: PlanningStore,
  options: PupilLinkOptions,
): PupilLinkHandlers {
  return {
    createPupilLink: async ({ principal, params: { id }, body, baseUrl }) => {
      const schoolClass = await managedClass(store, principal, id);
      const now = options.now();
      // Checked before writing, not in one transaction: concurrent creations may pass it by
      // one or two, still bounded (and each request spends the caller's budget).
      if ((await store.listPupilLinks(schoolClass.id)).length >= MAX_PUPIL_LINKS_PER_CLASS)
        throw failure(
          'conflict',
          `this class already has ${MAX_PUPIL_LINKS_PER_CLASS} pupil links in use: revoke one first`,
        );
      const { key, link } = await store.createPupilLink({
        classId: schoolClass.id,
        pupilName: body.pupilName,
        sessionId: body.sessionId ?? null,
        slotId: body.slotId ?? null,
        allowCamera: body.allowCamera,
        createdBy: principal.userId,
        expiresAt: await linkEnd(store, schoolClass.id, body, now),
      });
      // The key travels in the fragment, which browsers never send to a server or a log.
      const url = `${siteOf(options.publicBaseUrl ?? baseUrl)}/eleve#cle=${key}`;
      return { link, url };
    },
    listPupilLinks: async ({ principal, params: { id } }) => {
      await managedClass(store, principal, id);
      return { links: await store.listPupilLinks(id) };
    },
    revokePupilLink: async ({ principal, params: { id } }) => {
      const existing = found(await store.pupilLinkById(id), `pupil link ${id}`);
      await managedClass(store, principal, existing.classId);
      const link = found(await store.revokePupilLink(id), `pupil link ${id}`);
      options.onRevoked?.(link);
      return { link };
    },
  };
}
