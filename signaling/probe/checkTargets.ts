import { webRtcServerPorts, type WorkerPool } from '../../sfu';
import type { ServerConfig } from '../config';
import type { CheckTargets, TurnProbePath } from '../protocol';

export interface TurnListener {
  path: TurnProbePath;
  url: string;
  host: string;
  port: number;
  protocol: 'udp' | 'tcp' | 'tls';
}

/**
 * What a `turn:`/`turns:` URL means to a firewall: host, port and protocol (RFC 7065 defaults:
 * 3478 for turn, 5349 for turns; UDP unless `?transport=tcp`; turns is TLS over TCP).
 */
export function turnListenerOf(url: string): TurnListener | null {
  const match = /^(turns?):(\[[^\]]+\]|[^:?]+)(?::(\d+))?(?:\?transport=(udp|tcp))?$/.exec(url);
  if (!match) return null;
  const [, scheme, host = '', port, transport] = match;
  const tls = scheme === 'turns';
  const protocol = tls ? 'tls' : transport === 'tcp' ? 'tcp' : 'udp';
  return {
    path: `turn-${protocol}`,
    url,
    host,
    port: port ? Number(port) : tls ? 5349 : 3478,
    protocol,
  };
}

/** The configured relay listeners, one per path (the first URL of each kind). */
export function turnListeners(urls: readonly string[]): TurnListener[] {
  const byPath = new Map<TurnProbePath, TurnListener>();
  for (const url of urls) {
    const listener = turnListenerOf(url);
    if (listener && !byPath.has(listener.path)) byPath.set(listener.path, listener);
  }
  return [...byPath.values()];
}

/** The server's own idea of what a school must reach: announced address, ports, relay. */
export async function checkTargets(
  config: Pick<ServerConfig, 'RTC_ANNOUNCED_IP' | 'RTC_LISTEN_IP'>,
  pool: WorkerPool,
  turnUrls: readonly string[],
): Promise<CheckTargets> {
  const ports = await webRtcServerPorts(pool);
  return {
    mediaAddress: config.RTC_ANNOUNCED_IP ?? config.RTC_LISTEN_IP,
    mediaUdpPorts: ports.udp,
    mediaTcpPorts: ports.tcp,
    turn: turnListeners(turnUrls).map(({ path, host, port, protocol }) => ({
      path,
      host,
      port,
      protocol,
    })),
  };
}
