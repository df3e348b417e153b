import type express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REST_APIS,
  can,
  createPlanningRouter,
  type ApiSpec,
  type BearerAccess,
  type Principal,
  type RouteSpec,
} from '../../lesson-plans';
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
  | 'family'
  | 'pupil'
  | 'lesson:tutor'
  | 'lesson:classroom'
  | 'lesson:inspector'
  | 'lesson:coordinator'
  | 'other-lesson'
  | 'expired'
  | 'revoked'
  | 'none';

/** One route of the contract, with the API (prefix, credential kinds) it belongs to. */
interface ContractRoute {
  api: ApiSpec;
  name: string;
  route: RouteSpec;
  /** The route's bearer access; undefined for a path-token route (the calendar feed). */
  access: BearerAccess | undefined;
}

const CONTRACT_ROUTES: ContractRoute[] = REST_APIS.flatMap((api) =>
  Object.entries(api.routes as Record<string, RouteSpec>).map(([name, route]) => ({
    api,
    name,
    route,
    access: 'capabilities' in route.access ? route.access : undefined,
  })),
);

const kindOf = (principal: Principal) => principal.scope?.kind ?? 'person';

/**
 * Routes whose handler narrows further than the table, by who calls: only the coordinator
 * revokes someone else's tokens (the test revokes an unknown person's).
 */
const NARROWED_BY_HANDLER: Record<string, (principal: Principal) => boolean> = {
  revokePersonTokens: (principal) => principal.role === 'coordinator',
};

