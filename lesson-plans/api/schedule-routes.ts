import express from 'express';
import { z } from 'zod';
import { inZone } from '../calendar/recurrence';
import type { LessonSession, Principal } from '../domain/model';
import {
  IdSchema,
  InstantSchema,
  LocalDateSchema,
  LocalTimeSchema,
  NewWeeklySlotSchema,
  TimeZoneSchema,
} from '../domain/model';
import type { PlanningStore } from '../store/open';
import type { JoinLink, JoinLinkRequest, PlanningRouterDeps } from './router-types';
import {
  can as mayPlan,
  displayZone,
  inScope,
  requireCapability,
  sessionScope,
  visibleSession,
} from './access';
import { failure, found, json, parseInput, principalOf, unwrap } from './http';

const IdParamSchema = z.object({ id: IdSchema });
export const SessionQuerySchema = z.object({
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
  tutorId: IdSchema.optional(),
  classId: IdSchema.optional(),
  schoolId: IdSchema.optional(),
  includeCancelled: z.enum(['true', 'false']).optional(),
  tz: TimeZoneSchema.optional(),
});
export const TzQuerySchema = z.object({ tz: TimeZoneSchema.optional() });
export const MoveSchema = z.object({ date: LocalDateSchema, startTime: LocalTimeSchema }).strict();
/** `scheduled` only undoes a live/done marked by mistake, which only the coordinator may. */
export const StateSchema = z
  .object({ state: z.enum(['scheduled', 'live', 'done', 'cancelled']) })
  .strict();
export const SlotQuerySchema = z.object({
  termId: IdSchema.optional(),
  tutorId: IdSchema.optional(),
});
/** `replacing`: the slot being edited, whose upcoming lessons the new version would cancel. */
export const SlotCheckSchema = NewWeeklySlotSchema.extend({ replacing: IdSchema.optional() });
/** The server picks the replacement's id (see replaceSlot), so the body may not name one. */
export const SlotReplacementSchema = NewWeeklySlotSchema.omit({ id: true }).strict();

/** A session as shown to one person: UTC instants plus the wall clock of their zone. */
export function sessionView(session: LessonSession, timeZone: string) {
  return {
    ...session,
    display: { start: inZone(session.startsAt, timeZone), end: inZone(session.endsAt, timeZone) },
  };
}

