import type express from 'express';
import type { Principal } from '../domain/model';
import type { PlanningStore } from '../store/open';
import type { Capability } from './access';
import { can } from './access';
import { failure, principalOf } from './http';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How a lesson token's one lesson is found in a request it may make: the `:id` of a
 * /sessions path, the inspection named by the path, or `sessionId` in the body or query.
 */
export type LessonBinding = 'session-param' | 'inspection-param' | 'session-body' | 'session-query';

export interface DeclaredRoute {
  method: Method;
  path: string;
  /** The principal needs one of these; the handler narrows further when the body decides. */
  capabilities: readonly [Capability, ...Capability[]];
  /** Reachable with a lesson page's token, for that lesson only. */
  lesson?: LessonBinding;
  /** Body fields a lesson token may send (the tutor's handover note), when narrower than the route's. */
  lessonBody?: readonly string[];
  /** Reachable with a classroom whiteboard's key (read-only routes of its own class's lessons). */
  device?: true;
}

const route = (
  method: Method,
  path: string,
  capabilities: DeclaredRoute['capabilities'],
  extra: Omit<DeclaredRoute, 'method' | 'path' | 'capabilities'> = {},
): DeclaredRoute => ({ method, path, capabilities, ...extra });

/**
 * Every authenticated route of /api/planning and who may call it. The gate refuses any
 * request that matches no row, so a handler registered without a row cannot be reached
 * (deny by default), and a scoped credential reaches only the rows that name its kind.
 */
export const PLANNING_ROUTES: readonly DeclaredRoute[] = [
  route('GET', '/schools', ['directory.read']),
  route('GET', '/schools/:id', ['directory.read']),
  route('POST', '/schools', ['directory.write']),
  route('GET', '/classes', ['directory.read']),
  route('GET', '/classes/:id', ['directory.read']),
  route('POST', '/classes', ['directory.write']),
  route('GET', '/tutors', ['directory.read']),
  route('POST', '/tutors', ['directory.write']),
  route('GET', '/inspectors', ['directory.read']),
  route('POST', '/inspectors', ['directory.write']),
  route('GET', '/school-years', ['directory.read']),
  route('POST', '/school-years', ['directory.write']),
  route('GET', '/holidays', ['directory.read']),
  route('POST', '/holidays/import', ['holiday.import']),
  route('POST', '/holidays/import/preview', ['holiday.import']),
  route('POST', '/holidays/import/apply', ['holiday.import']),
  route('GET', '/feeds', ['feed.subscribe']),
  route('POST', '/feeds', ['feed.subscribe']),
  route('DELETE', '/feeds/:id', ['feed.subscribe']),
  route('GET', '/inspections', ['inspection.read'], { lesson: 'session-query' }),
  route('POST', '/inspections', ['inspection.write'], { lesson: 'session-body' }),
  route('GET', '/inspections/:id', ['inspection.read'], { lesson: 'inspection-param' }),
  route('PATCH', '/inspections/:id', ['inspection.write']),
  route('POST', '/inspections/:id/notes', ['inspection.write'], { lesson: 'inspection-param' }),
  route('POST', '/inspections/:id/sign-off', ['inspection.write']),
  route('GET', '/inspections/:id/export', ['inspection.read']),
  route('GET', '/reports/:kind', ['report.read']),
  route('GET', '/reports/:kind/export.xlsx', ['report.read']),
  route('GET', '/sessions/:id/plan', ['plan.read'], { lesson: 'session-param', device: true }),
  route('PUT', '/sessions/:id/plan', ['plan.write'], {
    lesson: 'session-param',
    lessonBody: ['handoverNote', 'expectedVersion'],
  }),
  route('GET', '/sessions/:id/plan/history', ['plan.read']),
  route('POST', '/sessions/:id/plan/apply-template', ['plan.write']),
  route('GET', '/sessions/:id/materials', ['plan.read'], { lesson: 'session-param', device: true }),
  route('GET', '/sessions/:id/materials/:materialId/content', ['plan.read'], {
    lesson: 'session-param',
    device: true,
  }),
  route('GET', '/materials', ['plan.read']),
  route('POST', '/materials', ['plan.write']),
  route('GET', '/materials/:id/content', ['plan.read']),
  route('GET', '/templates', ['plan.read']),
  route('POST', '/templates', ['plan.write']),
  route('GET', '/slots', ['schedule.read']),
  route('POST', '/slots/check', ['schedule.write']),
  route('POST', '/slots', ['schedule.write']),
  route('PUT', '/slots/:id', ['schedule.write']),
  route('DELETE', '/slots/:id', ['schedule.write']),
  route('GET', '/sessions', ['schedule.read']),
  route('GET', '/sessions/:id', ['schedule.read']),
  route('POST', '/sessions/:id/move', ['schedule.write']),
  route('POST', '/sessions/:id/state', ['session.run', 'schedule.write']),
  route('POST', '/sessions/:id/join-links', ['session.join']),
  route('GET', '/classes/:id/current-session', ['schedule.read']),
];

