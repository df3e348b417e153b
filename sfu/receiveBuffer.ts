import { readFileSync } from 'node:fs';

/**
 * The receive buffer each WebRtcServer's UDP socket should get. mediasoup 3.12 opens it with
 * the kernel's default (`net.core.rmem_default`) and has no option to enlarge it, yet every
 * lesson of a worker arrives on that one socket: ~20 MB/s at 40 lessons, so a worker held off
 * its core for a few milliseconds overflows the default ~208 KB (bench:media measured it).
 * 4 MB holds ~200 ms; deploy/99-passerelle-udp.conf sets it.
 */
export const RECOMMENDED_UDP_RECEIVE_BUFFER = 4 * 1024 * 1024;

const RMEM_DEFAULT = '/proc/sys/net/core/rmem_default';

/** What a worker's UDP socket will get; undefined where the kernel does not say (not Linux). */
export function udpReceiveBufferDefault(path = RMEM_DEFAULT): number | undefined {
  try {
    const bytes = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(bytes) && bytes > 0 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** The advice to log at start when that buffer is below the recommendation, else null. */
export function udpReceiveBufferAdvice(path = RMEM_DEFAULT): string | null {
  const bytes = udpReceiveBufferDefault(path);
  if (bytes === undefined || bytes >= RECOMMENDED_UDP_RECEIVE_BUFFER) return null;
  return (
    `the mediasoup workers' UDP sockets get ${Math.round(bytes / 1024)} KB of receive buffer ` +
    `(net.core.rmem_default), which drops media under load beyond a few lessons per worker: ` +
    `install deploy/99-passerelle-udp.conf in /etc/sysctl.d (${RECOMMENDED_UDP_RECEIVE_BUFFER} bytes)`
  );
}