describe('REST credentials: every route × every principal, as the contract declares', () => {
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
    const term = (await store.listSchoolYears())[0]!.terms[0]!;
    const family = await store.issueFamilyLink(CLASS, term.id, '2026-12-18T22:59:00Z', 'coord-1');
    tokens.set('family', family.key);
    const pupil = await store.createPupilLink({
      classId: CLASS,
      pupilName: 'Léa',
      sessionId: LESSON,
      slotId: null,
      allowCamera: false,
      createdBy: 'coord-1',
      expiresAt: '2026-12-18T22:59:00Z',
    });
    tokens.set('pupil', pupil.key);
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
    principals.set('family', {
      ...person('teacher', `family-link:${family.link.id}`),
      scope: { kind: 'family', classId: CLASS, linkId: family.link.id },
    });
    principals.set('pupil', {
      ...person('teacher', `pupil-link:${pupil.link.id}`),
      scope: { kind: 'pupil', classId: CLASS, linkId: pupil.link.id },
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
  function requestFor({ api, route, access }: ContractRoute): { path: string; init: RequestInit } {
    const ids: Record<string, string> = {
      // Unknown ids: rotating or revoking them changes nobody's credential.
      '/classrooms/:id': 'class-that-does-not-exist',
      '/people/:id': 'person-that-does-not-exist',
      '/sessions/:id': LESSON,
      // Issuing a family link for the class would revoke the family key under test.
      '/classes/:id/family-link': 'class-that-does-not-exist',
      '/inspections/:id': inspectionId,
      '/classes/:id': CLASS,
      '/schools/:id': 'ecole-jaures',
      // Writes that would succeed must not change the town: unknown ids answer 404.
      '/slots/:id': 'slot-that-does-not-exist',
      '/feeds/:id': '0123456789abcdef',
      '/materials/:id': materialId,
      '/feeds/:token': 'unknown-feed-token-0123456789',
    };
    let path = route.path
      .replace(':materialId', materialId)
      .replace(':kind', 'attendance')
      .replace(':token', ids['/feeds/:token']!);
    for (const [prefix, id] of Object.entries(ids)) {
      if (path.startsWith(prefix)) path = path.replace(':id', id);
    }
    const query =
      access?.lesson === 'session-query' ? `?sessionId=${LESSON}&inspectorId=${INSPECTOR}` : '';
    const body = access?.lesson === 'session-body' ? { sessionId: LESSON } : {};
    const init: RequestInit =
      route.method === 'GET' || route.method === 'DELETE'
        ? { method: route.method }
        : { method: route.method, body: JSON.stringify(body) };
    return { path: api.prefix + path + query, init };
  }

  async function call(kind: Kind, route: ContractRoute) {
    const { path, init } = requestFor(route);
    const token = tokens.get(kind);
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
    const body = (await response.json().catch(() => ({}))) as { error?: { code: string } };
    return { status: response.status, code: body.error?.code };
  }

  /** What the contract says: 'allowed' means past the gate (the handler may still answer 400/404/409). */
  function expected(
    kind: Kind,
    { api, name, access }: ContractRoute,
  ): 'allowed' | 'unauthenticated' | 'forbidden' | 'not_found' {
    // The feed's credential is its path token: a header proves nothing there, an unknown token is absent.
    if (!access) return 'not_found';
    if (kind === 'expired' || kind === 'revoked' || kind === 'none') return 'unauthenticated';
    const principal = principals.get(kind === 'other-lesson' ? 'lesson:tutor' : kind)!;
    if (!api.authenticates.includes(kindOf(principal))) return 'unauthenticated';
    // Emily's link for another lesson: this lesson reads as absent where her link could go at all.
    if (kind === 'other-lesson') {
      const reach = access.lesson && access.capabilities.some((c) => can(principal, c));
      return reach ? 'not_found' : 'forbidden';
    }
    if (!access.capabilities.some((capability) => can(principal, capability))) return 'forbidden';
    if (kindOf(principal) === 'device') return access.device ? 'allowed' : 'forbidden';
    if (kindOf(principal) === 'family') return access.family ? 'allowed' : 'forbidden';
    if (kindOf(principal) === 'pupil') return access.pupil ? 'allowed' : 'forbidden';
    if (kindOf(principal) === 'lesson') return access.lesson ? 'allowed' : 'forbidden';
    if (access.person === false) return 'forbidden';
    return NARROWED_BY_HANDLER[name]?.(principal) === false ? 'forbidden' : 'allowed';
  }

  const KINDS: Kind[] = [
    'coordinator',
    'tutor',
    'teacher',
    'inspector',
    'device',
    'family',
    'pupil',
    'lesson:tutor',
    'lesson:classroom',
    'lesson:inspector',
    'lesson:coordinator',
    'other-lesson',
    'expired',
    'revoked',
    'none',
  ];

  /** The first kind the contract lets through, so malformed input reaches the route's own parsing. */
  const allowedKind = (route: ContractRoute): Kind =>
    (['coordinator', 'inspector', 'tutor', 'device', 'family', 'pupil'] as const).find(
      (kind) => expected(kind, route) === 'allowed' || !route.access,
    )!;

  it('answers malformed input on every route with invalid_request or not_found, never 500', async () => {
    const problems: string[] = [];
    const hostileIds = ['%E0%A4%A', 'a'.repeat(300), '..%2F..%2Fetc', 'x y'];
    for (const contractRoute of CONTRACT_ROUTES) {
      const { api, route } = contractRoute;
      const token = tokens.get(allowedKind(contractRoute))!;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const { path } = requestFor(contractRoute);
      const attempts: [string, RequestInit][] = [];
      for (const id of hostileIds) {
        const hostile = api.prefix + route.path.replace(/:[A-Za-z]+/g, id);
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
        const response = await fetch(`${server.url}${target}`, init);
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
    for (const route of CONTRACT_ROUTES) {
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
      if (!ok) mismatches.push(`${route.name}: want ${want}, got ${status} ${code ?? ''}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('the contract', () => {
  it('is what the planning router mounts, each bearer route with a capability', () => {
    const router = createPlanningRouter({
      store: {} as never,
      authenticate: async () => null,
      issueJoinLinks: async () => [],
    });
    const planning = CONTRACT_ROUTES.filter(({ api }) => api.prefix === '/api/planning');
    const declared = planning.map(({ route }) => `${route.method} ${route.path}`);
    expect(registeredRoutes(router).sort()).toEqual([...declared].sort());
    for (const { access, route } of CONTRACT_ROUTES)
      if (!('pathToken' in route.access)) expect(access?.capabilities.length).toBeGreaterThan(0);
  });

  it('is published as OpenAPI 3.1 at /api/openapi.json, every route with its response schema', async () => {
    const server = await startTestServer({ withPlanning: true });
    const response = await fetch(`${server.url}/api/openapi.json`);
    await server.close();
    expect(response.status).toBe(200);
    type Operation = {
      'x-capabilities': string[];
      'x-credentials': string[] | string;
      requestBody?: unknown;
      responses: Record<string, { content?: Record<string, { schema?: object }> }>;
    };
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const { api, route, access, name } of CONTRACT_ROUTES) {
      const path = api.prefix + route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      expect(op?.['x-capabilities'], name).toEqual(access?.capabilities ?? []);
      expect(op?.['x-credentials'], name).toBeDefined();
      const success = op?.responses[String(route.status ?? 200)]?.content ?? {};
      const schemas = Object.values(success).map((media) => media.schema);
      expect(schemas.length, `${name} has a response schema`).toBeGreaterThan(0);
      if (route.response.json)
        expect(success['application/json']?.schema, name).toHaveProperty('type', 'object');
      expect(JSON.stringify(op?.responses['403']), name).toContain('#/components/schemas/Error');
    }
    const putPlan = doc.paths['/api/planning/sessions/{id}/plan']?.put;
    expect(JSON.stringify(putPlan?.requestBody)).toContain('expectedVersion');
    expect(JSON.stringify(putPlan?.responses['200'])).toContain('updatedBy');
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
