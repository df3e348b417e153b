import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { measure, type Target } from '../../signaling/bench/media/run';

/** A loopback port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("bench:media's client processes", () => {
  it('stops a client process whose lessons could not start, and says why', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const forked: ChildProcess[] = [];
    const unreachable: Target = {
      name: 'unreachable',
      sfuPids: () => [],
      startMessage: async (lessons) => ({
        kind: 'start',
        target: 'passerelle',
        url,
        lessons: lessons.map((id) => ({
          id,
          tokens: { tutor: 't', classA: 'a', classB: 'b', inspector: 'i' },
        })),
      }),
      attach: (child) => void forked.push(child),
      close: async () => undefined,
    };
    await expect(
      measure(unreachable, {
        lessons: 1,
        clients: 1,
        warmupMs: 0,
        windowMs: 0,
        extensions: 'browser',
        dtx: 'on',
      }),
    ).rejects.toThrow(/client failed/);
    // Before this was fixed the failed client kept running (and sending) until killed by hand.
    expect(forked).toHaveLength(1);
    const [child] = forked;
    expect(child!.exitCode !== null || child!.signalCode !== null).toBe(true);
  });
});
