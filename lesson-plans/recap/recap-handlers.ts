import { visibleSession } from '../api/access';
import { failure, found, unwrap } from '../api/http';
import type { PlanningHandlers } from '../api/planning-handlers';
import { parisWallClockToInstant } from '../calendar/recurrence';
import type { LessonSession, Principal } from '../domain/model';
import type { PlanningStore } from '../store/open';
import { buildRecapContent } from './build-recap';
import type { RecapPublisher } from './recap-store';

type RecapHandlers = Pick<
  PlanningHandlers,
  | 'previewRecap'
  | 'publishRecap'
  | 'unpublishRecap'
  | 'recapAudit'
  | 'issueFamilyLink'
  | 'revokeFamilyLink'
>;

/** A recap tells families what was done: only once the lesson has started. */
const PUBLISHABLE_STATES = new Set<LessonSession['state']>(['live', 'done']);

/**
 * The lesson's tutor or a teacher of one of its classes; nobody else (the capability
 * table already keeps out inspectors, the coordinator and every scoped credential).
 */
async function publisherOf(
  store: PlanningStore,
  principal: Principal,
  sessionId: string,
): Promise<{ session: LessonSession; publisher: RecapPublisher }> {
  const session = await visibleSession(store, principal, sessionId);
  const classes = await Promise.all(session.classIds.map((id) => store.getClass(id)));
  const { role, userId, name } = principal;
  const mine =
    role === 'tutor'
      ? session.tutorId === userId
      : classes.some((schoolClass) => schoolClass?.teacherId === userId);
  if (!mine || principal.scope !== undefined || (role !== 'tutor' && role !== 'teacher'))
    throw failure('forbidden', "only the lesson's tutor or its classes' teachers publish recaps");
  return { session, publisher: { userId, role, name } };
}

async function contentFor(store: PlanningStore, session: LessonSession, homeActivity: string) {
  const plan = unwrap(await store.getPlan(session.id));
  const wanted = new Set(plan.materialIds);
  const materials = (await store.listMaterials()).filter((material) => wanted.has(material.id));
  return buildRecapContent({ session, plan, materials, homeActivity });
}

/** The term a new family link belongs to: today's, or the next one during holidays. */
async function currentTerm(store: PlanningStore, now: Date) {
  const today = now.toISOString().slice(0, 10);
  const terms = (await store.listSchoolYears()).flatMap((year) => year.terms);
  return terms.find((term) => term.endDate >= today);
}

/**
 * Publishes a lesson's recap from its plan (no state check: the route checks the lesson has
 * started; the demo publishes one for a past lesson of its seeded history).
 */
export async function publishPlanRecap(
  store: PlanningStore,
  session: LessonSession,
  publisher: RecapPublisher,
  homeActivity: string,
) {
  return store.publishRecap(session.id, await contentFor(store, session, homeActivity), publisher);
}

/**
 * Issues a class's family link for the current (or coming) term, ending with it, and
 * revokes the class's earlier link; undefined when no term is current or coming.
 */
export async function issueFamilyLink(
  store: PlanningStore,
  input: { classId: string; now: Date; by: string; site: string },
) {
  const term = await currentTerm(store, input.now);
  if (!term) return undefined;
  // The link ends with the term: a new term means a new link (README, "Credentials").
  const expiresAt = parisWallClockToInstant(term.endDate, '23:59') ?? `${term.endDate}T23:59:00Z`;
  const { key, link } = await store.issueFamilyLink(input.classId, term.id, expiresAt, input.by);
  return {
    classId: input.classId,
    url: `${input.site}/familles/${encodeURIComponent(input.classId)}#cle=${key}`,
    feedUrl: `${input.site}/api/families/feeds/${link.feedToken}.atom`,
    termName: term.name,
    expiresAt: link.expiresAt,
  };
}

/** The site's origin as the caller reached the planning API (links point at the web app). */
const siteOf = (planningBaseUrl: string) => planningBaseUrl.replace(/\/api\/planning$/, '');

export function recapHandlers(
  store: PlanningStore,
  options: { now: () => Date; publicBaseUrl?: string },
): RecapHandlers {
  return {
    previewRecap: async ({ principal, params: { id } }) => {
      const { session } = await publisherOf(store, principal, id);
      // Editing a published recap starts from the home activity families already see.
      const current = await store.currentRecap(session.id);
      return { content: await contentFor(store, session, current?.content.homeActivity ?? '') };
    },
    publishRecap: async ({ principal, params: { id }, body }) => {
      const { session, publisher } = await publisherOf(store, principal, id);
      if (!PUBLISHABLE_STATES.has(session.state))
        throw failure('conflict', 'a recap is published once the lesson has started', {
          state: session.state,
        });
      return { recap: await publishPlanRecap(store, session, publisher, body.homeActivity) };
    },
    unpublishRecap: async ({ principal, params: { id } }) => {
      const { session, publisher } = await publisherOf(store, principal, id);
      const version = await store.unpublishRecap(session.id, publisher);
      if (version === 0) throw failure('not_found', 'this lesson has no published recap');
      return { unpublished: version };
    },
    recapAudit: async ({ principal, params: { id } }) => {
      const { session } = await publisherOf(store, principal, id);
      return {
        current: await store.currentRecap(session.id),
        audit: await store.recapAudit(session.id),
      };
    },
    issueFamilyLink: async ({ principal, params: { id }, baseUrl }) => {
      const schoolClass = found(await store.getClass(id), `class ${id}`);
      if (principal.role !== 'coordinator' && schoolClass.teacherId !== principal.userId)
        throw failure('forbidden', "only the class's teacher or the coordinator issues its link");
      const site = siteOf(options.publicBaseUrl ?? baseUrl);
      const input = { classId: id, now: options.now(), by: principal.userId, site };
      return found(await issueFamilyLink(store, input), 'a current or coming term');
    },
    revokeFamilyLink: async ({ principal, params: { id } }) => {
      const schoolClass = found(await store.getClass(id), `class ${id}`);
      if (principal.role !== 'coordinator' && schoolClass.teacherId !== principal.userId)
        throw failure('forbidden', "only the class's teacher or the coordinator revokes its link");
      return { revoked: await store.revokeFamilyLinks(id) };
    },
  };
}
