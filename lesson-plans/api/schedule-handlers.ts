import { inZone } from '../calendar/recurrence';
import type { JoinLinkRequest, SessionQuery } from '../contract/planning-schemas';
import type { LessonSession, Principal } from '../domain/model';
import type { PlanningStore } from '../store/open';
import type { JoinLink, PlanningRouterDeps } from './router-types';
import {
  can as mayPlan,
  displayZone,
  inScope,
  requireCapability,
  sessionScope,
  visibleSession,
} from './access';
import { failure, found, unwrap } from './http';
import type { PlanningHandlers } from './planning-handlers';

type ScheduleHandlers = Pick<
  PlanningHandlers,
  | 'listSlots'
  | 'checkSlot'
  | 'createSlot'
  | 'replaceSlot'
  | 'deleteSlot'
  | 'listSessions'
  | 'getSession'
  | 'moveSession'
  | 'setSessionState'
  | 'joinLinks'
  | 'currentSession'
>;

/** A session as shown to one person: UTC instants plus the wall clock of their zone. */
export function sessionView(session: LessonSession, timeZone: string) {
  return {
    ...session,
    display: { start: inZone(session.startsAt, timeZone), end: inZone(session.endsAt, timeZone) },
  };
}

/** Weekly slots, lesson sessions and join links. */
export function scheduleHandlers(deps: PlanningRouterDeps): ScheduleHandlers {
  const { store } = deps;
  return {
    listSlots: async ({ principal, query }) => {
      const scope = await sessionScope(store, principal);
      return { slots: (await store.listSlots(query)).filter((slot) => inScope(scope, slot)) };
    },
    checkSlot: async ({ body: { replacing, ...slot } }) => {
      const plan = unwrap(await store.checkSlotConflicts(slot, replacing));
      const skipped = plan.occurrences.filter((o) => o.dayOff);
      return {
        ok: plan.conflicts.length === 0,
        conflicts: plan.conflicts,
        lessons: plan.occurrences.length - skipped.length,
        skipped,
      };
    },
    createSlot: async ({ body }) => {
      const created = unwrap(await store.createSlot(body));
      return { slot: created.slot, sessions: created.sessions.length };
    },
    replaceSlot: async ({ params: { id }, body }) => {
      const replaced = unwrap(await store.replaceSlot(id, body));
      return {
        slot: replaced.slot,
        sessions: replaced.sessions.length,
        replacedSlotId: replaced.replacedSlotId,
        cancelledSessionIds: replaced.cancelledSessionIds,
      };
    },
    deleteSlot: async ({ params: { id } }) => unwrap(await store.deleteSlot(id)),
    listSessions: async ({ principal, query }) => {
      const sessions = await listVisibleSessions(store, principal, query);
      const zone = await displayZone(store, principal, query.tz);
      return { timeZone: zone, sessions: sessions.map((session) => sessionView(session, zone)) };
    },
    getSession: async ({ principal, params: { id }, query: { tz } }) => {
      const session = await visibleSession(store, principal, id);
      return { session: sessionView(session, await displayZone(store, principal, tz)) };
    },
    moveSession: async ({ params: { id }, body }) => ({
      session: unwrap(await store.moveSession(id, body)),
    }),
    setSessionState: async ({ principal, params: { id }, body: { state } }) => {
      // Cancelling and reverting are planning; marking live/done is running the lesson.
      const planning = state === 'cancelled' || state === 'scheduled';
      requireCapability(principal, planning ? 'schedule.write' : 'session.run');
      const session = await visibleSession(store, principal, id);
      const revert = mayPlan(principal, 'schedule.write');
      return { session: unwrap(await store.setSessionState(session.id, state, { revert })) };
    },
    joinLinks: async ({ principal, params: { id } }) => {
      const session = await visibleSession(store, principal, id);
      if (!['scheduled', 'moved', 'live'].includes(session.state))
        throw failure('conflict', `a ${session.state} lesson has no join link`);
      const participants = await joinRequests(store, principal, session);
      const links: JoinLink[] = await deps.issueJoinLinks(
        { sessionId: session.id, startsAt: session.startsAt, endsAt: session.endsAt },
        participants,
      );
      return { links };
    },
    currentSession: async ({ principal, params: { id }, query: { tz } }) => {
      const schoolClass = await store.getClass(id);
      const scope = await sessionScope(store, principal);
      if (!schoolClass || !inScope(scope, { tutorId: '', classIds: [id] }))
        throw failure('not_found', `class ${id} not found`);
      const current = found(
        await store.findClassroomSession(id),
        `upcoming lesson for class ${id}`,
      );
      const zone = await displayZone(store, principal, tz);
      return { ...current, session: sessionView(current.session, zone) };
    },
  };
}

async function listVisibleSessions(
  store: PlanningStore,
  principal: Principal,
  query: SessionQuery,
) {
  const scope = await sessionScope(store, principal);
  const tutorId = query.tutorId ?? scope.tutorId;
  const classIds = query.classId ? [query.classId] : scope.classIds;
  // The store ORs tutor and classes (what conflict checks need); listing wants AND.
  const sessions = await store.listSessions({
    from: query.from,
    to: query.to,
    tutorId,
    classIds: tutorId ? undefined : classIds,
    schoolId: query.schoolId,
    includeCancelled: query.includeCancelled === 'true',
  });
  return sessions.filter(
    (session) =>
      inScope(scope, session) &&
      (!classIds || session.classIds.some((id) => classIds.includes(id))),
  );
}

/** Each principal gets the link of the role they play; the coordinator gets every link. */
async function joinRequests(
  store: PlanningStore,
  principal: Principal,
  session: LessonSession,
): Promise<JoinLinkRequest[]> {
  const tutor = await store.getTutor(session.tutorId);
  const classes = (await Promise.all(session.classIds.map((id) => store.getClass(id)))).filter(
    (schoolClass) => schoolClass !== undefined,
  );
  const tutorLink: JoinLinkRequest = {
    role: 'tutor',
    name: tutor?.name ?? session.tutorId,
    subject: session.tutorId,
  };
  const classroomLinks = (teacherId?: string) =>
    classes
      .filter((schoolClass) => !teacherId || schoolClass.teacherId === teacherId)
      .map((schoolClass): JoinLinkRequest => ({
        role: 'classroom',
        name: schoolClass.name,
        subject: schoolClass.id,
      }));
  switch (principal.role) {
    case 'coordinator':
      return [tutorLink, ...classroomLinks()];
    case 'tutor':
      return [tutorLink];
    case 'teacher':
      return classroomLinks(principal.userId);
    case 'inspector':
      return [{ role: 'inspector', name: principal.name, subject: principal.userId }];
  }
}
