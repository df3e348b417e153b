import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SessionTokenIssuer, type RunningServer } from '../../signaling';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PROCESS_TOKEN_SECRET = 'server-process-secret-long-enough-for-hs256';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Enough of a RunningServer for connectClient: its address and a token issuer. */
  server: RunningServer;
}

export interface ServerProcessOptions {
  /** Node's arguments; by default `npm start`'s entry point through tsx. */
  args?: string[];
  cwd?: string;
}

/** The real server, `npm start`'s entry point (signaling/main.ts), as a child process of its own. */
export async function startServerProcess(
  stateDir: string,
  env: Record<string, string> = {},
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const args = options.args ?? ['--import', 'tsx', 'signaling/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      RTC_PORT: '0',
      MEDIASOUP_NUM_WORKERS: '1',
      PASSERELLE_STATE_DIR: stateDir,
      PASSERELLE_TOKEN_SECRET: PROCESS_TOKEN_SECRET,
      DEMO: '0',
      LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running on (https?:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  const tokens = new SessionTokenIssuer(PROCESS_TOKEN_SECRET);
  return { child, url, server: { url, tokens } as unknown as RunningServer };
}

export function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', resolve));
}

/** Resident memory of a process, from /proc (Linux), in bytes. */
export function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}
