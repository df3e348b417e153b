/*
 * What does a lesson's media cost the SFU, and how many lessons does one core
 * carry? L lessons of headless WebRTC participants (werift, in child
 * processes) speak Passerelle's protocol and send synthetic VP8 simulcast and
 * Opus; the same lessons run, alternating, on a bare mediasoup router driven
 * directly (the limit). The SFU's CPU comes from /proc. See README.md here.
 *
 *   npm run bench:media [-- --lessons 6,8,10 --seconds 20 --clients 2 --client-nice 10
 *                          --targets passerelle,bare,janus --extensions browser --dtx on,off
 *                          --calibrate 24 --rounds 3 --kernel-settings deployed --verbose
 *                          --spotlight-swap-ms 15000]
 */
import { parseArgs } from 'node:util';
import { loadAverage } from './cpu';
import {
  LOSS_LIMIT,
  isClean,
  printChecks,
  printRatios,
  printTable,
  combineRounds,
  row,
  summaryLines,
  type Row,
} from './report';
import { measure, type Target } from './run';
import { bareTarget, fanoutTarget, janusTarget, passerelleTarget } from './targets';
import { STREAMS_PER_LESSON, spotlightSwapMs } from './lesson';
import { EXTENSION_SETS, type ExtensionSet } from './extensions';
import { DTX_SETTINGS, type DtxSetting } from './dtx';
import { MediasoupWatch, type ExtensionCheck } from './observe';
import { dropsAndDelays, lossyStreamLines, senderLine } from './attribution';
import { applyDeployedSettings } from './kernelSettings';

const TARGETS: Record<string, () => Promise<Target>> = {
  passerelle: () => passerelleTarget(),
  /** Passerelle without its ActiveSpeakerObserver: what the observer costs. */
  'passerelle-nospeaker': () =>
    passerelleTarget('passerelle-nospeaker', { ACTIVE_SPEAKER_INTERVAL_MS: '0' }),
  /** Passerelle whose clients ignore dynacast (`?dynacast=0`): what dynacast saves the SFU. */
  'passerelle-nodynacast': () => passerelleTarget('passerelle-nodynacast', {}, false),
  bare: bareTarget,
  janus: janusTarget,
};

export interface BenchOptions {
  lessons: number[];
  seconds: number;
  clients: number;
  /** The client processes' nice value: above 0, the SFU runs first when both want a core. */
  clientNice?: number;
  targets: string[];
  /** The header extensions the clients negotiate; each set runs on every target. */
  extensions: ExtensionSet[];
  /** Opus DTX as the product sets it (`on`) or nowhere (`off`); each runs on every target. */
  dtx: DtxSetting[];
  warmupSeconds: number;
  /**
   * How many times each configuration runs at each L, targets alternating (default 1); the
   * table gives each configuration's median round and its worst loss in any round.
   */
  rounds?: number;
  /** Subscribers of the calibration fan-out run first on the bare router (0 or absent: none). */
  calibrate?: number;
  /** Print each stream that lost more than the limit. */
  verbose?: boolean;
  /**
   * How often each tutor moves the spotlight, in ms (default: with the answering class, every
   * 15 s; `--spotlight-swap-ms`, or `BENCH_SPOTLIGHT_SWAP_MS`, on the command line).
   */
  spotlightSwapMs?: number;
}

/** One target with one client setting at one L: its row, and what the worker said was in use. */
async function runOne(
  name: string,
  { extensions, dtx }: { extensions: ExtensionSet; dtx: DtxSetting },
  lessons: number,
  options: BenchOptions,
): Promise<Row> {
  const watch = await MediasoupWatch.start();
  const target = await TARGETS[name]!();
  let check: ExtensionCheck | undefined;
  try {
    const [before, after] = await measure(target, {
      lessons,
      clients: options.clients,
      clientNice: options.clientNice,
      warmupMs: options.warmupSeconds * 1000,
      windowMs: options.seconds * 1000,
      extensions,
      dtx,
      spotlightSwapMs: options.spotlightSwapMs,
      // The worker's own per-stream counts, to attribute a lossy stream's loss.
      ssrcStats: options.verbose && name !== 'janus' ? () => watch.ssrcStats() : undefined,
      atEnd: async () => {
        if (name !== 'janus') check = await watch.check();
      },
    });
    const diagnosis = [dropsAndDelays(before, after)];
    if (options.verbose) {
      const producers = senderLine(before, after);
      if (producers) diagnosis.push(producers);
      diagnosis.push(...lossyStreamLines(before, after));
    }
    return { ...row(name, lessons, before, after), extensions, dtx, check, diagnosis };
  } finally {
    watch.stop();
    await target.close();
  }
}

