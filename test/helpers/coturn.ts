import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/freePort';

export { freePort };

const SAMPLE_CONFIG = fileURLToPath(new URL('../../deploy/turnserver.conf', import.meta.url));

export interface Coturn {
  /** TURN over UDP and TCP. */
  port: number;
  /** TURN over TLS (443 in production). */
  tlsPort: number;
  /** The URLs a server hands out for this relay, as TURN_URLS takes them. */
  urls: string[];
  /** Everything coturn logged (allocations, refusals), for assertions and failure reports. */
  log(): string;
  close(): Promise<void>;
}

export interface CoturnOptions {
  secret: string;
  /** Where coturn listens and relays from (a veth address, or 127.0.0.1). */
  ip?: string;
  /**
   * Run the sample deploy/turnserver.conf (its secret, certificate and ports replaced)
   * instead of the options on the command line.
   */
  sampleConfig?: boolean;
}

/** A self-signed certificate for `ip`, made with the openssl CLI, in its own temp folder. */
export function selfSignedCertificate(folder: string, ip: string): { cert: string; key: string } {
  const cert = join(folder, 'cert.pem');
  const key = join(folder, 'key.pem');
  execFileSync('openssl', [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
    ...['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=turn.passerelle.test'],
    ...['-addext', `subjectAltName=IP:${ip},DNS:turn.passerelle.test`],
  ]);
  return { cert, key };
}

async function waitForTcp(ip: string, port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`turnserver exited (${child.exitCode})`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, ip);
      socket.once('connect', () => resolve(true));
      socket.once('error', () => resolve(false));
    }).catch(() => false);
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`turnserver did not listen on ${ip}:${port}`);
}

interface RelaySettings {
  secret: string;
  cert: string;
  key: string;
  port: number;
  tlsPort: number;
}

/** The production options on the command line, with loopback peers allowed for the tests. */
function commandLineConfig({ secret, cert, key, port, tlsPort }: RelaySettings): string[] {
  return [
    ...['--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=passerelle'],
    ...[`--listening-port=${port}`, `--tls-listening-port=${tlsPort}`],
    ...[`--cert=${cert}`, `--pkey=${key}`, '--no-dtls', '--no-cli'],
    // The media server is on this machine; production denies loopback and private peers.
    '--allow-loopback-peers',
  ];
}

/** deploy/turnserver.conf with this run's secret, certificate and ports, logging to stdout. */
function sampleConfigWith({ secret, cert, key, port, tlsPort }: RelaySettings): string {
  const replacements: Record<string, string> = {
    'static-auth-secret': secret,
    cert,
    pkey: key,
    'listening-port': String(port),
    'tls-listening-port': String(tlsPort),
  };
  return readFileSync(SAMPLE_CONFIG, 'utf8')
    .split('\n')
    .filter((line) => line !== 'syslog')
    .map((line) => {
      const name = line.split('=')[0]!;
      return name in replacements ? `${name}=${replacements[name]}` : line;
    })
    .join('\n');
}

/**
 * Debian's coturn as a child process with the production options (use-auth-secret, TLS), on
 * free ports, with its own empty configuration, database and pid file so nothing clashes.
 */
export async function startCoturn(options: CoturnOptions): Promise<Coturn> {
  const ip = options.ip ?? '127.0.0.1';
  const folder = mkdtempSync(join(tmpdir(), 'passerelle-coturn-'));
  const { cert, key } = selfSignedCertificate(folder, ip);
  const port = await freePort(ip);
  const tlsPort = await freePort(ip);
  const settings = { secret: options.secret, cert, key, port, tlsPort };
  const configFile = join(folder, 'turnserver.conf');
  writeFileSync(configFile, options.sampleConfig ? sampleConfigWith(settings) : '');
  const child = spawn(
    'turnserver',
    [
      ...['-c', configFile, `--db=${join(folder, 'turndb')}`, `--pidfile=${join(folder, 'pid')}`],
      ...[`--listening-ip=${ip}`, `--relay-ip=${ip}`, '--log-file=stdout', '--simple-log'],
      ...(options.sampleConfig ? [] : commandLineConfig(settings)),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await waitForTcp(ip, tlsPort, child);
  } catch (error) {
    await close();
    throw new Error(`${String(error)}\n${output.slice(-2000)}`, { cause: error });
  }
  return {
    port,
    tlsPort,
    urls: [
      `turn:${ip}:${port}?transport=udp`,
      `turn:${ip}:${port}?transport=tcp`,
      `turns:${ip}:${tlsPort}?transport=tcp`,
    ],
    log: () => output,
    close,
  };
}
