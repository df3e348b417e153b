/**
 * A throwaway PostgreSQL server from Debian's `postgresql` package, for the tests and the
 * benchmarks: `initdb` into a temporary directory, `postgres` on a free loopback port, stopped
 * and deleted by `stop()`. PostgreSQL refuses to run as root, so under root it runs as the
 * unprivileged system user `passerelle-test` (created on first use) through `setpriv`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './freePort';

const SERVICE_USER = 'passerelle-test';
const SUPERUSER = 'passerelle';
const READY_DEADLINE_MS = 60_000;

export interface LocalPostgres {
  /** The server's own `postgres` database, as its superuser (no password: loopback, trust). */
  adminUrl: string;
  /** The URL of `database` on this server. */
  urlOf(database: string): string;
  stop(): Promise<void>;
}

/** The newest PostgreSQL installed by Debian (`/usr/lib/postgresql/<major>/bin`). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const major = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!major) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
  return join(root, major, 'bin');
}

/** uid and gid to run as: ourselves, or under root the service user (created if missing). */
function serviceIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) =>
    Number(
      execFileSync('id', [flag, SERVICE_USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
    );
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', [
      ...['--system', '--user-group', '--no-create-home'],
      ...['--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', SERVICE_USER],
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function asService(ids: { uid: number; gid: number } | null, command: string, args: string[]) {
  if (!ids) return { command, args };
  const drop = [`--reuid=${ids.uid}`, `--regid=${ids.gid}`, '--clear-groups'];
  return { command: 'setpriv', args: [...drop, '--', command, ...args] };
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}):\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`postgres did not accept connections within ${READY_DEADLINE_MS} ms:\n${log()}`);
}

/**
 * Durability is off (fsync, full-page writes): the data is thrown away at the end, and the
 * tests measure Passerelle, not the disk. Text sorts byte by byte (`--locale=C`), as the
 * store requires (store/open.ts).
 */
export async function startLocalPostgres(): Promise<LocalPostgres> {
  const bin = postgresBin();
  const ids = serviceIds();
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-pg-'));
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  const initdb = asService(ids, join(bin, 'initdb'), [
    ...['-D', data, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C'],
    '--no-sync',
  ]);
  execFileSync(initdb.command, initdb.args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await freePort();
  const server = asService(ids, join(bin, 'postgres'), [
    ...['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'],
    ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    ...['-c', 'max_connections=200', '-c', 'shared_buffers=128MB'],
  ]);
  const child = spawn(server.command, server.args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const urlOf = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT'); // "fast" shutdown: ends sessions, then exits cleanly
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(urlOf('postgres'), child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { adminUrl: urlOf('postgres'), urlOf, stop };
}
