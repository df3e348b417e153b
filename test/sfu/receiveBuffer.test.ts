import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  RECOMMENDED_UDP_RECEIVE_BUFFER,
  udpReceiveBufferAdvice,
  udpReceiveBufferDefault,
} from '../../sfu';
// The one parser of the deployment's sysctl file (bench:media applies it for its runs).
import { readSysctlConf } from '../../signaling/bench/media/kernelSettings';

const SYSCTL_FILE = fileURLToPath(new URL('../../deploy/99-passerelle-udp.conf', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rmem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function procFile(text: string): string {
  const path = join(dir, `rmem_default-${Math.random()}`);
  writeFileSync(path, text);
  return path;
}

describe("the workers' UDP receive buffer", () => {
  it("advises the sysctl file when the kernel's default is Debian's ~208 KB", () => {
    const advice = udpReceiveBufferAdvice(procFile('212992\n'));
    expect(advice).toContain('208 KB');
    expect(advice).toContain('deploy/99-passerelle-udp.conf');
  });

  it('says nothing once the default is the recommended size or more', () => {
    expect(udpReceiveBufferAdvice(procFile(`${RECOMMENDED_UDP_RECEIVE_BUFFER}\n`))).toBeNull();
    expect(udpReceiveBufferAdvice(procFile('16777216'))).toBeNull();
  });

  it('says nothing where the kernel does not tell (no such file, unreadable value)', () => {
    expect(udpReceiveBufferDefault(join(dir, 'missing'))).toBeUndefined();
    expect(udpReceiveBufferAdvice(join(dir, 'missing'))).toBeNull();
    expect(udpReceiveBufferAdvice(procFile('garbage'))).toBeNull();
  });

  it("reads this machine's real setting", () => {
    const bytes = udpReceiveBufferDefault();
    expect(bytes === undefined || bytes > 0).toBe(true);
    if (bytes !== undefined)
      expect(udpReceiveBufferAdvice() === null).toBe(bytes >= RECOMMENDED_UDP_RECEIVE_BUFFER);
  });

  it('is what deploy/99-passerelle-udp.conf sets, with a maximum that allows it', () => {
    const settings = readSysctlConf(SYSCTL_FILE);
    const rmemDefault = Number(settings.get('net.core.rmem_default'));
    expect(rmemDefault).toBe(RECOMMENDED_UDP_RECEIVE_BUFFER);
    expect(Number(settings.get('net.core.rmem_max'))).toBeGreaterThanOrEqual(rmemDefault);
    // The file as `sysctl` would read it: the value it gives is the one the server checks for.
    const applied = udpReceiveBufferAdvice(procFile(`${rmemDefault}`));
    expect(applied).toBeNull();
  });
});