/**
 * The issue's bare 1→N fan-out, for comparing days: worker CPU per subscriber stream and per
 * forwarded packet, next to the figures the issue quotes.
 */
async function calibrate(
  subscribers: number,
  options: BenchOptions,
): Promise<{ line: string; usPerPacket: number }> {
  const target = await fanoutTarget(subscribers);
  try {
    const [before, after] = await measure(target, {
      lessons: 1,
      clients: 1,
      clientNice: options.clientNice,
      warmupMs: options.warmupSeconds * 1000,
      windowMs: options.seconds * 1000,
      extensions: options.extensions[0]!,
      dtx: 'off',
    });
    const r = row(target.name, 1, before, after);
    const line =
      `calibration, bare 1→${subscribers} fan-out of 1.06 Mbit/s: ${r.msPerStream.toFixed(2)} ms/s per ` +
      `subscriber stream, ${r.usPerPacket.toFixed(1)} µs/packet ` +
      `(${(r.forwardedPps / Math.max(1, r.flowingStreams)).toFixed(0)} packets/s a stream), ${r.flowingStreams}/${subscribers} ` +
      `streams, worst loss ${(r.worstLoss * 100).toFixed(2)} % (the issue: 2.5-2.8 ms/s, 21-24 µs)\n` +
      `    ${dropsAndDelays(before, after)}`;
    // A calibration that lost packets or streams says nothing about the machine's speed.
    const clean = r.flowingStreams === subscribers && r.worstLoss < LOSS_LIMIT;
    return { line, usPerPacket: clean ? r.usPerPacket : 0 };
  } finally {
    await target.close();
  }
}

/** Every combination of extension set and DTX setting the run asks for. */
function clientSettings(options: BenchOptions) {
  return options.extensions.flatMap((extensions) =>
    options.dtx.map((dtx) => ({ extensions, dtx })),
  );
}

/** The values of a comma-separated option, each checked against `allowed`. */
function listOption<T extends string>(name: string, value: string, allowed: readonly T[]): T[] {
  return value.split(',').map((item) => {
    if (!allowed.includes(item as T)) throw new Error(`--${name}: one of ${allowed.join(', ')}`);
    return item as T;
  });
}

/**
 * Runs every L with each extension set and DTX setting and each target in turn (alternating, so the machine's
 * load falls on all alike), stopping at the L where no configuration ran clean.
 */
export async function runBench(options: BenchOptions, print = true): Promise<Row[]> {
  return (await runCalibrated(options, print)).rows;
}

