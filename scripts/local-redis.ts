/**
 * A throwaway Redis from Debian's `redis-server` package, for the tests and `npm run
 * start:cluster`: on a free loopback port, nothing saved to disk, stopped by `stop()`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort';

const READY_DEADLINE_MS = 30_000;

export interface LocalRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** `port`: a given one (a test restarting "the same" Redis after an outage), else a free one. */
export async function startLocalRedis(options: { port?: number } = {}): Promise<LocalRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-redis-'));
  const port = options.port ?? (await freePort());
  const child = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
      ...['--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitListening(
      port,
      () => child.exitCode,
      () => output,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}

/** Ready once it accepts a TCP connection and answers PING (inline protocol). */
async function waitListening(
  port: number,
  exitCode: () => number | null,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (exitCode() !== null) throw new Error(`redis-server exited (${exitCode()}):\n${log()}`);
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer within ${READY_DEADLINE_MS} ms:\n${log()}`);
}

async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.once('error', () => resolve(false));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.startsWith('+PONG'));
      }
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}
