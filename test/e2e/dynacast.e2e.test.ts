import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, receivedFrames, waitFor } from '../helpers/browser';
import { openLessonPage, sharedLesson, type LessonPage } from '../helpers/lessonPages';
import { encodingState, sentEncodings } from '../helpers/senderLayers';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The class camera's encodings by rid, lowest first: the server's policy for a classroom is
 * two layers (320x180 and 640x360 from a 640x360 capture, signaling/capturePolicy.ts).
 */
const TOP = 'r1';
const LOWEST = 'r0';

describe('dynacast: a class camera encodes only the layers the tutor watches', () => {
  let server: TestServer;
  let browser: Browser;
  let tutor: LessonPage;
  let classes: LessonPage[];

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true });
    browser = await launchChromium();
    const lesson = await sharedLesson(server);
    // As in spotlight.e2e: 640x360 is the smallest capture at which Chrome sends more than one
    // layer, and 10 frames a second keeps three pages' encoders light on two cores.
    const base = { sessionId: lesson.id, video: '640x360', fps: 10 };
    tutor = await openLessonPage(browser, server, {
      ...base,
      role: 'tutor',
      name: 'Emily Carter',
      subject: lesson.tutorId,
    });
    classes = [];
    for (const [index, name] of ['CE2 Jaurès', 'CM2 Jaurès'].entries()) {
      const subject = lesson.classIds[index]!;
      classes.push(
        await openLessonPage(browser, server, { ...base, role: 'classroom', name, subject }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function spotlightAndThumbnail(): Promise<[LessonPage, LessonPage]> {
    const spotlighted = await tutor.page
      .locator('[data-testid=class-tile][data-spotlight=true]')
      .getAttribute('data-participant-id');
    const [a, b] = classes as [LessonPage, LessonPage];
    return spotlighted === a.participantId ? [a, b] : [b, a];
  }

  it('stops the thumbnail class encoding its top layer, and restarts it once spotlighted', async () => {
    const [big, small] = await spotlightAndThumbnail();
    await waitFor(encodingState(big.page, TOP, 'encoding'), `${big.name} to encode its top layer`);
    await waitFor(encodingState(small.page, TOP, 'idle'), `${small.name} to stop its top layer`);
    // The thumbnail still flows: its lowest layer keeps encoding.
    await waitFor(
      encodingState(small.page, LOWEST, 'encoding'),
      `${small.name} to keep encoding its lowest layer`,
    );

    await tutor.page.getByRole('button', { name: `Spotlight ${small.name}` }).click();
    await waitFor(
      encodingState(small.page, TOP, 'encoding'),
      `${small.name} to encode its top layer again once spotlighted`,
    );
    await waitFor(
      encodingState(big.page, TOP, 'idle'),
      `${big.name} to stop its top layer once a thumbnail`,
    );
    // The page was told by the server, in the notification the protocol declares.
    expect((await receivedFrames(small.page)).some((f) => f.includes('producerLayersWanted'))).toBe(
      true,
    );
    expect((await sentEncodings(small.page))[TOP]?.active).toBe(true);
  });
});
