import type { types } from 'mediasoup-client';
import type { PathOutcome } from '../../../lesson-plans/contract/readiness';
import { request, type LessonSocket } from '../lesson/signalingClient';

/** How long real media flows through a working path before its figures are read. */
export const MEASURE_MS = 3_000;
const FIRST_PACKETS_TIMEOUT_MS = 10_000;
const POLL_MS = 200;

type Figures = Pick<
  PathOutcome,
  | 'upstreamBps'
  | 'downstreamBps'
  | 'rttMs'
  | 'upstreamLossPct'
  | 'downstreamLossPct'
  | 'upstreamLineLimited'
>;

interface Sample {
  at: number;
  /** Bytes the server received from the page (what really crossed the line up). */
  serverBytesIn: number;
  sent: number;
  remoteLost: number;
  received: number;
  bytesReceived: number;
  lost: number;
  rttMs: number | null;
  /** Seconds the encoder spent held back by bandwidth (qualityLimitationDurations). */
  bandwidthLimitedS: number;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Upstream and downstream bitrate, RTT and loss of one probe: waits for the stream to come
 * back, then reads both ends twice, MEASURE_MS apart.
 */
export async function measureProbe(
  socket: LessonSocket,
  probeId: string,
  producer: types.Producer,
  consumer: types.Consumer,
): Promise<Figures> {
  const deadline = performance.now() + FIRST_PACKETS_TIMEOUT_MS;
  let first = await sample(socket, probeId, producer, consumer);
  while (first.bytesReceived === 0) {
    if (performance.now() > deadline) throw new Error('no media came back');
    await wait(POLL_MS);
    first = await sample(socket, probeId, producer, consumer);
  }
  await wait(MEASURE_MS);
  const last = await sample(socket, probeId, producer, consumer);
  const seconds = (last.at - first.at) / 1000;
  const sentDelta = last.sent - first.sent;
  const lostDown = last.lost - first.lost;
  const receivedDown = last.received - first.received;
  return {
    upstreamBps: Math.round(((last.serverBytesIn - first.serverBytesIn) * 8) / seconds),
    downstreamBps: Math.round(((last.bytesReceived - first.bytesReceived) * 8) / seconds),
    rttMs: last.rttMs,
    upstreamLossPct: percent(Math.max(0, last.remoteLost - first.remoteLost), sentDelta),
    downstreamLossPct: percent(Math.max(0, lostDown), receivedDown + Math.max(0, lostDown)),
    upstreamLineLimited: last.bandwidthLimitedS - first.bandwidthLimitedS > seconds / 2,
  };
}

function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

async function sample(
  socket: LessonSocket,
  probeId: string,
  producer: types.Producer,
  consumer: types.Consumer,
): Promise<Sample> {
  const [server, up, down] = await Promise.all([
    request(socket, 'probeStats', { probeId }),
    producer.getStats(),
    consumer.getStats(),
  ]);
  const outbound = statsOfType(up, 'outbound-rtp');
  const remote = statsOfType(up, 'remote-inbound-rtp');
  const inbound = statsOfType(down, 'inbound-rtp');
  return {
    at: performance.now(),
    serverBytesIn: server.send.bytes,
    sent: sum(outbound, 'packetsSent'),
    remoteLost: sum(remote, 'packetsLost'),
    received: sum(inbound, 'packetsReceived'),
    bytesReceived: sum(inbound, 'bytesReceived'),
    lost: sum(inbound, 'packetsLost'),
    rttMs: selectedPairRttMs(up),
    bandwidthLimitedS: outbound.reduce((total, stat) => total + bandwidthSeconds(stat), 0),
  };
}

type Stat = Record<string, unknown>;

function statsOfType(report: RTCStatsReport, type: string): Stat[] {
  const found: Stat[] = [];
  report.forEach((stat: Stat) => {
    if (stat.type === type) found.push(stat);
  });
  return found;
}

function sum(stats: Stat[], field: string): number {
  return stats.reduce(
    (total, stat) => total + (typeof stat[field] === 'number' ? stat[field] : 0),
    0,
  );
}

function bandwidthSeconds(stat: Stat): number {
  const durations = stat.qualityLimitationDurations as Record<string, unknown> | undefined;
  return typeof durations?.bandwidth === 'number' ? durations.bandwidth : 0;
}

/** The selected candidate pair's currentRoundTripTime (seconds in the report), in ms. */
function selectedPairRttMs(report: RTCStatsReport): number | null {
  let rtt: number | null = null;
  report.forEach((stat: Stat) => {
    if (stat.type !== 'transport' || typeof stat.selectedCandidatePairId !== 'string') return;
    const pair = report.get(stat.selectedCandidatePairId) as Stat | undefined;
    if (typeof pair?.currentRoundTripTime === 'number')
      rtt = Math.round(pair.currentRoundTripTime * 1000);
  });
  return rtt;
}
