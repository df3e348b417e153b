import { execFileSync } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CertificatePaths {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  /** What `npm run cert` printed. */
  output: string;
}

/** Runs `npm run cert`'s script (scripts/cert.ts) as a child process, as an operator would. */
export function runCertScript(outDir: string, host: string, ips: string[] = []): CertificatePaths {
  const args = ['--host', host, ...ips.flatMap((ip) => ['--ip', ip]), '--out', outDir];
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/cert.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return {
    caCert: join(outDir, 'passerelle-ca.crt'),
    caKey: join(outDir, 'passerelle-ca.key'),
    serverCert: join(outDir, 'server.crt'),
    serverKey: join(outDir, 'server.key'),
    output,
  };
}

export interface PlainResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface GetOptions {
  /** The only CA trusted for an https URL (Node's own list is not used when given). */
  ca?: string;
  headers?: Record<string, string>;
}

/** GET with node:http(s), so that the trusted CA is this request's alone (fetch has no `ca`). */
export function get(url: string, options: GetOptions = {}): Promise<PlainResponse> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: options.ca, headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
