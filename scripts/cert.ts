/**
 * `npm run cert -- --host <name> [--ip <addr>]… [--out <dir>]`
 *
 * A local certificate authority for one school network and a server certificate signed by
 * it, with Debian's openssl: the whiteboards trust the CA once (see README, "Deployment on
 * a school LAN") and every later server certificate with it. The CA is created on first
 * use and reused afterwards; the server certificate is issued anew at every run.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const CA_VALIDITY_DAYS = 3650;
/** Apple's limit for TLS server certificates, the strictest of the browsers'. */
const SERVER_VALIDITY_DAYS = 825;
const KEY_FILE_MODE = 0o600;
const CERT_FILE_MODE = 0o644;

export interface CertificateFiles {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  /** Whether this run created the CA (false: an existing one was reused). */
  createdCa: boolean;
}

export interface CertificateRequest {
  host: string;
  ips: string[];
  outDir: string;
}

function openssl(args: string[]): Buffer {
  return execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * P-256: short handshakes on old whiteboard PCs, accepted by every browser and Windows.
 * The key goes through a pipe so that its file is never readable by others, even briefly.
 */
function newKey(path: string): void {
  const key = openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  rmSync(path, { force: true });
  writeFileSync(path, key, { mode: KEY_FILE_MODE });
  chmodSync(path, KEY_FILE_MODE);
}

function createCa(caKey: string, caCert: string, host: string): void {
  newKey(caKey);
  openssl([
    'req', '-x509', '-new', '-key', caKey, '-out', caCert, '-days', String(CA_VALIDITY_DAYS),
    '-subj', `/O=Passerelle/CN=Passerelle local CA (${host})`,
    '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash',
  ]); // prettier-ignore
  chmodSync(caCert, CERT_FILE_MODE);
}

function subjectAltNames(host: string, ips: string[]): string {
  const names = [isIP(host) ? `IP:${host}` : `DNS:${host}`, ...ips.map((ip) => `IP:${ip}`)];
  return [...new Set(names)].join(',');
}

function issueServerCertificate(files: CertificateFiles, request: CertificateRequest): void {
  const work = mkdtempSync(join(tmpdir(), 'passerelle-cert-'));
  try {
    const csr = join(work, 'server.csr');
    const extensions = join(work, 'server.ext');
    writeFileSync(
      extensions,
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${subjectAltNames(request.host, request.ips)}`,
        'authorityKeyIdentifier=keyid',
        'subjectKeyIdentifier=hash',
      ].join('\n') + '\n',
    );
    newKey(files.serverKey);
    openssl(['req', '-new', '-key', files.serverKey, '-out', csr, '-subj', `/CN=${request.host}`]);
    openssl([
      'x509', '-req', '-in', csr, '-CA', files.caCert, '-CAkey', files.caKey,
      '-set_serial', `0x${randomBytes(16).toString('hex')}`,
      '-days', String(SERVER_VALIDITY_DAYS), '-sha256', '-extfile', extensions,
      '-out', files.serverCert,
    ]); // prettier-ignore
    chmodSync(files.serverCert, CERT_FILE_MODE);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Creates the CA when missing, then a server certificate for the host (and IPs) it signs. */
export function createCertificates(request: CertificateRequest): CertificateFiles {
  mkdirSync(request.outDir, { recursive: true, mode: 0o700 });
  const at = (name: string) => join(request.outDir, name);
  const files: CertificateFiles = {
    caCert: at('passerelle-ca.crt'),
    caKey: at('passerelle-ca.key'),
    serverCert: at('server.crt'),
    serverKey: at('server.key'),
    createdCa: false,
  };
  if (existsSync(files.caCert) !== existsSync(files.caKey))
    throw new Error(`${request.outDir} holds half a CA (certificate or key missing): remove it`);
  if (!existsSync(files.caCert)) {
    createCa(files.caKey, files.caCert, request.host);
    files.createdCa = true;
  }
  issueServerCertificate(files, request);
  return files;
}

function parseRequest(argv: string[]): CertificateRequest {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      ip: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: join('.passerelle', 'tls') },
    },
  });
  if (!values.host) throw new Error('--host <name> is required (the name the whiteboards open)');
  const badIp = values.ip.find((ip) => !isIP(ip));
  if (badIp !== undefined) throw new Error(`--ip ${badIp} is not an IP address`);
  return { host: values.host, ips: values.ip, outDir: resolve(values.out) };
}

function instructions(files: CertificateFiles, request: CertificateRequest): string {
  const origin = `https://${request.host}`;
  return `${files.createdCa ? 'Created' : 'Reused'} the local CA: ${files.caCert}
Server certificate for ${subjectAltNames(request.host, request.ips)}, valid ${SERVER_VALIDITY_DAYS} days.

Serve HTTPS with (or give both files to the reverse proxy):
  TLS_CERT_FILE=${files.serverCert}
  TLS_KEY_FILE=${files.serverKey}

Install the CA certificate (${files.caCert}, not its key) on every whiteboard:
  Windows, one PC:   certutil -addstore -f Root passerelle-ca.crt   (as administrator)
  Windows, a domain: GPO > Computer Configuration > Policies > Windows Settings >
                     Security Settings > Public Key Policies > Trusted Root Certification Authorities
  Chrome, Chromium and Edge on Windows use the Windows store. On Linux, Chromium policy
  CACertificates (or certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n Passerelle -i passerelle-ca.crt).
  Firefox: policy "Certificates": { "ImportEnterpriseRoots": true } (Windows store), or
           "Certificates": { "Install": ["passerelle-ca.crt"] }.
Then open ${origin} on a whiteboard: no certificate warning means it worked.
Keep ${files.caKey} off the whiteboards and out of backups others can read.
`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  try {
    const request = parseRequest(process.argv.slice(2));
    process.stdout.write(instructions(createCertificates(request), request));
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    process.stderr.write(`npm run cert: ${(error as Error).message}\n${stderr}`);
    process.exit(1);
  }
}
