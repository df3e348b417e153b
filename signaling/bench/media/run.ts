/*
 * One measured configuration: an SFU target up, L lessons of clients in child
 * processes, a warm-up, then counts and CPU taken at both ends of a window.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromClient, LessonAssignment, ToClient } from './clientProcess';
import type { ExtensionSet } from './extensions';
import type { DtxSetting } from './dtx';
import { processCpuSeconds } from './cpu';
import type { StreamCount } from './participant';

const CLIENT_ENTRY = fileURLToPath(new URL('./clientProcess.ts', import.meta.url));

/** An SFU under test, started for one measurement. */
export interface Target {
  name: string;
  /** Processes whose CPU is the SFU's (mediasoup workers, Janus). */
  sfuPids(): number[];
  /** What each client process is told to start (its lessons filled in by the runner). */
  startMessage(lessons: string[]): Promise<Omit<StartMessage, 'extensions' | 'dtx'>>;
  /** Called with each client process, for a target that answers its IPC (the bare router). */
  attach?(child: ChildProcess): void;
  close(): Promise<void>;
}

type StartMessage = Extract<ToClient, { kind: 'start' }>;

export interface Snapshot {
  at: number;
  sfuCpu: number;
  nodeCpu: number;
  clientCpu: number;
  counts: StreamCount[];
}

export interface RunOptions {
  lessons: number;
  clients: number;
  warmupMs: number;
  windowMs: number;
  extensions: ExtensionSet;
  dtx: DtxSetting;
  /** Called at the end of the window, while the lessons still run (server-side checks). */
  atEnd?: () => Promise<void>;
}

function startClient(target: Target, message: ToClient): Promise<ChildProcess> {
  const child = fork(CLIENT_ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  target.attach?.(child);
  return new Promise((resolve, reject) => {
    child.on('message', (answer: FromClient) => {
      if (answer.kind === 'ready') resolve(child);
      if (answer.kind === 'failed') reject(new Error(`client failed: ${answer.error}`));
    });
    child.once('exit', (code) => reject(new Error(`client exited (${code}) before it was ready`)));
    child.send(message);
  });
}

function clientSnapshot(child: ChildProcess): Promise<Extract<FromClient, { kind: 'snapshot' }>> {
  return new Promise((resolve) => {
    const listen = (answer: FromClient) => {
      if (answer.kind !== 'snapshot') return;
      child.off('message', listen);
      resolve(answer);
    };
    child.on('message', listen);
    child.send({ kind: 'snapshot' } satisfies ToClient);
  });
}

async function snapshot(target: Target, children: ChildProcess[]): Promise<Snapshot> {
  const answers = await Promise.all(children.map(clientSnapshot));
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    sfuCpu: target.sfuPids().reduce((sum, pid) => sum + processCpuSeconds(pid), 0),
    nodeCpu: (usage.user + usage.system) / 1e6,
    clientCpu: answers.reduce((sum, answer) => sum + answer.cpuSeconds, 0),
    counts: answers.flatMap((answer) => answer.counts),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `options.lessons` lessons on `target`; returns the snapshots at both ends of the window. */
export async function measure(target: Target, options: RunOptions): Promise<[Snapshot, Snapshot]> {
  const groups: string[][] = Array.from(
    { length: Math.min(options.clients, options.lessons) },
    () => [],
  );
  for (let lesson = 0; lesson < options.lessons; lesson++)
    groups[lesson % groups.length]!.push(`bench-${target.name}-${lesson}`);
  const children: ChildProcess[] = [];
  try {
    for (const group of groups) {
      const { extensions, dtx } = options;
      const message = { ...(await target.startMessage(group)), extensions, dtx };
      children.push(await startClient(target, message));
    }
    await sleep(options.warmupMs);
    const before = await snapshot(target, children);
    await sleep(options.windowMs);
    const after = await snapshot(target, children);
    await options.atEnd?.();
    return [before, after];
  } finally {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.removeAllListeners('exit');
            child.once('exit', () => resolve());
            child.send({ kind: 'stop' } satisfies ToClient);
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
  }
}

export type { LessonAssignment };
