import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectClient } from '../helpers/socketClient';

const METRICS_TOKEN = 'scraper-credential-that-is-long-enough-1234';

describe('the HTTP side of the server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers health checks and sends security headers, with a strict content security policy', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(await response.json()).toEqual({ ok: true });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('counts lessons, participants and request outcomes for the operators on /metrics', async () => {
    const tutor = await connectClient(server, 'tutor', 'Emily', { sessionId: 'metrics' });
    await tutor.request('getRouterRtpCapabilities', {});
    await tutor.request('createTransport', { direction: 42 });
    const text = await (
      await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      })
    ).text();
    expect(text).toMatch(/passerelle_lessons_open 1/);
    expect(text).toMatch(/passerelle_participants\{role="tutor"\} 1/);
    expect(text).toMatch(
      /passerelle_requests_total\{request="getRouterRtpCapabilities",outcome="ok"\} 1/,
    );
    // Before joining, a transport is refused whatever the payload.
    expect(text).toMatch(
      /passerelle_requests_total\{request="createTransport",outcome="conflict"\} 1/,
    );
    tutor.close();
  });

  it('lets browsers keep the hashed assets for good, and asks again for the page itself', async () => {
    const page = await fetch(`${server.url}/lesson/any-lesson`);
    const html = await page.text();
    expect(page.headers.get('cache-control')).not.toContain('immutable');
    const entry = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const asset = await fetch(`${server.url}${entry}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${server.url}/assets/no-such-chunk.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control') ?? '').not.toContain('immutable');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const response = await fetch(`${server.url}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
