import type {
  PathOutcome,
  ReadinessPath,
  ReadinessReport,
  ReadinessVerdict,
} from '../../../lesson-plans/contract/readiness';
import type { CheckTargets } from '../../../signaling/protocol';

/*
 * When a line is "weak" (ligne faible). A class sends its camera in simulcast and its
 * microphone: below about 1 Mbit/s up, the tutor sees the class on its lowest layer at best.
 * Opus with FEC and NACK conceal a few percent of loss; beyond about 3 % speech breaks up.
 * ITU-T G.114 keeps conversation natural under about 150 ms one way, i.e. 300 ms round trip.
 */
export const WEAK_UPSTREAM_BPS = 1_000_000;
export const WEAK_LOSS_PCT = 3;
export const WEAK_RTT_MS = 300;

const DIRECT: readonly ReadinessPath[] = ['udp', 'tcp'];

/** The path a lesson would use: the first that works, in ICE's order of preference. */
export function lessonPath(paths: readonly PathOutcome[]): PathOutcome | null {
  return paths.find((path) => path.outcome === 'ok') ?? null;
}

export function verdictOf(
  paths: readonly PathOutcome[],
  context: { secure: boolean; websocket: boolean },
): ReadinessVerdict {
  if (!context.secure || !context.websocket) return 'not-ready';
  const used = lessonPath(paths);
  if (!used) return 'not-ready';
  return DIRECT.includes(used.path) ? 'ready' : 'relay-only';
}

export function isWeak(path: PathOutcome | null): boolean {
  if (!path) return false;
  const loss = Math.max(path.upstreamLossPct ?? 0, path.downstreamLossPct ?? 0);
  return (
    (path.upstreamBps !== null &&
      path.upstreamBps < WEAK_UPSTREAM_BPS &&
      path.upstreamLineLimited !== false) ||
    loss > WEAK_LOSS_PCT ||
    (path.rttMs !== null && path.rttMs > WEAK_RTT_MS)
  );
}

export function reportOf(
  paths: PathOutcome[],
  context: { https: boolean; secure: boolean; websocket: boolean },
): ReadinessReport {
  return {
    https: context.https,
    websocket: context.websocket,
    paths,
    verdict: verdictOf(paths, context),
    weak: isWeak(lessonPath(paths)),
  };
}

/** What the IT service must open for one path, from the server's own targets. */
export interface OpeningAdvice {
  path: ReadinessPath;
  protocol: 'UDP' | 'TCP' | 'TLS';
  host: string;
  ports: string;
}

export function adviceFor(path: ReadinessPath, targets: CheckTargets): OpeningAdvice | null {
  if (path === 'udp')
    return {
      path,
      protocol: 'UDP',
      host: targets.mediaAddress,
      ports: portList(targets.mediaUdpPorts),
    };
  if (path === 'tcp')
    return {
      path,
      protocol: 'TCP',
      host: targets.mediaAddress,
      ports: portList(targets.mediaTcpPorts),
    };
  const relay = targets.turn.find((turn) => turn.path === path);
  if (!relay) return null;
  const protocol = relay.protocol === 'udp' ? 'UDP' : relay.protocol === 'tcp' ? 'TCP' : 'TLS';
  return { path, protocol, host: relay.host, ports: String(relay.port) };
}

/** 44444, or 44444-44447 when the workers' ports follow each other. */
function portList(ports: readonly number[]): string {
  const sorted = [...ports].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined) return '';
  const contiguous = last - first === sorted.length - 1;
  return first === last ? String(first) : contiguous ? `${first}-${last}` : sorted.join(', ');
}

/**
 * What to tell the IT service. Not ready: every blocked path is worth opening. Otherwise only
 * the blocked paths ICE would prefer to the one a lesson uses (optional: faster, not needed).
 */
export function adviceToShow(
  report: ReadinessReport,
  targets: CheckTargets | null,
): OpeningAdvice[] {
  if (!targets) return [];
  const used = lessonPath(report.paths);
  const usedIndex = used ? report.paths.indexOf(used) : report.paths.length;
  return report.paths
    .filter(
      (path, index) =>
        path.outcome === 'failed' && (report.verdict === 'not-ready' || index < usedIndex),
    )
    .map((path) => adviceFor(path.path, targets))
    .filter((advice) => advice !== null);
}
