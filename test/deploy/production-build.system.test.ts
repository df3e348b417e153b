import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { exited, startServerProcess } from '../helpers/serverProcess';
import { connectClient } from '../helpers/socketClient';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_BUNDLE = join(ROOT, 'dist/server/main.js');

/** Vitest's own variables (NODE_ENV=test, VITEST…) would change what the build produces. */
function buildEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST'),
    ),
  );
}

/** What the bundle imports, statically or not (mediasoup is loaded with import()). */
function importedSpecifiers(bundle: string): string[] {
  const imports = /(?:^import .*? from |\bimport\()"([^"]+)"/gm;
  return [...bundle.matchAll(imports)].map((match) => match[1]!);
}

describe('the production build', () => {
  const children: ChildProcess[] = [];
  const folders: string[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill('SIGKILL');
      await exited(child);
    }
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('npm run build bundles the server, which plain node runs from anywhere and stops cleanly on SIGTERM', async () => {
    execFileSync('npm', ['run', 'build', '--silent'], {
      cwd: ROOT,
      env: buildEnvironment(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    expect(existsSync(join(ROOT, 'dist/web/index.html'))).toBe(true);
    const specifiers = importedSpecifiers(readFileSync(SERVER_BUNDLE, 'utf8'));
    expect(specifiers).toContain('mediasoup');
    expect(specifiers.filter((specifier) => /^[./]|\.ts$/.test(specifier))).toEqual([]);

    // Started elsewhere than the repository, as a service would be, with the demo seeded so
    // that the shipped holiday calendars (lesson-plans/data) are read from the bundle.
    const elsewhere = mkdtempSync(join(tmpdir(), 'passerelle-prod-'));
    folders.push(elsewhere);
    const started = await startServerProcess(
      join(elsewhere, 'state'),
      { NODE_ENV: 'production', NODE_OPTIONS: '', DEMO: '1' },
      { args: [SERVER_BUNDLE], cwd: elsewhere },
    );
    children.push(started.child);

    const page = await fetch(`${started.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<!doctype html>');
    const openApi = (await (await fetch(`${started.url}/api/openapi.json`)).json()) as {
      openapi: string;
    };
    expect(openApi.openapi).toBe('3.1.0');
    const tutor = await connectClient(started.server, 'tutor', 'Emily', { sessionId: 'prod' });
    const answer = await tutor.request('getRouterRtpCapabilities', {});
    expect(answer.ok).toBe(true);
    tutor.close();

    const exit = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      started.child.once('exit', (code, signal) => resolve([code, signal])),
    );
    started.child.kill('SIGTERM');
    expect(await exit).toEqual([0, null]);
  });
});
