import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Coturn } from './coturn';
import { freePort, selfSignedCertificate } from './coturn';
import type { SchoolNetwork } from './schoolNetwork';
import { startTestServer, type TestServer, type TestServerOptions } from './server';
import { startTlsProxy, type TlsProxy } from './tlsProxy';

/**
 * A real server that a school's namespace reaches over HTTPS on the host's address: browsers
 * give the camera only to a secure origin. Self-signed (the browsers run with
 * `--ignore-certificate-errors`); `close` stops whatever was started and removes the certificate.
 */
export interface SchoolServer {
  server: TestServer;
  /** The HTTPS port the school's pages open. */
  port: number;
  /** The certificate's PEM, for clients that pin it. */
  certificate: string;
  close(): Promise<void>;
}

export interface SchoolServerOptions extends TestServerOptions {
  /**
   * With a relay: the server listens on loopback behind a TLS proxy (as behind a reverse
   * proxy), and mints TURN credentials for it. Without: the server serves HTTPS itself.
   */
  turn?: { coturn: Coturn; secret: string };
}

export async function startSchoolServer(
  school: SchoolNetwork,
  options: SchoolServerOptions = {},
): Promise<SchoolServer> {
  const { turn, env, ...rest } = options;
  const folder = mkdtempSync(join(tmpdir(), 'passerelle-school-https-'));
  const files = selfSignedCertificate(folder, school.hostIp);
  const port = await freePort(school.hostIp);
  const common = { PUBLIC_URL: `https://${school.hostIp}:${port}`, RTC_LISTEN_IP: school.hostIp };
  const own: Record<string, string> = turn
    ? { TURN_SECRET: turn.secret, TURN_URLS: turn.coturn.urls.join(',') }
    : {
        HOST: school.hostIp,
        PORT: String(port),
        TLS_CERT_FILE: files.cert,
        TLS_KEY_FILE: files.key,
      };
  const server = await startTestServer({ ...rest, env: { ...common, ...own, ...env } });
  let proxy: TlsProxy | undefined;
  if (turn) {
    const target = { host: '127.0.0.1', port: server.port };
    proxy = await startTlsProxy({ ip: school.hostIp, port, target, ...files });
  }
  return {
    server,
    port,
    certificate: readFileSync(files.cert, 'utf8'),
    async close() {
      await proxy?.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
