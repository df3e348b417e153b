import type { ExtensionSet } from './extensions';
import type { DtxSetting } from './dtx';
import { STREAMS_PER_LESSON } from './lesson';
import type { ExtensionCheck } from './observe';
import type { Snapshot } from './run';
import type { SendingTally } from './clientProcess';

/** Loss above which a configuration no longer counts as carrying its lessons. */
export const LOSS_LIMIT = 0.005;

/**
 * Share of what the clients had to send that they did not, above which a row is not clean:
 * the load generator, not the SFU, ran out of CPU, and the SFU was given less than a lesson.
 */
export const CLIENTS_BEHIND_LIMIT = 0.01;

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
  /**
   * How far the client processes fell behind what their seats make over the window
   * (`clientsBehind`): 0 when they kept up.
   */
  clientsBehind: number;
  lessonsPerCore: number;
  /** Where the window's loss happened (attribution.ts), printed under the row's line. */
  diagnosis?: string[];
  /** Combined rows (`combineRounds`): each round's ms/s per lesson, in the order they ran. */
  rounds?: number[];
}

/**
 * How far the client processes fell behind over a window: the share of their frames their
 * timers dropped for being too late, or of the packets their pacers were given that are still
 * waiting at the end (a backlog that grew: they sent less than their cameras made).
 */
export function clientsBehind(before: SendingTally, after: SendingTally): number {
  const due = after.framesDue - before.framesDue;
  const dropped = after.framesDropped - before.framesDropped;
  const paced = after.packetsPaced - before.packetsPaced;
  const backlog = Math.max(0, after.packetsQueued - before.packetsQueued);
  return Math.max(due > 0 ? dropped / due : 0, paced > 0 ? backlog / paced : 0);
}

/** A row that carried its lessons: under the loss limit, its clients sending all they had to. */
export function isClean(r: Pick<Row, 'worstLoss' | 'clientsBehind'>): boolean {
  return r.worstLoss < LOSS_LIMIT && r.clientsBehind < CLIENTS_BEHIND_LIMIT;
}

