import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../signaling';
import { startTestServer } from '../helpers/server';
import { connectClient, type TestClient } from '../helpers/socketClient';

/** Resolves once `condition` holds, checking on every event-loop turn (no fixed sleeps). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('media comes back after its workers die, even all of them at once', () => {
  let server: RunningServer;

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  async function joined(name: string, role: 'tutor' | 'classroom'): Promise<TestClient> {
    const client = await connectClient(server, role, name, { sessionId: 'crash' });
    const caps = await client.request('getRouterRtpCapabilities', {});
    const rtpCapabilities = (caps as { data: { rtpCapabilities: unknown } }).data.rtpCapabilities;
    expect((await client.request('joinSession', { rtpCapabilities })).ok).toBe(true);
    return client;
  }

  it('rebuilds the room within 5 s of a worker being back, tells everyone (mediaReset), and they rejoin', async () => {
    const tutor = await joined('Emily', 'tutor');
    const classroom = await joined('CM2 B', 'classroom');
    const session = await server.registry.open('crash');
    const before = await session.mediaRoom();
    const failures: number[] = [];
    session.on('mediaRebuildFailed', (_error, attempt) => failures.push(attempt));
    const replaced = server.pool.next('workerReplaced').then(() => Date.now());
    const rebuilt = session.next('mediaRebuilt').then(() => Date.now());
    const resets = [tutor, classroom].map((client) => client.next('mediaReset'));

    expect(server.pool.size).toBeGreaterThan(0);
    for (const { worker } of server.pool.workers()) process.kill(worker.pid, 'SIGKILL');

    const [replacedAt, rebuiltAt] = await Promise.all([replaced, rebuilt]);
    expect(rebuiltAt - replacedAt).toBeLessThan(5_000);
    // The first attempt found no live worker: this is the case that used to stay broken.
    expect(failures.length).toBeGreaterThan(0);
    await Promise.all(resets);

    const after = await session.mediaRoom();
    expect(after).not.toBe(before);
    expect(after.closed).toBe(false);
    const caps = (await tutor.request('getRouterRtpCapabilities', {})) as {
      data: { rtpCapabilities: unknown };
    };
    for (const client of [tutor, classroom]) {
      const rejoin = await client.request('joinSession', caps.data);
      expect(rejoin.ok).toBe(true);
      expect((await client.request('createTransport', { direction: 'recv' })).ok).toBe(true);
    }
    await until(() => session.size === 2);
    const dump = (await after.dump()) as { transportIds: string[] };
    expect(dump.transportIds).toHaveLength(2);
    tutor.close();
    classroom.close();
  });
});