export function scheduleRoutes(deps: PlanningRouterDeps): express.Router {
  const { store } = deps;
  const router = express.Router();
  const can = (res: express.Response, capability: Parameters<typeof requireCapability>[1]) =>
    requireCapability(principalOf(res), capability);

  router.get(
    '/slots',
    json(async (req, res) => {
      can(res, 'schedule.read');
      const principal = principalOf(res);
      const filter = parseInput(SlotQuerySchema, req.query, 'query');
      const scope = await sessionScope(store, principal);
      const slots = (await store.listSlots(filter)).filter((slot) => inScope(scope, slot));
      return { slots };
    }),
  );
  router.post(
    '/slots/check',
    json(async (req, res) => {
      can(res, 'schedule.write');
      const { replacing, ...slot } = parseInput(SlotCheckSchema, req.body, 'slot');
      const plan = unwrap(await store.checkSlotConflicts(slot, replacing));
      const skipped = plan.occurrences.filter((o) => o.dayOff);
      return {
        ok: plan.conflicts.length === 0,
        conflicts: plan.conflicts,
        lessons: plan.occurrences.length - skipped.length,
        skipped,
      };
    }),
  );
  router.post(
    '/slots',
    json(async (req, res) => {
      can(res, 'schedule.write');
      const created = unwrap(
        await store.createSlot(parseInput(NewWeeklySlotSchema, req.body, 'slot')),
      );
      return { slot: created.slot, sessions: created.sessions.length };
    }, 201),
  );
  router.put(
    '/slots/:id',
    json(async (req, res) => {
      can(res, 'schedule.write');
      const { id } = parseInput(IdParamSchema, req.params, 'slot id');
      const input = parseInput(SlotReplacementSchema, req.body, 'slot');
      const replaced = unwrap(await store.replaceSlot(id, input));
      return {
        slot: replaced.slot,
        sessions: replaced.sessions.length,
        replacedSlotId: replaced.replacedSlotId,
        cancelledSessionIds: replaced.cancelledSessionIds,
      };
    }),
  );
  router.delete(
    '/slots/:id',
    json(async (req, res) => {
      can(res, 'schedule.write');
      return unwrap(await store.deleteSlot(parseInput(IdParamSchema, req.params, 'slot id').id));
    }),
  );

  router.get(
    '/sessions',
    json(async (req, res) => {
      can(res, 'schedule.read');
      const principal = principalOf(res);
      const query = parseInput(SessionQuerySchema, req.query, 'query');
      const sessions = await listVisibleSessions(store, principal, query);
      const zone = await displayZone(store, principal, query.tz);
      return { timeZone: zone, sessions: sessions.map((session) => sessionView(session, zone)) };
    }),
  );
  router.get(
    '/sessions/:id',
    json(async (req, res) => {
      can(res, 'schedule.read');
      const principal = principalOf(res);
      const { id } = parseInput(IdParamSchema, req.params, 'session id');
      const { tz } = parseInput(TzQuerySchema, req.query, 'query');
      const session = await visibleSession(store, principal, id);
      return { session: sessionView(session, await displayZone(store, principal, tz)) };
    }),
  );
  router.post(
    '/sessions/:id/move',
    json(async (req, res) => {
      can(res, 'schedule.write');
      const { id } = parseInput(IdParamSchema, req.params, 'session id');
      const move = parseInput(MoveSchema, req.body, 'move');
      return { session: unwrap(await store.moveSession(id, move)) };
    }),
  );
  router.post(
    '/sessions/:id/state',
    json(async (req, res) => {
      const principal = principalOf(res);
      const { state } = parseInput(StateSchema, req.body, 'state');
      // Cancelling and reverting are planning; marking live/done is running the lesson.
      const planning = state === 'cancelled' || state === 'scheduled';
      can(res, planning ? 'schedule.write' : 'session.run');
      const session = await visibleSession(
        store,
        principal,
        parseInput(IdParamSchema, req.params, 'id').id,
      );
      const revert = mayPlan(principal, 'schedule.write');
      return { session: unwrap(await store.setSessionState(session.id, state, { revert })) };
    }),
  );
  router.post(
    '/sessions/:id/join-links',
    json(async (req, res) => {
      can(res, 'session.join');
      const principal = principalOf(res);
      const session = await visibleSession(
        store,
        principal,
        parseInput(IdParamSchema, req.params, 'id').id,
      );
      if (!['scheduled', 'moved', 'live'].includes(session.state))
        throw failure('conflict', `a ${session.state} lesson has no join link`);
      const participants = await joinRequests(store, principal, session);
      const links: JoinLink[] = await deps.issueJoinLinks(
        { sessionId: session.id, startsAt: session.startsAt, endsAt: session.endsAt },
        participants,
      );
      return { links };
    }),
  );
  router.get(
    '/classes/:id/current-session',
    json(async (req, res) => {
      can(res, 'schedule.read');
      const principal = principalOf(res);
      const { id } = parseInput(IdParamSchema, req.params, 'class id');
      const schoolClass = await store.getClass(id);
      const scope = await sessionScope(store, principal);
      if (!schoolClass || !inScope(scope, { tutorId: '', classIds: [id] }))
        throw failure('not_found', `class ${id} not found`);
      const current = found(
        await store.findClassroomSession(id),
        `upcoming lesson for class ${id}`,
      );
      const zone = await displayZone(
        store,
        principal,
        parseInput(TzQuerySchema, req.query, 'query').tz,
      );
      return { ...current, session: sessionView(current.session, zone) };
    }),
  );
  return router;
}

async function listVisibleSessions(
  store: PlanningStore,
  principal: Principal,
  query: z.infer<typeof SessionQuerySchema>,
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
