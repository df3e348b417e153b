/*
 * The kernel settings a Passerelle server is deployed with (deploy/99-passerelle-udp.conf: the
 * UDP receive buffer of the workers' one WebRtcServer socket), applied for the bench's run and
 * restored after. Without them the bench measured a server set up against its own deployment
 * guide: on Debian's 208 KB default the worker's socket dropped 55-60 datagrams in some 20 s
 * windows at L=10, 0.3-0.8 % loss that the server's start-up warning (sfu/receiveBuffer.ts)
 * exists to prevent. Every target runs under the same settings (Janus's sockets get them too).
 * Values are only ever raised; `--kernel-settings as-is` leaves the machine alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEPLOYED_SYSCTL_CONF = fileURLToPath(
  new URL('../../../deploy/99-passerelle-udp.conf', import.meta.url),
);

/** `key = value` lines of a sysctl.d file (comments and blank lines skipped), values numeric. */
export function readSysctlConf(path = DEPLOYED_SYSCTL_CONF): Map<string, number> {
  const settings = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([\w.]+)\s*=\s*(\d+)\s*$/.exec(line);
    if (match) settings.set(match[1]!, Number(match[2]));
  }
  return settings;
}

export interface AppliedSettings {
  /** What the run uses, for the bench's first lines. */
  line: string;
  /** Puts back what was raised (idempotent). */
  restore(): void;
}

export interface ApplyOptions {
  conf?: string;
  procRoot?: string;
  write?: (path: string, value: string) => void;
}

/** Raises each setting of the deployment's sysctl file that is lower here; nothing if it cannot. */
export function applyDeployedSettings({
  conf = DEPLOYED_SYSCTL_CONF,
  procRoot = '/proc/sys',
  write = (path, value) => writeFileSync(path, value),
}: ApplyOptions = {}): AppliedSettings {
  const raised: { path: string; key: string; before: number }[] = [];
  const restore = () => {
    for (const { path, before } of raised.splice(0).reverse()) write(path, String(before));
  };
  const wanted = readSysctlConf(conf);
  const describe = (settings: string[]) => settings.join(', ') || 'none';
  try {
    const current = [...wanted].map(([key, value]) => {
      const path = join(procRoot, ...key.split('.'));
      return { key, value, path, before: Number(readFileSync(path, 'utf8').trim()) };
    });
    for (const { key, value, path, before } of current) {
      if (before >= value) continue;
      write(path, String(value));
      raised.push({ path, key, before });
    }
    const kept = current.filter(({ key }) => !raised.some((r) => r.key === key));
    return {
      line:
        `kernel settings as deployed (${describe([...wanted].map(([k, v]) => `${k} ${v}`))}): ` +
        `raised for this run ${describe(raised.map((r) => `${r.key} from ${r.before}`))}, ` +
        `already there ${describe(kept.map(({ key, before }) => `${key} ${before}`))}`,
      restore,
    };
  } catch (error) {
    restore();
    return {
      line:
        `kernel settings NOT as deployed (${(error as Error).message}): the SFU's UDP socket ` +
        'keeps the kernel default and may drop datagrams under load (see each row\'s "UDP drops")',
      restore: () => undefined,
    };
  }
}
