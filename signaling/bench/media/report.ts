import type { ExtensionSet } from './extensions';
import type { DtxSetting } from './dtx';
import { STREAMS_PER_LESSON } from './lesson';
import type { ExtensionCheck } from './observe';
import type { Snapshot } from './run';

/** Loss above which a configuration no longer counts as carrying its lessons. */
export const LOSS_LIMIT = 0.005;

export interface Row {
  target: string;
  /** The header extensions the clients negotiated (set by the runner). */
  extensions?: ExtensionSet;
  /** Opus DTX on the microphones whose pages ask for it (set by the runner). */
  dtx?: DtxSetting;
  /** What the mediasoup worker said was in use (not for Janus). */
  check?: ExtensionCheck;
  lessons: number;
  seconds: number;
  /** SFU CPU in cores (1 = one core busy). */
  sfuCores: number;
  msPerLesson: number;
  msPerStream: number;
  usPerPacket: number;
  flowingStreams: number;
  plannedStreams: number;
  sentPps: number;
  forwardedPps: number;
  delivered: number;
  worstLoss: number;
  nodeCores: number;
  clientCores: number;
  lessonsPerCore: number;
  /** Where the window's loss happened (attribution.ts), printed under the row's line. */
  diagnosis?: string[];
  /** Combined rows (`combineRounds`): each round's ms/s per lesson, in the order they ran. */
  rounds?: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * One row for a configuration measured in several rounds (same target, L and settings): the
 * median of each cost and rate, so that one round on a machine that slowed down for a moment
 * does not decide a ratio, but the worst loss of any round and the fewest streams that flowed,
 * so that lessons per core are only given when every round was clean.
 */
export function combineRounds(rounds: Row[]): Row {
  const first = rounds[0];
  if (!first) throw new Error('no round to combine');
  if (rounds.length === 1) return first;
  const mid = (pick: (r: Row) => number) => median(rounds.map(pick));
  const msPerLesson = mid((r) => r.msPerLesson);
  const worstLoss = Math.max(...rounds.map((r) => r.worstLoss));
  return {
    ...first,
    seconds: rounds.reduce((sum, r) => sum + r.seconds, 0),
    sfuCores: mid((r) => r.sfuCores),
    msPerLesson,
    msPerStream: mid((r) => r.msPerStream),
    usPerPacket: mid((r) => r.usPerPacket),
    flowingStreams: Math.min(...rounds.map((r) => r.flowingStreams)),
    sentPps: mid((r) => r.sentPps),
    forwardedPps: mid((r) => r.forwardedPps),
    delivered: Math.min(...rounds.map((r) => r.delivered)),
    worstLoss,
    nodeCores: mid((r) => r.nodeCores),
    clientCores: mid((r) => r.clientCores),
    lessonsPerCore: worstLoss < LOSS_LIMIT ? 1000 / msPerLesson : 0,
    diagnosis: undefined,
    rounds: rounds.map((r) => r.msPerLesson),
  };
}

function byName(snapshot: Snapshot) {
  return new Map(snapshot.counts.map((count) => [count.name, count]));
}

interface StreamTotals {
  sent: number;
  forwarded: number;
  expected: number;
  flowing: number;
  worstLoss: number;
}

/** Packets sent and received over the window, summed over every stream of every lesson. */
function totals(before: Snapshot, after: Snapshot): StreamTotals {
  const earlier = byName(before);
  const sum: StreamTotals = { sent: 0, forwarded: 0, expected: 0, flowing: 0, worstLoss: 0 };
  for (const count of after.counts) {
    const start = earlier.get(count.name);
    const packets = count.packets - (start?.packets ?? 0);
    if (count.expected === undefined) {
      sum.sent += packets;
      continue;
    }
    const due = count.expected - (start?.expected ?? 0);
    sum.forwarded += packets;
    sum.expected += due;
    if (packets > 0) sum.flowing += 1;
    sum.worstLoss = Math.max(sum.worstLoss, due > 0 ? 1 - packets / due : 1);
  }
  return sum;
}

export function row(target: string, lessons: number, before: Snapshot, after: Snapshot): Row {
  const seconds = (after.at - before.at) / 1000;
  const { sent, forwarded, expected, flowing, worstLoss } = totals(before, after);
  const sfuCores = (after.sfuCpu - before.sfuCpu) / seconds;
  const msPerLesson = (sfuCores * 1000) / lessons;
  return {
    target,
    lessons,
    seconds,
    sfuCores,
    msPerLesson,
    msPerStream: (sfuCores * 1000) / Math.max(1, flowing),
    usPerPacket: ((after.sfuCpu - before.sfuCpu) * 1e6) / Math.max(1, forwarded),
    flowingStreams: flowing,
    plannedStreams: lessons * STREAMS_PER_LESSON,
    sentPps: sent / seconds,
    forwardedPps: forwarded / seconds,
    delivered: expected > 0 ? forwarded / expected : 0,
    worstLoss,
    nodeCores: (after.nodeCpu - before.nodeCpu) / seconds,
    clientCores: (after.clientCpu - before.clientCpu) / seconds,
    lessonsPerCore: worstLoss < LOSS_LIMIT ? 1000 / msPerLesson : 0,
  };
}

const COLUMNS: [string, (r: Row) => string][] = [
  ['config', (r) => r.target],
  ['extensions', (r) => r.extensions ?? '—'],
  ['DTX', (r) => r.dtx ?? '—'],
  ['L', (r) => String(r.lessons)],
  ['SFU CPU %', (r) => (r.sfuCores * 100).toFixed(1)],
  ['ms/s per lesson', (r) => r.msPerLesson.toFixed(1)],
  ['ms/s per stream', (r) => r.msPerStream.toFixed(2)],
  ['µs/packet', (r) => r.usPerPacket.toFixed(1)],
  ['streams', (r) => `${r.flowingStreams}/${r.plannedStreams}`],
  ['sent pkt/s', (r) => r.sentPps.toFixed(0)],
  ['fwd pkt/s', (r) => r.forwardedPps.toFixed(0)],
  ['delivered', (r) => `${(r.delivered * 100).toFixed(2)} %`],
  ['worst loss', (r) => `${(r.worstLoss * 100).toFixed(2)} %`],
  ['Node CPU %', (r) => (r.nodeCores * 100).toFixed(1)],
  ['clients CPU %', (r) => (r.clientCores * 100).toFixed(0)],
  ['lessons/core', (r) => (r.lessonsPerCore > 0 ? r.lessonsPerCore.toFixed(0) : `— (loss)`)],
  ['rounds (ms/s per lesson)', (r) => r.rounds?.map((ms) => ms.toFixed(1)).join(' ') ?? '—'],
];

export function printTable(rows: Row[]): void {
  const cells = rows.map((r) => COLUMNS.map(([, cell]) => cell(r)));
  const widths = COLUMNS.map(([title], i) =>
    Math.max(title.length, ...cells.map((c) => c[i]!.length)),
  );
  const line = (values: string[]) => values.map((v, i) => v.padStart(widths[i]!)).join('  ');
  console.log(line(COLUMNS.map(([title]) => title)));
  for (const values of cells) console.log(line(values));
}

/**
 * Passerelle / bare and Janus / Passerelle on CPU per forwarded stream, for each L and
 * extension set run by both; and, where it ran, Passerelle without dynacast / bare: what
 * Passerelle costs the worker for the same packets (its clients then send what the bare
 * router's do).
 */
export function printRatios(rows: Row[]): void {
  for (const line of ratioLines(rows)) console.log(line);
}

/** `printRatios`' lines, one per L and setting run by at least two targets that compare. */
export function ratioLines(rows: Row[]): string[] {
  const lines: string[] = [];
  const keys = new Map(rows.map((r) => [`${r.lessons} ${r.extensions} ${r.dtx}`, r]));
  for (const { lessons, extensions, dtx } of keys.values()) {
    const find = (target: string) =>
      rows.find(
        (r) =>
          r.target === target &&
          r.lessons === lessons &&
          r.extensions === extensions &&
          r.dtx === dtx,
      );
    const passerelle = find('passerelle');
    const bare = find('bare');
    const janus = find('janus');
    const parts: string[] = [];
    const ratio = (a: Row, b: Row) =>
      `${(a.msPerStream / b.msPerStream).toFixed(2)} (per packet ${(a.usPerPacket / b.usPerPacket).toFixed(2)})`;
    const withoutDynacast = find('passerelle-nodynacast');
    if (passerelle && bare) parts.push(`Passerelle / bare ${ratio(passerelle, bare)}`);
    if (withoutDynacast && bare)
      parts.push(`Passerelle without dynacast / bare ${ratio(withoutDynacast, bare)}`);
    if (janus && passerelle) parts.push(`Janus / Passerelle ${ratio(janus, passerelle)}`);
    if (parts.length > 0)
      lines.push(
        `L=${lessons} ${extensions} DTX ${dtx}: ${parts.join(', ')} (CPU per forwarded stream)`,
      );
  }
  return lines;
}

/** What the worker said was negotiated and in use, one line per mediasoup configuration. */
export function printChecks(rows: Row[]): void {
  for (const r of rows) {
    const c = r.check;
    if (!c) continue;
    console.log(
      `${r.target} ${r.extensions} DTX ${r.dtx} L=${r.lessons}: audio level on ${c.microphonesWithLevel}/${c.microphones} ` +
        `microphones, DTX on ${c.microphonesWithDtx}/${c.microphones} ` +
        `microphones, transport-cc on ${c.producersWithTransportCc}/${c.producers} producers, ` +
        `${c.idleCameraLayers}/${c.cameraLayers} camera layers off, ` +
        `bandwidth estimate on ${c.transportsWithEstimate}/${c.sendingTransports} sending transports ` +
        `(median ${(c.medianEstimateBps / 1000).toFixed(0)} kbit/s), ${c.microphonesHeard} microphones ` +
        `heard by an AudioLevelObserver, ` +
        `${c.dominantSpeakerEvents} dominant-speaker changes from ${c.speakerObservers} observers`,
    );
  }
}

/** The issue's bare 1→N fan-out on this kind of machine: worker ms/s per subscriber stream. */
export const ISSUE_CALIBRATION_MS_PER_STREAM = { low: 2.5, high: 2.8 } as const;

/**
 * Lessons per core had the machine run as fast as when the issue measured its fan-out: the
 * worker's cost per lesson scaled by the issue's calibration over this run's (a shared VM's
 * speed moves by a third from one hour to the next; the ratios, measured in the same run, need
 * no such scaling). Lowest first.
 */
export function lessonsPerCoreAtIssueSpeed(
  lessonsPerCore: number,
  calibrationMsPerStream: number,
): [number, number] {
  const { low, high } = ISSUE_CALIBRATION_MS_PER_STREAM;
  return [
    (lessonsPerCore * calibrationMsPerStream) / high,
    (lessonsPerCore * calibrationMsPerStream) / low,
  ];
}

/**
 * The headline: lessons per core and both ratios at the largest L where Passerelle's worst
 * stream stayed under the loss limit (per extension set and DTX setting), or why there is none;
 * with the run's calibration, lessons per core at the issue's machine speed too.
 */
export function summaryLines(rows: Row[], calibrationMsPerStream?: number): string[] {
  const settings = new Map(rows.map((r) => [`${r.extensions} ${r.dtx}`, r]));
  return [...settings.values()].map(({ extensions, dtx }) => {
    const same = rows.filter((r) => r.extensions === extensions && r.dtx === dtx);
    const clean = same
      .filter((r) => r.target === 'passerelle' && r.worstLoss < LOSS_LIMIT)
      .sort((a, b) => b.lessons - a.lessons)[0];
    const label = `${extensions} DTX ${dtx}`;
    if (!clean) return `${label}: no L where Passerelle lost under ${LOSS_LIMIT * 100} %`;
    const at = (target: string) =>
      same.find((r) => r.target === target && r.lessons === clean.lessons);
    const parts = [`${clean.lessonsPerCore.toFixed(0)} lessons/core`];
    if (calibrationMsPerStream) {
      const [fewest, most] = lessonsPerCoreAtIssueSpeed(
        clean.lessonsPerCore,
        calibrationMsPerStream,
      );
      const { low, high } = ISSUE_CALIBRATION_MS_PER_STREAM;
      parts.push(
        `${fewest.toFixed(0)}-${most.toFixed(0)} at the issue's machine speed ` +
          `(calibration ${calibrationMsPerStream.toFixed(2)} against its ${low}-${high} ms/s per stream)`,
      );
    }
    const ratio = (a: Row, b: Row) => {
      const lossy = [a, b].filter((r) => r.worstLoss >= LOSS_LIMIT).map((r) => r.target);
      const note = lossy.length > 0 ? ` (${lossy.join(', ')} lost over the limit)` : '';
      return `${(a.msPerStream / b.msPerStream).toFixed(2)}${note}`;
    };
    const bare = at('bare');
    const janus = at('janus');
    if (bare) parts.push(`Passerelle / bare ${ratio(clean, bare)}`);
    if (janus) parts.push(`Janus / Passerelle ${ratio(janus, clean)}`);
    return `${label}, at the largest clean L=${clean.lessons}: Passerelle ${parts.join(', ')}`;
  });
}