/** Why a row is not clean, in a few words; undefined when it is. */
function notClean(r: Row): string | undefined {
  if (r.worstLoss >= LOSS_LIMIT) return `${r.target} lost over the limit`;
  if (r.clientsBehind >= CLIENTS_BEHIND_LIMIT)
    return `${r.target}'s clients fell ${(r.clientsBehind * 100).toFixed(1)} % behind`;
  return undefined;
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
 * and the most its clients fell behind, so that lessons per core are only given when every
 * round was clean.
 */
export function combineRounds(rounds: Row[]): Row {
  const first = rounds[0];
  if (!first) throw new Error('no round to combine');
  if (rounds.length === 1) return first;
  const mid = (pick: (r: Row) => number) => median(rounds.map(pick));
  const msPerLesson = mid((r) => r.msPerLesson);
  const worstLoss = Math.max(...rounds.map((r) => r.worstLoss));
  const behind = Math.max(...rounds.map((r) => r.clientsBehind));
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
    clientsBehind: behind,
    lessonsPerCore: isClean({ worstLoss, clientsBehind: behind }) ? 1000 / msPerLesson : 0,
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
  const behind = clientsBehind(before.sending, after.sending);
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
    clientsBehind: behind,
    lessonsPerCore: isClean({ worstLoss, clientsBehind: behind }) ? 1000 / msPerLesson : 0,
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
  ['clients behind', (r) => `${(r.clientsBehind * 100).toFixed(1)} %`],
  [
    'lessons/core',
    (r) =>
      r.lessonsPerCore > 0
        ? r.lessonsPerCore.toFixed(0)
        : r.worstLoss >= LOSS_LIMIT
          ? '— (loss)'
          : '— (clients behind)',
  ],
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
    const notes = [passerelle, withoutDynacast, bare, janus].flatMap((r) => {
      const why = r && notClean(r);
      return why ? [why] : [];
    });
    if (parts.length > 0)
      lines.push(
        `L=${lessons} ${extensions} DTX ${dtx}: ${parts.join(', ')} (CPU per forwarded stream)` +
          (notes.length > 0 ? `; not clean: ${notes.join(', ')}` : ''),
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

/** The issue's bare 1→N fan-out on this kind of machine: worker µs per forwarded packet. */
export const ISSUE_CALIBRATION_US_PER_PACKET = { low: 21, high: 24 } as const;

/**
 * Lessons per core had the machine run as fast as when the issue measured its fan-out: the
 * worker's cost per lesson scaled by the issue's µs per forwarded packet over this run's (a
 * shared VM's speed moves from one hour to the next; the ratios, measured in the same run, need
 * no such scaling). Per packet, not per stream: a stream's cost follows its packet rate, and a
 * stream packed into smaller packets would read as a slower machine. Lowest first.
 */
export function lessonsPerCoreAtIssueSpeed(
  lessonsPerCore: number,
  calibrationUsPerPacket: number,
): [number, number] {
  const { low, high } = ISSUE_CALIBRATION_US_PER_PACKET;
  return [
    (lessonsPerCore * calibrationUsPerPacket) / high,
    (lessonsPerCore * calibrationUsPerPacket) / low,
  ];
}

/**
 * The headline, per extension set and DTX setting: lessons per core at the largest L where
 * Passerelle ran clean (under the loss limit, its clients sending all they had to), with
 * Passerelle / bare at that L, and Janus / Passerelle at the largest L where both ran clean
 * (Janus costs the machine more, so its clients run short of CPU first); or why there is none.
 * With the run's calibration, lessons per core at the issue's machine speed too.
 */
export function summaryLines(rows: Row[], calibrationUsPerPacket?: number): string[] {
  const settings = new Map(rows.map((r) => [`${r.extensions} ${r.dtx}`, r]));
  return [...settings.values()].map(({ extensions, dtx }) => {
    const same = rows.filter((r) => r.extensions === extensions && r.dtx === dtx);
    const cleanOf = (target: string) =>
      same.filter((r) => r.target === target && isClean(r)).sort((a, b) => b.lessons - a.lessons);
    const clean = cleanOf('passerelle')[0];
    const label = `${extensions} DTX ${dtx}`;
    if (!clean)
      return `${label}: no L where Passerelle ran clean (loss under ${LOSS_LIMIT * 100} %, clients keeping up)`;
    const at = (target: string, lessons: number) =>
      same.find((r) => r.target === target && r.lessons === lessons);
    const parts = [`${clean.lessonsPerCore.toFixed(0)} lessons/core`];
    if (calibrationUsPerPacket) {
      const [fewest, most] = lessonsPerCoreAtIssueSpeed(
        clean.lessonsPerCore,
        calibrationUsPerPacket,
      );
      const { low, high } = ISSUE_CALIBRATION_US_PER_PACKET;
      parts.push(
        `${fewest.toFixed(0)}-${most.toFixed(0)} at the issue's machine speed ` +
          `(calibration ${calibrationUsPerPacket.toFixed(1)} against its ${low}-${high} µs per forwarded packet)`,
      );
    }
    const ratio = (a: Row, b: Row) => {
      const why = [a, b].flatMap((r) => notClean(r) ?? []);
      return `${(a.msPerStream / b.msPerStream).toFixed(2)}${why.length > 0 ? ` (${why.join(', ')})` : ''}`;
    };
    const bare = at('bare', clean.lessons);
    if (bare) parts.push(`Passerelle / bare ${ratio(clean, bare)}`);
    const janusAtHeadline = at('janus', clean.lessons);
    const compared = cleanOf('janus').find((janus) => {
      const passerelle = at('passerelle', janus.lessons);
      return passerelle && isClean(passerelle);
    });
    if (compared && compared.lessons !== clean.lessons) {
      const why = janusAtHeadline && notClean(janusAtHeadline);
      parts.push(
        `Janus / Passerelle ${ratio(compared, at('passerelle', compared.lessons)!)} at ` +
          `L=${compared.lessons}, the largest L where both ran clean` +
          (why ? ` (at L=${clean.lessons} ${why})` : ''),
      );
    } else if (janusAtHeadline) parts.push(`Janus / Passerelle ${ratio(janusAtHeadline, clean)}`);
    return `${label}, at the largest clean L=${clean.lessons}: Passerelle ${parts.join(', ')}`;
  });
}
