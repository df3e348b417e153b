import type { QualityReport } from '../../../signaling/protocol';

/** Cumulative counters read from both transports' RTCStatsReports. */
export interface StatsTotals {
  atMs: number;
  bytesSent: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  freezeCount: number;
  roundTripMs: number | null;
}

export function totalsFrom(reports: (RTCStatsReport | null)[], atMs: number): StatsTotals {
  const totals: StatsTotals = {
    atMs,
    bytesSent: 0,
    bytesReceived: 0,
    packetsReceived: 0,
    packetsLost: 0,
    freezeCount: 0,
    roundTripMs: null,
  };
  for (const report of reports) {
    report?.forEach((stat: Record<string, unknown>) => addStat(totals, stat));
  }
  return totals;
}

function addStat(totals: StatsTotals, stat: Record<string, unknown>): void {
  const num = (key: string) => (typeof stat[key] === 'number' ? (stat[key] as number) : 0);
  if (stat.type === 'outbound-rtp') totals.bytesSent += num('bytesSent');
  if (stat.type === 'inbound-rtp') {
    totals.bytesReceived += num('bytesReceived');
    totals.packetsReceived += num('packetsReceived');
    totals.packetsLost += Math.max(0, num('packetsLost'));
    totals.freezeCount += num('freezeCount');
  }
  if (
    stat.type === 'candidate-pair' &&
    stat.nominated &&
    typeof stat.currentRoundTripTime === 'number'
  ) {
    const rtt = stat.currentRoundTripTime * 1000;
    totals.roundTripMs = Math.max(totals.roundTripMs ?? 0, rtt);
  }
}

/** The report for the interval between two readings. */
export function qualityBetween(before: StatsTotals, after: StatsTotals): QualityReport {
  const seconds = Math.max(0.001, (after.atMs - before.atMs) / 1000);
  const kbps = (bytes: number) => Math.max(0, (bytes * 8) / 1000 / seconds);
  const received = Math.max(0, after.packetsReceived - before.packetsReceived);
  const lost = Math.max(0, after.packetsLost - before.packetsLost);
  const lossPercent = received + lost === 0 ? 0 : (lost / (received + lost)) * 100;
  return {
    sendBitrateKbps: round(kbps(after.bytesSent - before.bytesSent)),
    recvBitrateKbps: round(kbps(after.bytesReceived - before.bytesReceived)),
    packetLossPercent: round(lossPercent),
    roundTripMs: after.roundTripMs === null ? null : round(after.roundTripMs),
    freezeCount: Math.max(0, after.freezeCount - before.freezeCount),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** How often a page measures its own connection and reports it (tutor's indicator, reports). */
const QUALITY_REPORT_INTERVAL_MS = 5_000;

/** Measures both transports every few seconds and reports the interval's figures to the server. */
export class QualityReporter {
  readonly #readStats: () => Promise<{ send: RTCStatsReport | null; recv: RTCStatsReport | null }>;
  readonly #report: (report: QualityReport) => Promise<void>;
  #timer: ReturnType<typeof setInterval> | undefined;
  #last: StatsTotals | undefined;

  constructor(
    readStats: () => Promise<{ send: RTCStatsReport | null; recv: RTCStatsReport | null }>,
    report: (report: QualityReport) => Promise<void>,
  ) {
    this.#readStats = readStats;
    this.#report = report;
  }

  start(): void {
    this.stop();
    this.#timer = setInterval(() => void this.#measure(), QUALITY_REPORT_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#last = undefined;
  }

  async #measure(): Promise<void> {
    const { send, recv } = await this.#readStats();
    const totals = totalsFrom([send, recv], performance.now());
    const previous = this.#last;
    this.#last = totals;
    if (!previous) return;
    const report = { ...qualityBetween(previous, totals), sendAvailableKbps: availableKbps(send) };
    // A lost report is replaced by the next one; nothing to retry.
    await this.#report(report).catch(() => undefined);
  }
}

/**
 * The browser's own estimate of what its send transport can carry (the selected candidate
 * pair's `availableOutgoingBitrate`): the server judges the school's uplink by it.
 */
export function availableKbps(report: RTCStatsReport | null): number | null {
  let kbps: number | null = null;
  report?.forEach((stat: Record<string, unknown>) => {
    if (stat.type !== 'candidate-pair' || !stat.nominated || stat.state !== 'succeeded') return;
    if (typeof stat.availableOutgoingBitrate === 'number')
      kbps = Math.min(100_000, Math.round(stat.availableOutgoingBitrate / 100) / 10);
  });
  return kbps;
}