/** `runBench`, with the calibration's worker µs per forwarded packet (0: none or not clean). */
async function runCalibrated(
  options: BenchOptions,
  print: boolean,
): Promise<{ rows: Row[]; calibrationUsPerPacket: number }> {
  const rows: Row[] = [];
  let calibrationUsPerPacket = 0;
  if (options.calibrate) {
    const calibration = await calibrate(options.calibrate, options);
    if (print) console.log(`  ${calibration.line}`);
    calibrationUsPerPacket = calibration.usPerPacket;
  }
  const rounds = Math.max(1, options.rounds ?? 1);
  for (const lessons of options.lessons) {
    const measuredAtL = new Map<string, Row[]>();
    for (let round = 0; round < rounds; round++) {
      for (const clients of clientSettings(options)) {
        // Each round starts with the next target, so no target always follows the same one.
        const order = options.targets.map(
          (_, i) => options.targets[(i + round) % options.targets.length]!,
        );
        for (const name of order) {
          const measured = await runOne(name, clients, lessons, options);
          const { extensions, dtx } = clients;
          const key = `${name} ${extensions} ${dtx}`;
          measuredAtL.set(key, [...(measuredAtL.get(key) ?? []), measured]);
          // Each row as it comes, so a run cut short still says what it measured.
          if (print)
            console.log(
              `  measured ${name} (${extensions}, DTX ${dtx}) with ${lessons} lessons` +
                `${rounds > 1 ? `, round ${round + 1}/${rounds}` : ''}: ` +
                `${measured.msPerLesson.toFixed(1)} ms/s per lesson, ${measured.usPerPacket.toFixed(1)} µs/packet, ` +
                `worst loss ${(measured.worstLoss * 100).toFixed(2)} %, ` +
                `clients behind ${(measured.clientsBehind * 100).toFixed(1)} % (load ${loadAverage()})` +
                (measured.diagnosis ?? []).map((line) => `\n    ${line}`).join(''),
            );
        }
      }
    }
    const atThisL = [...measuredAtL.values()].map(combineRounds);
    rows.push(...atThisL);
    // No configuration carried its lessons (lost too much, or its clients fell behind): a
    // higher L would only say so again.
    if (!atThisL.some(isClean)) break;
  }
  return { rows, calibrationUsPerPacket };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      // The headline is read at the largest clean L; with paced clients L=10 runs clean here.
      lessons: { type: 'string', default: '6,8,10' },
      seconds: { type: 'string', default: '20' },
      clients: { type: 'string', default: '2' },
      // The clients stand for browsers on other machines: the worker runs first when both want a core.
      'client-nice': { type: 'string', default: '10' },
      calibrate: { type: 'string', default: '24' },
      // One round moves by up to 30 % on this machine: the ratios are read on medians of 3.
      rounds: { type: 'string', default: '3' },
      targets: { type: 'string', default: 'passerelle,bare,janus' },
      extensions: { type: 'string', default: 'browser' },
      // The product's setting (classes with DTX, the tutor continuous); `on,off` shows both.
      dtx: { type: 'string', default: 'on' },
      // transport-cc: mediasoup's estimate starts at 600 kbit/s and takes seconds to rise.
      warmup: { type: 'string', default: '10' },
      verbose: { type: 'boolean', default: false },
      // The SFU runs as deployed (deploy/99-passerelle-udp.conf, kernelSettings.ts); `as-is`: untouched.
      'kernel-settings': { type: 'string', default: 'deployed' },
      // Default: with the answering class (lesson.ts); 3000, a tutor flicking between classes.
      'spotlight-swap-ms': { type: 'string', default: process.env.BENCH_SPOTLIGHT_SWAP_MS },
    },
  });
  const [kernelSettings] = listOption('kernel-settings', values['kernel-settings'], [
    'deployed',
    'as-is',
  ] as const);
  const options: BenchOptions = {
    lessons: values.lessons.split(',').map(Number),
    seconds: Number(values.seconds),
    clients: Number(values.clients),
    clientNice: Number(values['client-nice']),
    calibrate: Number(values.calibrate),
    rounds: Number(values.rounds),
    targets: values.targets.split(','),
    extensions: listOption('extensions', values.extensions, EXTENSION_SETS),
    dtx: listOption('dtx', values.dtx, DTX_SETTINGS),
    warmupSeconds: Number(values.warmup),
    verbose: values.verbose,
    spotlightSwapMs: spotlightSwapMs(values['spotlight-swap-ms']),
  };
  const applied =
    kernelSettings === 'deployed'
      ? applyDeployedSettings()
      : { line: 'kernel settings as they are (--kernel-settings as-is)', restore: () => undefined };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      applied.restore();
      process.exit(130);
    });
  console.log(
    `bench:media: L lessons × (tutor 3-layer VP8 + Opus, 2 classrooms 2-layer VP8 + Opus, inspector), ` +
      `${STREAMS_PER_LESSON} forwarded streams each; ${options.seconds} s windows; load ${loadAverage()}\n` +
      `  ${applied.line}\n`,
  );
  let rows: Row[];
  let calibrationUsPerPacket: number;
  try {
    ({ rows, calibrationUsPerPacket } = await runCalibrated(options, true));
  } finally {
    applied.restore();
  }
  console.log('');
  printTable(rows);
  console.log('');
  printRatios(rows);
  for (const line of summaryLines(rows, calibrationUsPerPacket)) console.log(line);
  console.log('');
  printChecks(rows);
  console.log(`\nload average at the end: ${loadAverage()}`);
  // Which build ran (libsrtp's crypto backend changes the figures): set by loadMediasoup.
  console.log(`mediasoup worker: ${process.env.MEDIASOUP_WORKER_BIN ?? "mediasoup's own build"}`);
  process.exit(0);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
