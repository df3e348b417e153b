import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectClient } from '../helpers/socketClient';

const METRICS_TOKEN = 'scraper-credential-that-is-long-enough-1234';

/** A same-host reverse proxy, as the README recommends for TLS: every request reaches the server from loopback. */
function startProxy(target: string): Promise<{ url: string; close: () => void }> {
  const upstream = new URL(target);
  const proxy: Server = createServer((req, res) => {
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forwarded);
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        close: () => {
          proxy.close();
          proxy.closeAllConnections();
        },
      }),
    ),
  );
}

describe('/metrics (issue 8, row 3)', () => {
  let server: TestServer;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  beforeAll(async () => {
    server = await startTestServer({ env: { METRICS_TOKEN, METRICS_PORT: '0' } });
    proxy = await startProxy(server.url);
  });
  afterAll(async () => {
    proxy.close();
    await server.close();
  });

  const scrape = async (base: string, token?: string) =>
    fetch(`${base}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('refuses a scrape through a same-host proxy without the credential (unauthenticated)', async () => {
    expect((await scrape(proxy.url)).status).toBe(401);
    expect((await scrape(proxy.url, 'wrong')).status).toBe(401);
    expect((await scrape(server.url)).status).toBe(401);
    const allowed = await scrape(proxy.url, METRICS_TOKEN);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('passerelle_lessons_open');
  });

  it('serves the loopback-only metrics port without a credential', async () => {
    expect(server.metricsPort).toBeGreaterThan(0);
    const response = await scrape(`http://127.0.0.1:${server.metricsPort}`);
    expect(response.status).toBe(200);
  });

  it('shows no inspector: the scrape is the same with and without one in the lesson', async () => {
    const tutor = await connectClient(server, 'tutor', 'Emily', { sessionId: 'hidden-metrics' });
    await tutor.request('getRouterRtpCapabilities', {});
    const before = metricLines(await (await scrape(server.url, METRICS_TOKEN)).text());
    const inspector = await connectClient(server, 'inspector', 'Claire', {
      sessionId: 'hidden-metrics',
    });
    await inspector.request('getRouterRtpCapabilities', {});
    await inspector.request('createTransport', { direction: 42 });
    const during = await (await scrape(server.url, METRICS_TOKEN)).text();
    expect(during).not.toMatch(/inspector|coordinator/);
    expect(metricLines(during)).toEqual(before);
    expect(during).toMatch(/passerelle_participants\{role="tutor"\} 1/);
    inspector.close();
    tutor.close();
  });
});

/** The lesson-level lines (the process's own CPU and memory move on their own). */
function metricLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^passerelle_(participants|lessons_open|requests_total)/.test(line));
}