interface Matcher {
  route: DeclaredRoute;
  pattern: RegExp;
}

const MATCHERS: readonly Matcher[] = PLANNING_ROUTES.map((declared) => ({
  route: declared,
  pattern: new RegExp(
    '^' +
      declared.path
        .split(/(:[A-Za-z]+)/)
        .map((part) =>
          part.startsWith(':')
            ? `(?<${part.slice(1)}>[^/]+)`
            : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('') +
      '/?$',
  ),
}));

export function findRoute(
  method: string,
  path: string,
): { route: DeclaredRoute; params: Record<string, string> } | null {
  for (const { route: declared, pattern } of MATCHERS) {
    if (declared.method !== method) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(match.groups ?? {})) {
      params[key] = safeDecode(value);
    }
    return { route: declared, params };
  }
  return null;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The one place where a REST request is checked against its route's declaration. */
export function routeGate(store: PlanningStore): express.RequestHandler {
  return (req, res, next) => {
    const found = findRoute(req.method, req.path);
    if (!found) throw failure('not_found', 'no such endpoint');
    const principal = principalOf(res);
    const { route: declared, params } = found;
    if (!declared.capabilities.some((capability) => can(principal, capability)))
      throw failure('forbidden', `a ${describe(principal)} may not call ${declared.path}`);
    if (principal.scope?.kind === 'device' && !declared.device)
      throw failure('forbidden', 'a classroom key only reads its own lessons');
    if (principal.scope?.kind !== 'lesson') return next();
    checkLesson(store, principal, declared, params, req).then(() => next(), next);
  };
}

function describe(principal: Principal): string {
  if (principal.scope?.kind === 'device') return 'classroom key';
  if (principal.scope?.kind === 'lesson') return `${principal.scope.lessonRole}'s lesson link`;
  return principal.role;
}

async function checkLesson(
  store: PlanningStore,
  principal: Principal,
  declared: DeclaredRoute,
  params: Record<string, string>,
  req: express.Request,
): Promise<void> {
  if (principal.scope?.kind !== 'lesson' || !declared.lesson)
    throw failure('forbidden', 'a lesson link only reaches its own lesson');
  const sessionId = principal.scope.sessionId;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const query = req.query as Record<string, unknown>;
  if (declared.lessonBody && Object.keys(body).some((key) => !declared.lessonBody?.includes(key)))
    throw failure('forbidden', `a lesson link may only send ${declared.lessonBody.join(', ')}`);
  // Other lessons read as absent, as they do for people out of scope.
  const absent = () => failure('not_found', 'not found');
  switch (declared.lesson) {
    case 'session-param':
      if (params.id !== sessionId) throw absent();
      return;
    case 'session-body':
      if (body.sessionId !== sessionId) throw absent();
      return;
    case 'session-query':
      if (query.sessionId !== sessionId || query.inspectorId !== principal.userId) throw absent();
      return;
    case 'inspection-param': {
      const inspection = params.id ? await store.getInspection(params.id) : undefined;
      if (inspection?.sessionId !== sessionId || inspection.inspectorId !== principal.userId)
        throw absent();
    }
  }
}
