import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectClient } from '../helpers/socketClient';
import { get, runCertScript, type CertificatePaths } from '../helpers/tls';

const DAY_MS = 24 * 60 * 60 * 1000;

function validityDays(certificate: X509Certificate): number {
  return (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / DAY_MS;
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('npm run cert and the server over HTTPS', () => {
  let folder: string;
  let certificates: CertificatePaths;
  let ca: string;
  let server: TestServer;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'passerelle-https-'));
    certificates = runCertScript(join(folder, 'tls'), 'localhost', ['127.0.0.1']);
    ca = readFileSync(certificates.caCert, 'utf8');
    server = await startTestServer({
      env: {
        TLS_CERT_FILE: certificates.serverCert,
        TLS_KEY_FILE: certificates.serverKey,
        HTTP_REDIRECT_PORT: '0',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('creates a CA and a server certificate for the host and IP, signed by it, keys 0600', () => {
    const authority = new X509Certificate(readFileSync(certificates.caCert));
    const leaf = new X509Certificate(readFileSync(certificates.serverCert));
    expect(authority.ca).toBe(true);
    expect(validityDays(authority)).toBeGreaterThanOrEqual(3650);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(authority)).toBe(true);
    expect(leaf.verify(authority.publicKey)).toBe(true);
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkHost('elsewhere.example')).toBeUndefined();
    expect(validityDays(leaf)).toBeLessThanOrEqual(825);
    expect(modeOf(certificates.caKey)).toBe(0o600);
    expect(modeOf(certificates.serverKey)).toBe(0o600);
    expect(certificates.output).toContain('certutil -addstore');
    expect(certificates.output).toContain(certificates.caCert);
  });

  it('reuses the CA on a second run and issues a new server certificate under it', () => {
    const again = runCertScript(join(folder, 'second'), 'first.example');
    const firstCa = new X509Certificate(readFileSync(again.caCert));
    const reissued = runCertScript(join(folder, 'second'), 'second.example', ['10.0.0.5']);
    const sameCa = new X509Certificate(readFileSync(reissued.caCert));
    const leaf = new X509Certificate(readFileSync(reissued.serverCert));
    expect(reissued.output).toMatch(/^Reused the local CA/);
    expect(sameCa.fingerprint256).toBe(firstCa.fingerprint256);
    expect(leaf.checkIssued(sameCa)).toBe(true);
    expect(leaf.checkHost('second.example')).toBe('second.example');
    expect(leaf.checkIP('10.0.0.5')).toBe('10.0.0.5');
  });

  it('serves the page and the OpenAPI document over HTTPS to a client trusting only that CA', async () => {
    expect(server.url).toBe(`https://localhost:${server.port}`);
    const page = await get(`${server.url}/`, { ca });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<!doctype html>');
    const openApi = await get(`${server.url}/api/openapi.json`, { ca });
    expect(JSON.parse(openApi.body)).toMatchObject({ openapi: '3.1.0' });
  });

  it('is refused by a client that does not trust the CA', async () => {
    await expect(get(`${server.url}/healthz`)).rejects.toMatchObject({
      code: expect.stringMatching(/CERT|SIGNATURE/) as unknown,
    });
  });

  it('takes socket.io over wss: a tutor gets the router capabilities', async () => {
    const tutor = await connectClient(server, 'tutor', 'Emily', { sessionId: 'tls', ca });
    try {
      expect(tutor.socket.io.engine.transport.name).toBe('websocket');
      const answer = await tutor.request('getRouterRtpCapabilities', {});
      expect(answer).toMatchObject({
        ok: true,
        data: { rtpCapabilities: { codecs: expect.any(Array) as unknown } },
      });
    } finally {
      tutor.close();
    }
  });

  it('redirects plain HTTP on HTTP_REDIRECT_PORT to the same path over HTTPS (308)', async () => {
    const answer = await get(`http://localhost:${server.redirectPort}/classroom/ce2?x=1`);
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe(`https://localhost:${server.port}/classroom/ce2?x=1`);
  });
});
