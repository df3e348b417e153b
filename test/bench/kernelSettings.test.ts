import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RECOMMENDED_UDP_RECEIVE_BUFFER } from '../../sfu';
import { applyDeployedSettings, readSysctlConf } from '../../signaling/bench/media/kernelSettings';

const dir = mkdtempSync(join(tmpdir(), 'kernel-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fake /proc/sys holding net.core.rmem_default and rmem_max. */
function procRoot(rmemDefault: number, rmemMax: number): string {
  const root = mkdtempSync(join(dir, 'sys-'));
  mkdirSync(join(root, 'net', 'core'), { recursive: true });
  writeFileSync(join(root, 'net', 'core', 'rmem_default'), `${rmemDefault}\n`);
  writeFileSync(join(root, 'net', 'core', 'rmem_max'), `${rmemMax}\n`);
  return root;
}

const read = (root: string, name: string) =>
  Number(readFileSync(join(root, 'net', 'core', name), 'utf8').trim());

describe("bench:media's kernel settings (the deployment's sysctl file)", () => {
  it('reads the deployment file, whose buffer is the one the server asks for', () => {
    const settings = readSysctlConf();
    expect(settings.get('net.core.rmem_default')).toBe(RECOMMENDED_UDP_RECEIVE_BUFFER);
    expect(settings.get('net.core.rmem_max')).toBeGreaterThanOrEqual(
      RECOMMENDED_UDP_RECEIVE_BUFFER,
    );
    expect(settings.size).toBe(2); // comments are not settings
  });

  it("raises Debian's 208 KB to the deployed values for the run, and puts it back", () => {
    const root = procRoot(212992, 212992);
    const applied = applyDeployedSettings({ procRoot: root });
    expect(read(root, 'rmem_default')).toBe(4194304);
    expect(read(root, 'rmem_max')).toBe(8388608);
    expect(applied.line).toContain('net.core.rmem_default from 212992');
    applied.restore();
    expect(read(root, 'rmem_default')).toBe(212992);
    expect(read(root, 'rmem_max')).toBe(212992);
    writeFileSync(join(root, 'net', 'core', 'rmem_default'), '1000\n');
    applied.restore(); // a second restore writes nothing
    expect(read(root, 'rmem_default')).toBe(1000);
  });

  it('never lowers a setting that is already higher', () => {
    const root = procRoot(16777216, 16777216);
    const writes: string[] = [];
    const applied = applyDeployedSettings({ procRoot: root, write: (path) => writes.push(path) });
    applied.restore();
    expect(writes).toEqual([]);
    expect(applied.line).toContain('raised for this run none');
    expect(read(root, 'rmem_default')).toBe(16777216);
  });

  it('puts back what it raised when a later setting cannot be written, and says so', () => {
    const root = procRoot(212992, 212992);
    const applied = applyDeployedSettings({
      procRoot: root,
      write: (path, value) => {
        if (path.endsWith('rmem_max')) throw new Error('EPERM: not root');
        writeFileSync(path, value);
      },
    });
    expect(applied.line).toMatch(/^kernel settings NOT as deployed \(EPERM: not root\)/);
    expect(read(root, 'rmem_default')).toBe(212992);
    expect(read(root, 'rmem_max')).toBe(212992);
  });

  it('changes nothing where the kernel does not have the setting', () => {
    const root = mkdtempSync(join(dir, 'empty-'));
    const writes: string[] = [];
    const applied = applyDeployedSettings({ procRoot: root, write: (path) => writes.push(path) });
    expect(applied.line).toContain('NOT as deployed');
    expect(writes).toEqual([]);
  });
});
