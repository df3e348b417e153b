import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../signaling';
import { waitFor } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { exited } from '../helpers/serverProcess';
import { connectClient } from '../helpers/socketClient';
import { get, runCertScript } from '../helpers/tls';
import { freePort } from '../../scripts/freePort';

const SHIPPED_SITE = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));
const METRICS_TOKEN = 'scraper-credential-that-is-long-enough-1234';

/**
 * deploy/nginx.conf as shipped, with only its ports and paths replaced for loopback. Every
 * replaced text must be in the file: if the shipped file changes, this fails rather than
 * testing something else.
 */
function renderSite(replacements: [from: string, to: string][]): string {
  let site = readFileSync(SHIPPED_SITE, 'utf8');
  for (const [from, to] of replacements) {
    expect(site, `deploy/nginx.conf should contain "${from}"`).toContain(from);
    site = site.replaceAll(from, to);
  }
  return site;
}

/** The main configuration a Debian nginx would have, reduced to what a test needs. */
function mainConfig(folder: string, sitePath: string): string {
  const temp = (name: string) => join(folder, name);
  return `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
events { worker_connections 128; }
http {
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  include ${sitePath};
}
`;
}

describe('deploy/nginx.conf in front of the server', () => {
  let folder: string;
  let server: TestServer;
  let nginx: ChildProcess;
  let ca: string;
  let proxyUrl: string;
  let redirectPort: number;
  let accessLog: string;

  beforeAll(async () => {
    const nginxFound = spawnSync('nginx', ['-v']).status === 0;
    expect(nginxFound, 'nginx is missing: run scripts/setup.sh --with-browser').toBe(true);
    folder = mkdtempSync(join(tmpdir(), 'passerelle-nginx-'));
    const certificates = runCertScript(join(folder, 'tls'), 'localhost', ['127.0.0.1']);
    ca = readFileSync(certificates.caCert, 'utf8');
    server = await startTestServer({
      withPlanning: true,
      env: { TRUST_PROXY: 'loopback', METRICS_TOKEN },
    });
    const tlsPort = await freePort();
    redirectPort = await freePort();
    accessLog = join(folder, 'access.log');
    const site = renderSite([
      ['listen 443 ssl;', `listen 127.0.0.1:${tlsPort} ssl;`],
      ['listen 80;', `listen 127.0.0.1:${redirectPort};`],
      ['http://127.0.0.1:3000', `http://127.0.0.1:${server.port}`],
      ['/etc/passerelle/tls/server.crt', certificates.serverCert],
      ['/etc/passerelle/tls/server.key', certificates.serverKey],
      ['/var/log/nginx/passerelle.access.log', accessLog],
    ]);
    const sitePath = join(folder, 'passerelle.conf');
    writeFileSync(sitePath, site);
    const mainPath = join(folder, 'nginx.conf');
    writeFileSync(mainPath, mainConfig(folder, sitePath));
    for (const name of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
      mkdirSync(join(folder, name));
    const args = ['-e', join(folder, 'error.log'), '-c', mainPath];
    const check = spawnSync('nginx', [...args, '-t'], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    nginx = spawn('nginx', [...args, '-g', 'daemon off;'], { stdio: 'ignore' });
    proxyUrl = `https://localhost:${tlsPort}`;
    await waitFor(
      () =>
        get(`${proxyUrl}/healthz`, { ca }).then(
          (answer) => answer.status === 200,
          () => false,
        ),
      'nginx to proxy /healthz',
    );
  });

  afterAll(async () => {
    if (nginx) {
      nginx.kill('SIGTERM');
      await exited(nginx);
    }
    await server?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('serves the page over TLS with the headers the app set', async () => {
    const page = await get(`${proxyUrl}/`, { ca });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<!doctype html>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('sends the app’s scripts compressed, still marked immutable by the app', async () => {
    const page = await get(`${proxyUrl}/`, { ca });
    const entry = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(entry).toBeDefined();
    const script = await get(`${proxyUrl}${entry}`, { ca, headers: { 'accept-encoding': 'gzip' } });
    expect(script.status).toBe(200);
    expect(script.headers['content-encoding']).toBe('gzip');
    expect(script.headers['cache-control']).toContain('immutable');
  });

  it('carries a websocket-only socket.io connection to the signalling', async () => {
    const throughProxy = { ...server, url: proxyUrl } as RunningServer;
    const tutor = await connectClient(throughProxy, 'tutor', 'Emily', { sessionId: 'nginx', ca });
    try {
      expect(tutor.socket.io.engine.transport.name).toBe('websocket');
      expect(await tutor.request('getRouterRtpCapabilities', {})).toMatchObject({ ok: true });
      expect(server.registry.count).toBe(1);
    } finally {
      tutor.close();
    }
  });

  it('refuses /metrics in every spelling Express would accept, even with the credential', async () => {
    const authorization = { authorization: `Bearer ${METRICS_TOKEN}` };
    const direct = await get(`${server.url}/metrics`, { headers: authorization });
    expect(direct.status).toBe(200);
    for (const path of ['/metrics', '/METRICS', '/metrics/', '/Metrics?x=1', '//metrics']) {
      const answer = await get(`${proxyUrl}${path}`, { ca, headers: authorization });
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('passerelle_');
    }
  });

  it('passes the https scheme and host to the app, and logs neither feed credentials nor headers', async () => {
    const token = await server.apiTokens.mint('coordinator', 'coord-1', 'Mairie');
    const created = await fetchJson(`${proxyUrl}/api/planning/feeds`, ca, token, {
      kind: 'tutor',
      id: 'tutor-emily',
    });
    const feedUrl = String(created.url);
    expect(feedUrl.startsWith(`${proxyUrl}/api/planning/feeds/`)).toBe(true);
    const feed = await get(feedUrl, { ca });
    expect(feed.status).toBe(200);
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    const feedToken = feedUrl.slice(feedUrl.lastIndexOf('/') + 1, -'.ics'.length);
    await waitFor(
      async () => readFileSync(accessLog, 'utf8').includes('/api/planning/feeds/(hidden)'),
      'the feed request in the access log',
    );
    const log = readFileSync(accessLog, 'utf8');
    expect(log).not.toContain(feedToken);
    expect(log).not.toContain(token);
    expect(log).not.toContain(METRICS_TOKEN);
  });

  it('redirects plain HTTP to the same path over HTTPS (308)', async () => {
    const answer = await get(`http://localhost:${redirectPort}/classroom/ce2?x=1`);
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe('https://localhost/classroom/ce2?x=1');
  });
});

/** POSTs JSON over https with the given CA and bearer token (node:https: fetch has no `ca`). */
async function fetchJson(
  url: string,
  ca: string,
  token: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ca,
        agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          if (res.statusCode !== 201) reject(new Error(`${res.statusCode}: ${text}`));
          else resolve(JSON.parse(text) as Record<string, unknown>);
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
