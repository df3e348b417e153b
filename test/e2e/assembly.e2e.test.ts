import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, rtpCounters, waitFor, type RtpCounters } from '../helpers/browser';
import { openLessonPage, type LessonPage } from '../helpers/lessonPages';
import { startTestServer, type TestServer } from '../helpers/server';

const SESSION = 'e2e-assembly';

interface PipeDump {
  transportIds: string[];
  mapProducerIdConsumerIds: Record<string, string[]>;
}

function decoding(counters: RtpCounters, kind: 'audio' | 'video'): number {
  return counters.inbound.filter(
    (s) => s.kind === kind && s.bytesReceived > 0 && (kind === 'audio' || s.framesDecoded > 0),
  ).length;
}

/**
 * A lesson spread over two mediasoup workers, as a school assembly is: with one peer per
 * router, the tutor starts the lesson on one worker and the first class lands on the other.
 * Real Chromium pages must not notice: each receives what it would on one router.
 */
describe('a lesson spread over two workers (pipeToRouter) in real Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({
      env: { MEDIASOUP_NUM_WORKERS: '2', MEDIASOUP_PEERS_PER_ROUTER: '1' },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = (role: 'tutor' | 'classroom', name: string): Promise<LessonPage> =>
    openLessonPage(browser, server, { sessionId: SESSION, role, name, subject: name });

  it('carries the tutor to a class on the other worker and the class back', async () => {
    const tutor = await open('tutor', 'Emily');
    const classA = await open('classroom', 'CM2 B');
    const classB = await open('classroom', 'CM1 A');

    // [page, videos, audios] as on one router: the tutor sees both classes, a class the tutor.
    const expected: [LessonPage, number, number][] = [
      [tutor, 2, 2],
      [classA, 1, 2],
      [classB, 1, 2],
    ];
    for (const [person, videos, audios] of expected) {
      await waitFor(async () => {
        const counters = await rtpCounters(person.page);
        return decoding(counters, 'video') === videos && decoding(counters, 'audio') === audios;
      }, `${person.name} to decode ${videos} video and ${audios} audio streams`);
    }

    const room = await (await server.registry.open(SESSION)).mediaRoom();
    expect(new Set(room.workerIndices).size).toBe(2);
    const dumps = (await room.dumps()) as PipeDump[];
    // Both routers carry a pipe transport beside the peers' own, and the tutor's camera is
    // consumed on the second router through its pipe producer.
    const tutorCamera = room
      .producers()
      .find((p) => p.peerId === tutor.participantId && p.kind === 'video');
    expect(tutorCamera).toBeDefined();
    const onSecond = dumps[1]!.mapProducerIdConsumerIds[tutorCamera!.producerId] ?? [];
    expect(onSecond.length).toBeGreaterThan(0);
    console.info(
      `routers: ${dumps.map((d, i) => `worker ${room.workerIndices[i]}: ${d.transportIds.length} transports`).join(', ')}`,
    );
  });
});
