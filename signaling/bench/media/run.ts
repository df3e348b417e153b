/*
 * One measured configuration: an SFU target up, L lessons of clients in child
 * processes, a warm-up, then counts and CPU taken at both ends of a window.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type {
  FromClient,
  LessonAssignment,
  LoopDelay,
  SendingTally,
  ToClient,
} from './clientProcess';
import type { ExtensionSet } from './extensions';
import type { DtxSetting } from './dtx';
import { processCpuSeconds } from './cpu';
import { EXCHANGE_MS } from './synthetic';
import type { StreamCount } from './participant';
import type { SsrcStat } from './observe';
import { udpDropsOf, udpSockets } from './udpDrops';

const CLIENT_ENTRY = fileURLToPath(new URL('./clientProcess.ts', import.meta.url));

/** An SFU under test, started for one measurement. */
export interface Target {
  name: string;
  /** Processes whose CPU is the SFU's (mediasoup workers, Janus). */
  sfuPids(): number[];
  /** What each client process is told to start (its lessons filled in by the runner). */
  startMessage(
    lessons: string[],
  ): Promise<Omit<StartMessage, 'extensions' | 'dtx' | 'spotlightSwapMs'>>;
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
  /** Kernel drop counts by socket inode: the SFU's processes', and each client process's. */
  udpDrops: { sfu: Map<number, number>; clients: Map<number, number>[] };
  /** Each client process's event-loop delay since the previous snapshot. */
  loop: LoopDelay[];
  /** The client processes' sending, summed: whether they kept up with their seats. */
  sending: SendingTally;
  /** What the worker counted per SSRC, when asked (`--verbose`). */
  ssrcStats?: Map<number, SsrcStat>;
}

export interface RunOptions {
  lessons: number;
  clients: number;
  /** The client processes' nice value (0: the same priority as the SFU). */
  clientNice?: number;
  warmupMs: number;
  windowMs: number;
  extensions: ExtensionSet;
  dtx: DtxSetting;
  /** How often each tutor moves the spotlight (default: with the answering class, lesson.ts). */
  spotlightSwapMs?: number;
  /** The worker's own counts per SSRC, taken with each snapshot (mediasoup targets, `--verbose`). */
  ssrcStats?: () => Promise<Map<number, SsrcStat>>;
  /** Called at the end of the window, while the lessons still run (server-side checks). */
  atEnd?: () => Promise<void>;
}

/** `BENCH_MEDIA_CPU_PROF=<dir>`: each client process writes a V8 CPU profile there when it stops. */
const PROFILE_DIR = process.env.BENCH_MEDIA_CPU_PROF;

/** Forks a client process; `ready` settles once it runs its lessons (or could not). */
function startClient(
  target: Target,
  message: ToClient,
  nice = 0,
): { child: ChildProcess; ready: Promise<void> } {
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = fork(CLIENT_ENTRY, [], {
    execArgv: ['--import', 'tsx', ...profile],
    stdio: 'inherit',
  });
  if (nice !== 0) setPriority(child.pid!, nice);
  target.attach?.(child);
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (answer: FromClient) => {
      if (answer.kind === 'ready') resolve();
      if (answer.kind === 'failed') reject(new Error(`client failed: ${answer.error}`));
    });
    child.once('exit', (code) => reject(new Error(`client exited (${code}) before it was ready`)));
    child.send(message);
  });
  return { child, ready };
}

/** Asks a client process to stop, and kills it if it has not after 10 s. */
function stopClient(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.send({ kind: 'stop' } satisfies ToClient);
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
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

function sumSending(tallies: SendingTally[]): SendingTally {
  const sum = { framesDue: 0, framesDropped: 0, packetsPaced: 0, packetsQueued: 0 };
  for (const tally of tallies)
    for (const key of Object.keys(sum) as (keyof SendingTally)[]) sum[key] += tally[key];
  return sum;
}

async function snapshot(
  target: Target,
  children: ChildProcess[],
  ssrcStats?: RunOptions['ssrcStats'],
): Promise<Snapshot> {
  const [answers, stats] = await Promise.all([
    Promise.all(children.map(clientSnapshot)),
    ssrcStats?.(),
  ]);
  const usage = process.cpuUsage();
  const sockets = udpSockets();
  const sfuDrops = target.sfuPids().flatMap((pid) => [...udpDropsOf(pid, sockets)]);
  return {
    udpDrops: {
      sfu: new Map(sfuDrops),
      clients: children.map((child) => udpDropsOf(child.pid!, sockets)),
    },
    loop: answers.map((answer) => answer.loop),
    sending: sumSending(answers.map((answer) => answer.sending)),
    ssrcStats: stats,
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
      const { extensions, dtx, spotlightSwapMs = EXCHANGE_MS } = options;
      const message = { ...(await target.startMessage(group)), extensions, dtx, spotlightSwapMs };
      // Kept before it is ready: a client that failed its lessons is stopped too.
      const { child, ready } = startClient(target, message, options.clientNice);
      children.push(child);
      await ready;
    }
    await sleep(options.warmupMs);
    const before = await snapshot(target, children, options.ssrcStats);
    await sleep(options.windowMs);
    const after = await snapshot(target, children, options.ssrcStats);
    await options.atEnd?.();
    return [before, after];
  } finally {
    await Promise.all(children.map(stopClient));
  }
}

export type { LessonAssignment };
