import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../lesson-plans/index';
import type { TestApi } from './harness';
import { COORDINATOR, INSPECTOR, MME_ROUX, OLIVER, startApi } from './harness';

const SESSION = 'slot-ecole-curie-cm1@2026-11-30';

/** Write actions × roles: the server's verdict, whatever the UI shows. */
const ACTIONS: Array<{
  name: string;
  method: string;
  path: string;
  body: unknown;
  allowed: Principal[];
}> = [
  {
    name: 'edit a plan',
    method: 'PUT',
    path: `/sessions/${SESSION}/plan`,
    body: { expectedVersion: 1 },
    allowed: [COORDINATOR, OLIVER, MME_ROUX],
  },
  { name: 'create a school', method: 'POST', path: '/schools', body: {}, allowed: [COORDINATOR] },
  { name: 'check a slot', method: 'POST', path: '/slots/check', body: {}, allowed: [COORDINATOR] },
  {
    name: 'replace a slot',
    method: 'PUT',
    path: '/slots/slot-ecole-curie-cm1',
    body: {},
    allowed: [COORDINATOR],
  },
  {
    name: 'file an inspection',
    method: 'POST',
    path: '/inspections',
    body: {},
    allowed: [INSPECTOR],
  },
  {
    name: 'read reports',
    method: 'GET',
    path: '/reports/quality?termId=T1-2026',
    body: undefined,
    allowed: [COORDINATOR, INSPECTOR],
  },
  {
    name: 'import holidays',
    method: 'POST',
    path: '/holidays/import',
    body: {},
    allowed: [COORDINATOR],
  },
];

describe('role permissions (deny by default)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  for (const action of ACTIONS) {
    for (const who of [COORDINATOR, OLIVER, MME_ROUX, INSPECTOR]) {
      const allowed = action.allowed.includes(who);
      it(`${who.role} ${allowed ? 'may' : 'may not'} ${action.name}`, async () => {
        const response = await api.call(who, action.method, action.path, action.body);
        if (allowed) expect(response.status).not.toBe(403);
        else expect(response.body.error?.code).toBe('forbidden');
      });
    }
  }
});
