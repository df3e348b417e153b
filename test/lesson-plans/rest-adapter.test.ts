import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FileAnswer, mountApi, type Principal } from '../../lesson-plans';
import { defineApi, defineRoute } from '../../lesson-plans/contract/define';

const COORDINATOR: Principal = { role: 'coordinator', userId: 'coord-1', name: 'Mairie' };

/** A tiny contract: one honest route, one whose handler lies about its answer. */
const TINY_API = defineApi({
  prefix: '/api/tiny',
  authenticates: ['person'],
  routes: {
    echo: defineRoute({
      method: 'POST',
      path: '/echo/:id',
      summary: 'Echo',
      params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
      body: z.object({ n: z.number().int() }).strict(),
      response: { json: z.object({ id: z.string(), twice: z.number() }) },
      access: { capabilities: ['directory.read'] },
    }),
    wrongShape: defineRoute({
      method: 'GET',
      path: '/wrong',
      summary: 'Answers outside its schema',
      response: { json: z.object({ count: z.number() }) },
      access: { capabilities: ['directory.read'] },
    }),
    wrongFile: defineRoute({
      method: 'GET',
      path: '/wrong-file',
      summary: 'Answers a file kind it does not declare',
      response: { files: ['csv'] },
      access: { capabilities: ['directory.read'] },
    }),
  },
});

interface Logged {
  details: { err: unknown; method: string; path: string };
  message: string;
}

describe('the REST adapter', () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  async function serve(production?: boolean) {
    const logged: Logged[] = [];
    const router = mountApi(
      TINY_API,
      {
        echo: ({ params, body }) => ({ id: params.id, twice: body.n * 2 }),
        // A bug the types would catch; the cast stands for what slips through at runtime.
        wrongShape: () => ({ count: 'many' }) as unknown as { count: number },
        wrongFile: () => new FileAnswer('xlsx', 'not,a,workbook') as never,
      },
      {
        authenticate: async (req) => (req.get('authorization') ? COORDINATOR : null),
        logger: { error: (details, message) => logged.push({ details, message }) },
        production,
      },
    );
    const app = express().use(TINY_API.prefix, router);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${TINY_API.prefix}`;
    const call = (path: string, init: RequestInit = {}) =>
      fetch(url + path, {
        ...init,
        headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      });
    return { call, logged };
  }

  it('parses input and runs the handler', async () => {
    const { call } = await serve();
    const ok = await call('/echo/abc', { method: 'POST', body: JSON.stringify({ n: 21 }) });
    expect(await ok.json()).toEqual({ id: 'abc', twice: 42 });
    const bad = await call('/echo/ABC', { method: 'POST', body: JSON.stringify({ n: 1 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('answers internal (500) and logs when a handler answers outside its response schema', async () => {
    const { call, logged } = await serve();
    const response = await call('/wrong');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: 'internal', message: 'internal error' },
    });
    expect(logged).toHaveLength(1);
    expect(logged[0]!.details.path).toBe('/wrong');
    expect(String(logged[0]!.details.err)).toContain('outside its response schema');
    expect((await call('/wrong-file')).status).toBe(500);
    expect(logged).toHaveLength(2);
  });

  it('skips output validation in production', async () => {
    const { call, logged } = await serve(true);
    const response = await call('/wrong');
    expect(response.status).toBe(200);
    expect(logged).toEqual([]);
  });

  it('refuses to mount a route without a capability (deny by default)', () => {
    const api = defineApi({
      ...TINY_API,
      routes: {
        ...TINY_API.routes,
        open: defineRoute({
          method: 'GET',
          path: '/open',
          summary: 'No capability',
          response: { json: z.object({}) },
          access: { capabilities: [] as unknown as ['directory.read'] },
        }),
      },
    });
    const handlers = { echo: () => ({}), wrongShape: () => ({}), wrongFile: () => ({}) };
    expect(() =>
      mountApi(api, { ...handlers, open: () => ({}) } as never, { authenticate: async () => null }),
    ).toThrow(/without a declared capability/);
  });

  it('refuses to mount a contract route without a handler, or a handler without a route', () => {
    const authenticate = async () => null;
    expect(() =>
      mountApi(TINY_API, { echo: () => ({}), wrongShape: () => ({}) } as never, { authenticate }),
    ).toThrow(/wrongFile: a contract route without a handler/);
    const extra = {
      echo: () => ({}),
      wrongShape: () => ({}),
      wrongFile: () => ({}),
      x: () => ({}),
    };
    expect(() => mountApi(TINY_API, extra as never, { authenticate })).toThrow(
      /x: a handler without a route/,
    );
  });

  it('refuses a credential kind the API does not authenticate (unauthenticated)', async () => {
    const device: Principal = { ...COORDINATOR, scope: { kind: 'device', classId: 'c' } };
    const router = mountApi(
      TINY_API,
      {
        echo: () => ({ id: '', twice: 0 }),
        wrongShape: () => ({ count: 1 }),
        wrongFile: () => new FileAnswer('csv', ''),
      },
      { authenticate: async () => device },
    );
    const app = express().use(TINY_API.prefix, router);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${TINY_API.prefix}`;
    const response = await fetch(`${url}/wrong`, { headers: { authorization: 'Bearer x' } });
    expect(response.status).toBe(401);
  });
});
