import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { JoinLink, JoinLinkRequest, PlanningStore, Principal } from '../../lesson-plans/index';
import { openTestStore } from '../helpers/planningStore';
import { PrincipalSchema, createPlanningRouter, seedDemoData } from '../../lesson-plans/index';

/** "Today" for every API test: a Saturday in term 1, so upcoming lessons are deterministic. */
export const NOW = new Date('2026-11-28T10:00:00Z');
/** The store's clock; a test may move it next to a lesson (lesson states have a time window), then back to NOW. */
export const clock = { now: NOW };

export const COORDINATOR: Principal = { role: 'coordinator', userId: 'coord-1', name: 'Mairie' };
export const EMILY: Principal = { role: 'tutor', userId: 'tutor-emily', name: 'Emily Hartley' };
export const OLIVER: Principal = {
  role: 'tutor',
  userId: 'tutor-oliver',
  name: 'Oliver Pennington',
};
/** Teaches CM1 Curie (ecole-curie-cm1), whose tutor is Oliver in the demo data. */
export const MME_ROUX: Principal = {
  role: 'teacher',
  userId: 'teacher-ecole-curie-1',
  name: 'Mme Roux',
};
export const INSPECTOR: Principal = {
  role: 'inspector',
  userId: 'inspector-martin',
  name: 'Claire Martin',
};

export interface TestApi {
  store: PlanningStore;
  baseUrl: string;
  call: (
    who: Principal | null,
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<ApiResponse>;
  raw: (
    who: Principal | null,
    method: string,
    path: string,
    init?: RequestInit,
  ) => Promise<Response>;
  close: () => Promise<void>;
}

export interface ApiResponse {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };
  text: string;
  contentType: string;
}

/** Builds URLs like signalling would; not the thing under test. */
async function issueJoinLinks(
  session: { sessionId: string },
  participants: JoinLinkRequest[],
): Promise<JoinLink[]> {
  return participants.map((p) => ({
    ...p,
    url: `https://passerelle.test/join/${session.sessionId}?role=${p.role}&name=${encodeURIComponent(p.name)}`,
  }));
}

/** A real express app on a free port with a real store (planningStore.ts) seeded with the demo town. */
export async function startApi(options: { seed?: boolean } = {}): Promise<TestApi> {
  const store = await openTestStore({ now: () => clock.now });
  if (options.seed !== false) await seedDemoData(store);
  const app = express();
  app.use(
    '/api/planning',
    createPlanningRouter({
      store,
      issueJoinLinks,
      authenticate: async (req) => {
        const header = req.get('x-test-principal');
        if (!header) return null;
        const parsed = PrincipalSchema.safeParse(JSON.parse(header));
        return parsed.success ? parsed.data : null;
      },
    }),
  );
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/planning`;
  const raw = (who: Principal | null, method: string, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (who) headers.set('x-test-principal', JSON.stringify(who));
    return fetch(`${baseUrl}${path}`, { ...init, method, headers });
  };
  const call = async (who: Principal | null, method: string, path: string, body?: unknown) => {
    const init: RequestInit =
      body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    const response = await raw(who, method, path, init);
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    const parsed = contentType.includes('json') ? (JSON.parse(text) as ApiResponse['body']) : {};
    return { status: response.status, body: parsed, text, contentType };
  };
  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  };
  return { store, baseUrl, call, raw, close };
}
