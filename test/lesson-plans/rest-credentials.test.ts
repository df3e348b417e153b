import type express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLANNING_ROUTES, createPlanningRouter, type DeclaredRoute } from '../../lesson-plans';
import { can } from '../../lesson-plans/api/access';
import type { Principal } from '../../lesson-plans';
import { addToPlan, solidPng, uploadMaterial } from '../helpers/materials';
import { startTestServer, type TestServer } from '../helpers/server';

/** "Today": a Saturday in term 1, so upcoming lessons are known. */
const NOW = new Date('2026-11-28T10:00:00Z');
/** Emily's Monday lesson with CE2 and CM2 Jaurès, nine days ahead. */
const LESSON = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-07';
const OTHER_LESSON = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-14';
const CLASS = 'ecole-jaures-ce2';
const INSPECTOR = 'inspector-martin';

type Kind =
  | 'coordinator'
  | 'tutor'
  | 'teacher'
  | 'inspector'
  | 'device'
  | 'lesson:tutor'
  | 'lesson:classroom'
  | 'lesson:inspector'
  | 'lesson:coordinator'
  | 'other-lesson'
  | 'expired'
  | 'revoked'
  | 'none';

describe('REST credentials: every route × every principal, as the route table declares', () => {
  let server: TestServer;
  const clock = NOW;
  const tokens = new Map<Kind, string | null>();
  const principals = new Map<Kind, Principal>();
  let materialId = '';
  let inspectionId = '';

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true, now: () => clock });
    const store = server.planning!;
    const teacherId = (await store.getClass(CLASS))!.teacherId;
    const api = server.apiTokens;
    const lesson = (role: 'tutor' | 'classroom' | 'inspector' | 'coordinator', subject: string) =>
      server.tokens.mint({ sessionId: LESSON, role, displayName: role, subject });
    tokens.set('coordinator', await api.mint('coordinator', 'coord-1', 'Mairie'));
    tokens.set('tutor', await api.mint('tutor', 'tutor-emily', 'Emily'));
    tokens.set('teacher', await api.mint('teacher', teacherId, 'Teacher'));
    tokens.set('inspector', await api.mint('inspector', INSPECTOR, 'Claire'));
    tokens.set('device', await api.mint('classroom', CLASS, 'CE2'));
    tokens.set('lesson:tutor', await lesson('tutor', 'tutor-emily'));
    tokens.set('lesson:classroom', await lesson('classroom', CLASS));
    tokens.set('lesson:inspector', await lesson('inspector', INSPECTOR));
    tokens.set('lesson:coordinator', await lesson('coordinator', 'coord-1'));
    tokens.set(
      'other-lesson',
      await server.tokens.mint({
        sessionId: OTHER_LESSON,
        role: 'tutor',
        displayName: 'Emily',
        subject: 'tutor-emily',
      }),
    );
    tokens.set('expired', await api.mint('coordinator', 'coord-1', 'Mairie', -60));
    tokens.set('revoked', await api.mint('tutor', 'tutor-oliver', 'Oliver'));
    await store.bumpCredentialVersion('person', 'tutor-oliver');
    tokens.set('none', null);

    const person = (role: Principal['role'], userId: string): Principal => ({
      role,
      userId,
      name: role,
    });
    principals.set('coordinator', person('coordinator', 'coord-1'));
    principals.set('tutor', person('tutor', 'tutor-emily'));
    principals.set('teacher', person('teacher', teacherId));
    principals.set('inspector', person('inspector', INSPECTOR));
    const scoped = (role: Principal['role'], userId: string, lessonRole: string): Principal => ({
      ...person(role, userId),
      scope: { kind: 'lesson', sessionId: LESSON, lessonRole: lessonRole as 'tutor' },
    });
    principals.set('device', {
      ...person('teacher', teacherId),
      scope: { kind: 'device', classId: CLASS },
    });
    principals.set('lesson:tutor', scoped('tutor', 'tutor-emily', 'tutor'));
    principals.set('lesson:classroom', scoped('teacher', teacherId, 'classroom'));
    principals.set('lesson:inspector', scoped('inspector', INSPECTOR, 'inspector'));
    principals.set('lesson:coordinator', scoped('coordinator', 'coord-1', 'coordinator'));

    const png = await uploadMaterial(server, tokens.get('tutor')!, {
      bytes: solidPng(),
      type: 'image/png',
      name: 'Square',
      kind: 'image',
    });
    materialId = ((await png.json()) as { material: { id: string } }).material.id;
    await addToPlan(server, tokens.get('tutor')!, LESSON, materialId);
    inspectionId = (await store.createInspection(LESSON, INSPECTOR)).ok
      ? (await store.listInspections({ sessionId: LESSON }))[0]!.id
      : '';
  }, 60_000);

  afterAll(async () => server?.close());

  /** A request that reaches each route's own checks, with ids of the lesson under test. */
  function requestFor(route: DeclaredRoute): { path: string; init: RequestInit } {
    const ids: Record<string, string> = {
      '/sessions/:id': LESSON,
      '/inspections/:id': inspectionId,
      '/classes/:id': CLASS,
      '/schools/:id': 'ecole-jaures',
      // Writes that would succeed must not change the town: unknown ids answer 404.
      '/slots/:id': 'slot-that-does-not-exist',
      '/feeds/:id': '0123456789abcdef',
      '/materials/:id': materialId,
    };
    let path = route.path.replace(':materialId', materialId).replace(':kind', 'attendance');
    for (const [prefix, id] of Object.entries(ids)) {
      if (path.startsWith(prefix)) path = path.replace(':id', id);
    }
    const query =
      route.lesson === 'session-query' ? `?sessionId=${LESSON}&inspectorId=${INSPECTOR}` : '';
    const body = route.lesson === 'session-body' ? { sessionId: LESSON } : {};
    const init: RequestInit =
      route.method === 'GET' || route.method === 'DELETE'
        ? { method: route.method }
        : { method: route.method, body: JSON.stringify(body) };
    return { path: path + query, init };
  }

  async function call(kind: Kind, route: DeclaredRoute) {
    const { path, init } = requestFor(route);
    const token = tokens.get(kind);
    const response = await fetch(`${server.url}/api/planning${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
    const body = (await response.json().catch(() => ({}))) as { error?: { code: string } };
    return { status: response.status, code: body.error?.code };
  }

  /** What the table says: 'allowed' means past the gate (the handler may still answer 400/404/409). */
  function expected(
    kind: Kind,
    route: DeclaredRoute,
  ): 'allowed' | 'unauthenticated' | 'forbidden' | 'not_found' {
    if (kind === 'expired' || kind === 'revoked' || kind === 'none') return 'unauthenticated';
    // Emily's link for another lesson: this lesson reads as absent where her link could go at all.
    if (kind === 'other-lesson') {
      const reach =
        route.lesson && route.capabilities.some((c) => can(principals.get('lesson:tutor')!, c));
      return reach ? 'not_found' : 'forbidden';
    }
    const principal = principals.get(kind)!;
    if (!route.capabilities.some((capability) => can(principal, capability))) return 'forbidden';
    if (principal.scope?.kind === 'device') return route.device ? 'allowed' : 'forbidden';
    if (principal.scope?.kind === 'lesson') return route.lesson ? 'allowed' : 'forbidden';
    return 'allowed';
  }

  const KINDS: Kind[] = [
    'coordinator',
    'tutor',
    'teacher',
    'inspector',
    'device',
    'lesson:tutor',
    'lesson:classroom',
    'lesson:inspector',
    'lesson:coordinator',
    'other-lesson',
    'expired',
    'revoked',
    'none',
  ];

  /** The first kind the table lets through, so malformed input reaches the route's own parsing. */
  const allowedKind = (route: DeclaredRoute): Kind =>
    (['coordinator', 'inspector', 'tutor'] as const).find((kind) =>
      route.capabilities.some((capability) => can(principals.get(kind)!, capability)),
    )!;

  it('answers malformed input on every route with invalid_request or not_found, never 500', async () => {
    const problems: string[] = [];
    const hostileIds = ['%E0%A4%A', 'a'.repeat(300), '..%2F..%2Fetc', 'x y'];
    for (const route of PLANNING_ROUTES) {
      const token = tokens.get(allowedKind(route))!;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const { path } = requestFor(route);
      const attempts: [string, RequestInit][] = [];
      for (const id of hostileIds) {
        const hostile = route.path.replace(/:[A-Za-z]+/g, id);
        attempts.push([hostile, { method: route.method, headers }]);
      }
      if (route.method !== 'GET' && route.method !== 'DELETE') {
        for (const body of [
          '{not json',
          '[1,2,3]',
          '"text"',
          JSON.stringify({ x: 1, expectedVersion: -1 }),
        ])
          attempts.push([path, { method: route.method, headers, body }]);
      } else {
        attempts.push([
          `${path}${path.includes('?') ? '&' : '?'}from=yesterday&tz=Mars%2FOlympus&termId=&format=exe`,
          { method: route.method, headers },
        ]);
      }
      for (const [target, init] of attempts) {
        const response = await fetch(`${server.url}/api/planning${target}`, init);
        const body = (await response.json().catch(() => ({}))) as { error?: { code: string } };
        const fine =
          response.status < 500 &&
          (response.ok ||
            ['invalid_request', 'not_found', 'conflict', 'forbidden'].includes(
              body.error?.code ?? '',
            ));
        if (!fine)
          problems.push(`${route.method} ${target} ${String(init.body ?? '')}: ${response.status}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(KINDS)('answers %s on every route exactly as declared', async (kind) => {
    const mismatches: string[] = [];
    for (const route of PLANNING_ROUTES) {
      const want = expected(kind, route);
      const { status, code } = await call(kind, route);
      const got =
        status === 401
          ? 'unauthenticated'
          : status === 403
            ? 'forbidden'
            : status >= 500
              ? 'internal'
              : 'allowed';
      const ok =
        want === 'allowed'
          ? got === 'allowed'
          : want === 'not_found'
            ? status === 404 && code === 'not_found'
            : got === want && code === want;
      if (!ok)
        mismatches.push(`${route.method} ${route.path}: want ${want}, got ${status} ${code ?? ''}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('the route table', () => {
  it('lists every route the planning router registers, each with a capability', () => {
    const router = createPlanningRouter({
      store: {} as never,
      authenticate: async () => null,
      issueJoinLinks: async () => [],
    });
    const registered = registeredRoutes(router).filter((r) => r !== 'GET /feeds/:token.ics');
    const declared = PLANNING_ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(registered.sort()).toEqual([...declared].sort());
    for (const route of PLANNING_ROUTES) expect(route.capabilities.length).toBeGreaterThan(0);
  });

  it('is published as OpenAPI 3.1 at /api/openapi.json, without a credential', async () => {
    const server = await startTestServer({ withPlanning: true });
    const response = await fetch(`${server.url}/api/openapi.json`);
    await server.close();
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { 'x-capabilities': string[]; requestBody?: unknown }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of PLANNING_ROUTES) {
      const path = '/api/planning' + route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      expect(op?.['x-capabilities'], `${route.method} ${route.path}`).toEqual(route.capabilities);
    }
    const putPlan = doc.paths['/api/planning/sessions/{id}/plan']?.put?.requestBody;
    expect(JSON.stringify(putPlan)).toContain('expectedVersion');
  });

  it('refuses a handler registered without a row in the table (not_found)', async () => {
    // Deny by default: a handler the table does not declare is unreachable.
    const server = await startTestServer({ withPlanning: true });
    const token = await server.apiTokens.mint('coordinator', 'coord-1', 'Mairie');
    const response = await fetch(`${server.url}/api/planning/undeclared`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(404);
    await server.close();
  });
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function registeredRoutes(router: express.Router): string[] {
  const walk = (stack: Layer[]): string[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        return Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => `${method.toUpperCase()} ${layer.route!.path}`);
      }
      return layer.handle?.stack ? walk(layer.handle.stack) : [];
    });
  return walk((router as unknown as { stack: Layer[] }).stack);
}
