import { createHash } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import type { FeedSeries } from '../calendar/ical-feed';
import { buildLessonFeed } from '../calendar/ical-feed';
import type { LessonSession, Principal } from '../domain/model';
import { IdSchema } from '../domain/model';
import type { PlanningStore } from '../store/open';
import type { FeedKind } from '../store/report-store';
import { requireCapability } from './access';
import { failure, found, json, parseInput, principalOf } from './http';

export const FeedRequestSchema = z
  .object({ kind: z.enum(['tutor', 'class', 'school', 'inspector']), id: IdSchema })
  .strict();
const TokenParamSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) });
const FeedIdParamSchema = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) });

/** A feed's public handle: the token itself never goes into a URL path that reaches logs. */
function feedId(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

/** Lessons of one feed target, cancelled ones included so the series can EXDATE them. */
async function feedSessions(
  store: PlanningStore,
  kind: FeedKind,
  id: string,
): Promise<LessonSession[]> {
  const all = { includeCancelled: true };
  switch (kind) {
    case 'tutor':
      return store.listSessions({ ...all, tutorId: id });
    case 'class':
      return store.listSessions({ ...all, classIds: [id] });
    case 'school':
      return store.listSessions({ ...all, schoolId: id });
    case 'inspector': {
      const inspections = await store.listInspections({ inspectorId: id });
      const sessions = await Promise.all(inspections.map((i) => store.getSession(i.sessionId)));
      return sessions.filter((s): s is LessonSession => s !== undefined && s.state !== 'cancelled');
    }
  }
}

export async function buildFeedFor(store: PlanningStore, kind: FeedKind, id: string) {
  const sessions = await feedSessions(store, kind, id);
  const series: FeedSeries[] = [];
  const plannedAt = new Map<string, string | null>();
  for (const slotId of new Set(sessions.map((s) => s.slotId).filter((s) => s !== null))) {
    // Retired slots too: the past lessons they keep stay in their series, under their UID.
    const slot = await store.getSlot(slotId, { includeRetired: true });
    const term = slot && (await store.getTerm(slot.termId));
    plannedAt.set(slotId, slot?.plannedAt ?? null);
    if (slot && term && kind !== 'inspector')
      series.push({ slot, term, plannedAt: slot.plannedAt });
  }
  const tutors = new Map((await store.listTutors()).map((t) => [t.id, t.name]));
  const classes = new Map((await store.listClasses()).map((c) => [c.id, c.name]));
  return buildLessonFeed({
    name: `Passerelle – ${kind} ${id}`,
    series,
    sessions,
    // DTSTAMP is the lesson's last change (or its planning), never the time of the fetch.
    plannedAt: (session) => (session.slotId ? (plannedAt.get(session.slotId) ?? null) : null),
    describe: (s) =>
      `English – ${s.classIds.map((c) => classes.get(c) ?? c).join(' + ')} with ${tutors.get(s.tutorId) ?? s.tutorId}`,
  });
}

async function assertFeedAllowed(
  store: PlanningStore,
  principal: Principal,
  kind: FeedKind,
  id: string,
) {
  requireCapability(principal, 'feed.subscribe');
  const target =
    kind === 'tutor'
      ? await store.getTutor(id)
      : kind === 'class'
        ? await store.getClass(id)
        : kind === 'school'
          ? await store.getSchool(id)
          : await store.getInspector(id);
  found(target, `${kind} ${id}`);
  if (principal.role === 'coordinator' || principal.role === 'inspector') {
    if (principal.role === 'inspector' && kind === 'inspector' && id !== principal.userId)
      throw failure('forbidden', "another inspector's visits are not yours to subscribe to");
    return;
  }
  const schoolClass = kind === 'class' ? await store.getClass(id) : undefined;
  const allowed =
    (principal.role === 'tutor' && kind === 'tutor' && id === principal.userId) ||
    (principal.role === 'teacher' && schoolClass?.teacherId === principal.userId);
  if (!allowed)
    throw failure('forbidden', `a ${principal.role} may not subscribe to ${kind} ${id}`);
}

/** Calendar apps cannot send our headers, so the feed URL carries an unguessable token. */
export function publicFeedRoutes(store: PlanningStore): express.Router {
  const router = express.Router();
  router.get('/feeds/:token.ics', async (req, res) => {
    const { token } = parseInput(TokenParamSchema, req.params, 'feed token');
    const feed = await store.resolveFeedToken(token);
    if (!feed) throw failure('not_found', 'unknown feed');
    const body = await buildFeedFor(store, feed.kind, feed.targetId);
    res.type('text/calendar; charset=utf-8').send(body);
  });
  return router;
}

export function feedRoutes(
  store: PlanningStore,
  publicBaseUrl: string | undefined,
): express.Router {
  const router = express.Router();
  router.post(
    '/feeds',
    json(async (req, res) => {
      const principal = principalOf(res);
      const { kind, id } = parseInput(FeedRequestSchema, req.body, 'feed');
      await assertFeedAllowed(store, principal, kind, id);
      const token = await store.createFeedToken(kind, id, principal.userId);
      const base =
        publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
      return { kind, id, feedId: feedId(token), url: `${base}/feeds/${token}.ics` };
    }, 201),
  );
  router.get(
    '/feeds',
    json(async (req, res) => {
      const feeds = await store.listFeedTokens(principalOf(res).userId);
      const base =
        publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
      return {
        feeds: feeds.map((feed) => ({
          feedId: feedId(feed.token),
          kind: feed.kind,
          id: feed.targetId,
          createdAt: feed.createdAt,
          url: `${base}/feeds/${feed.token}.ics`,
        })),
      };
    }),
  );
  router.delete(
    '/feeds/:id',
    json(async (req, res) => {
      const { id } = parseInput(FeedIdParamSchema, req.params, 'feed id');
      const owner = principalOf(res).userId;
      const feed = (await store.listFeedTokens(owner)).find((f) => feedId(f.token) === id);
      if (!feed || !(await store.deleteFeedToken(feed.token, owner)))
        throw failure('not_found', 'no such feed of yours');
      return { revoked: id };
    }),
  );
  return router;
}
