import { loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJoinLink } from '../../signaling/joinLinks';
import { launchChromium, rtpCounters, waitFor } from '../helpers/browser';
import { startClusterProxy, type ClusterProxy } from '../../scripts/cluster-proxy';
import { FailoverClient } from '../helpers/failoverClient';
import { startLocalRedis, type LocalRedis } from '../helpers/redis';
import { startTestServer, type TestServer } from '../helpers/server';
import { freePort } from '../../scripts/freePort';

const SESSION = 'cluster-e2e';

/** Two nodes with their own host names; each lets the pages it serves open sockets to the other. */
async function startNodes(redis: LocalRedis): Promise<[TestServer, TestServer]> {
  const ports = [await freePort(), await freePort()];
  const origins = ports.map((port) => `http://127.0.0.1:${port}`).join(',');
  const start = (id: string, port: number) =>
    startTestServer({
      env: {
        PORT: String(port),
        REDIS_URL: redis.url,
        NODE_ID: id,
        NODE_PUBLIC_URL: `http://127.0.0.1:${port}`,
        CLUSTER_ORIGINS: origins,
        DATABASE_URL: 'postgres://unused.invalid/passerelle', // ad-hoc lesson: no store
      },
    });
  return [await start('a', ports[0]!), await start('b', ports[1]!)];
}

function phase(page: Page): Promise<string> {
  return page.evaluate(() => window.passerelleLesson?.store.get().phase ?? 'none');
}

async function hearing(page: Page): Promise<boolean> {
  const counters = await rtpCounters(page);
  return counters.inbound.some((stream) => stream.kind === 'audio' && stream.bytesReceived > 0);
}

describe('the lesson page in a cluster of two nodes', () => {
  let redis: LocalRedis;
  let nodes: TestServer[] = [];
  let browser: Browser;
  let tutor: FailoverClient | undefined;
  let proxy: ClusterProxy;

  beforeAll(async () => {
    redis = await startLocalRedis();
    nodes = await startNodes(redis);
    proxy = await startClusterProxy({ a: nodes[0]!.url, b: nodes[1]!.url });
    browser = await launchChromium();
  });
  afterAll(async () => {
    tutor?.close();
    await browser?.close();
    await proxy?.close();
    for (const node of nodes) await node.close().catch(() => undefined);
    await redis?.stop();
  });

  it('follows moved to the node holding its lesson, and rejoins on the other when that node stops', async () => {
    const [nodeA, nodeB] = nodes as [TestServer, TestServer];
    // The tutor (werift, sending a microphone) enters through a proxy over both nodes, so it
    // survives either; the lesson is placed on one of them.
    const token = await nodeA.tokens.mint({ sessionId: SESSION, role: 'tutor', displayName: 'T' });
    tutor = new FailoverClient(proxy.url, SESSION, token, 'tutor');
    await waitFor(async () => tutor!.connections > 0, 'the tutor to join');
    const [owner, other] = nodeA.registry.ids().includes(SESSION) ? [nodeA, nodeB] : [nodeB, nodeA];
    // The class's page is served by the other node: its socket is sent on to the owner.
    const link = await createJoinLink(other.tokens, {
      baseUrl: other.url,
      sessionId: SESSION,
      role: 'classroom',
      displayName: 'CM1 Curie',
    });
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    const url = new URL(link);
    url.search = '?video=320x240';
    await page.goto(url.toString());
    await page.getByTestId('lesson-room').waitFor({ timeout: 30_000 });
    await waitFor(() => hearing(page), 'the class to hear the tutor through the owner node');
    expect((await owner.registry.open(SESSION)).size).toBe(2);

    // The owner stops (a restart, a drained node): the page goes back to its entry address.
    const stoppedAt = Date.now();
    await owner.close();
    await waitFor(async () => (await phase(page)) !== 'joined', 'the page to notice');
    await waitFor(
      async () => (await phase(page)) === 'joined' && (await hearing(page)),
      'the class to hear the tutor again on the other node',
    );
    expect(other.registry.ids()).toContain(SESSION);
    process.stdout.write(
      `cluster page: owner stopped → class hears the tutor again on the other node in ` +
        `${Date.now() - stoppedAt} ms (load average ${loadavg()[0]!.toFixed(2)})\n`,
    );
    nodes = nodes.filter((node) => node !== owner);
  });
});
