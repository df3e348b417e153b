import { createHash } from 'node:crypto';
import type { FeedSeries } from '../calendar/ical-feed';
import { buildLessonFeed } from '../calendar/ical-feed';
import type { LessonSession, Principal } from '../domain/model';
import type { PlanningStore } from '../store/open';
import type { FeedKind } from '../store/report-store';
import { requireCapability } from './access';
import { FileAnswer } from './adapter';
import { failure, found } from './http';
import type { PlanningHandlers } from './planning-handlers';

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

const FEED_FALLBACK_LIFETIME_MS = 365 * 24 * 60 * 60_000;

/**
 * A feed lives until the end of the school year it was created in (or of the next one,
 * when created in the summer), like a classroom key: a subscription left in a calendar app
 * stops with the year. Without a known school year, one year.
 */
export async function feedExpiry(store: PlanningStore, now: Date): Promise<Date> {
  const today = now.toISOString().slice(0, 10);
  const years = await store.listSchoolYears();
  const year = years.find((y) => y.endDate >= today);
  return year
    ? new Date(`${year.endDate}T23:59:59Z`)
    : new Date(now.getTime() + FEED_FALLBACK_LIFETIME_MS);
}

type FeedHandlers = Pick<PlanningHandlers, 'getFeed' | 'createFeed' | 'listFeeds' | 'revokeFeed'>;

/** Calendar apps cannot send our headers, so the feed URL carries an unguessable token. */
export function feedHandlers(
  store: PlanningStore,
  options: { publicBaseUrl?: string; now: () => Date },
): FeedHandlers {
  const base = (baseUrl: string) => options.publicBaseUrl ?? baseUrl;
  return {
    getFeed: async ({ params: { token } }) => {
      const feed = await store.resolveFeedToken(token);
      if (!feed) throw failure('not_found', 'unknown feed');
      if (Date.parse(feed.expiresAt) <= options.now().getTime())
        throw failure('not_found', `this feed expired on ${feed.expiresAt}; subscribe again`);
      const body = await buildFeedFor(store, feed.kind, feed.targetId);
      return new FileAnswer('ics', body, { contentType: 'text/calendar; charset=utf-8' });
    },
    createFeed: async ({ principal, body: { kind, id }, baseUrl }) => {
      await assertFeedAllowed(store, principal, kind, id);
      const expiresAt = await feedExpiry(store, options.now());
      const token = await store.createFeedToken(kind, id, principal.userId, expiresAt);
      const url = `${base(baseUrl)}/feeds/${token}.ics`;
      return { kind, id, feedId: feedId(token), url, expiresAt: expiresAt.toISOString() };
    },
    listFeeds: async ({ principal, baseUrl }) => {
      const feeds = await store.listFeedTokens(principal.userId);
      return {
        feeds: feeds.map((feed) => ({
          feedId: feedId(feed.token),
          kind: feed.kind,
          id: feed.targetId,
          createdAt: feed.createdAt,
          expiresAt: feed.expiresAt,
          url: `${base(baseUrl)}/feeds/${feed.token}.ics`,
        })),
      };
    },
    revokeFeed: async ({ principal, params: { id } }) => {
      const owner = principal.userId;
      const feed = (await store.listFeedTokens(owner)).find((f) => feedId(f.token) === id);
      if (!feed || !(await store.deleteFeedToken(feed.token, owner)))
        throw failure('not_found', 'no such feed of yours');
      return { revoked: id };
    },
  };
}
