import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
/** The capture the pages pin (`?video=`), and the policy's thumbnail capture: half as wide. */
const FULL_WIDTH = 640;
const THUMBNAIL_WIDTH = 320;
const INSPECTOR = { id: 'inspector-martin', name: 'Claire Martin' };

/** The width the page's camera is captured at now (the server's policy changes it). */
function captureWidth(page: Page): Promise<number | undefined> {
  return page.evaluate(
    () => window.passerelleLesson?.localStream?.getVideoTracks()[0]?.getSettings().width,
  );
}

/** True once the page's camera is captured `width` wide: a predicate for `waitFor`. */
function capturedAt(page: Page, width: number): () => Promise<boolean> {
  return async () => (await captureWidth(page)) === width;
}

/** The `producerLayersWanted` notifications the page has received so far, oldest first. */
async function layersWanted(page: Page): Promise<number[]> {
  return (await receivedFrames(page))
    .filter((frame) => frame.includes('producerLayersWanted'))
    .map((frame) => Number(/"maxSpatialLayer":(-?\d+|null)/.exec(frame)?.[1] ?? NaN));
}

/**
 * For each video of the lesson's view (by its figure's class): how many rounded clips it is
 * drawn under, its own border-radius and every ancestor that both rounds and clips its
 * content. Chromium's compositor draws a video under two or more offscreen, masked, on every
 * frame (README, bench:page: ~0.15 of a core on the classroom's whiteboard without a GPU).
 */
function roundedClipsPerVideo(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const rounds = (style: CSSStyleDeclaration) =>
      [
        style.borderTopLeftRadius,
        style.borderTopRightRadius,
        style.borderBottomLeftRadius,
        style.borderBottomRightRadius,
      ].some((radius) => parseFloat(radius) > 0);
    const clips = (style: CSSStyleDeclaration) =>
      style.overflowX !== 'visible' || style.overflowY !== 'visible';
    const counts: Record<string, number> = {};
    for (const video of document.querySelectorAll('[data-testid=lesson-room] video')) {
      let count = rounds(getComputedStyle(video)) ? 1 : 0;
      for (let element = video.parentElement; element; element = element.parentElement) {
        const style = getComputedStyle(element);
        if (rounds(style) && clips(style)) count++;
      }
      counts[video.closest('figure')?.className ?? 'outside a figure'] = count;
    }
    return counts;
  });
}

describe('dynacast: a class camera encodes and captures only what the tutor watches', () => {
  let server: TestServer;
  let browser: Browser;
  let tutor: LessonPage;
  let classes: LessonPage[];
  let inspector: LessonPage;

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
    // Watching every class from the start: its view asks each tile's top layer once flowing.
    inspector = await openLessonPage(browser, server, {
      ...base,
      role: 'inspector',
      name: INSPECTOR.name,
      subject: INSPECTOR.id,
    });
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
    // The thumbnail still flows: its lowest layer keeps encoding, from a smaller capture.
    await waitFor(
      encodingState(small.page, LOWEST, 'encoding'),
      `${small.name} to keep encoding its lowest layer`,
    );
    await waitFor(capturedAt(small.page, THUMBNAIL_WIDTH), `${small.name} to capture smaller`);
    expect(await captureWidth(big.page)).toBe(FULL_WIDTH);

    await tutor.page.getByRole('button', { name: `Spotlight ${small.name}` }).click();
    await waitFor(
      encodingState(small.page, TOP, 'encoding'),
      `${small.name} to encode its top layer again once spotlighted`,
    );
    await waitFor(capturedAt(small.page, FULL_WIDTH), `${small.name} to capture in full again`);
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

  it('lets an inspector raise a thumbnail class only by enlarging its tile', async () => {
    const [, small] = await spotlightAndThumbnail();
    await waitFor(encodingState(small.page, TOP, 'idle'), `${small.name} to stop its top layer`);
    const tile = inspector.page.locator(`video[aria-label="${small.name}"]`);
    await waitFor(
      async () => (await tile.evaluate((video: HTMLVideoElement) => video.videoWidth)) > 0,
      `the inspector to see ${small.name}`,
    );
    // The inspector's view asks every tile's top layer once flowing (consumerLayers), yet the
    // class stays a thumbnail: an observer's demand counts only up to the tutor's.
    await waitFor(encodingState(small.page, TOP, 'idle'), `${small.name} to stay a thumbnail`);
    expect((await layersWanted(small.page)).at(-1)).toBe(0);

    const enlarge = inspector.page.getByRole('button', { name: `Agrandir ${small.name}` });
    await enlarge.click();
    await waitFor(
      encodingState(small.page, TOP, 'encoding'),
      `${small.name} to encode its top layer for the enlarged tile`,
    );
    await waitFor(capturedAt(small.page, FULL_WIDTH), `${small.name} to capture in full`);
    await enlarge.click();
    await waitFor(
      encodingState(small.page, TOP, 'idle'),
      `${small.name} to stop its top layer once the tile is back`,
    );
    await waitFor(capturedAt(small.page, THUMBNAIL_WIDTH), `${small.name} to capture smaller`);
  });

  it("draws each of the thumbnail classroom's videos under one rounded clip at most", async () => {
    const [, small] = await spotlightAndThumbnail();
    await small.page.locator('.tutor-video video').waitFor();
    await small.page.locator('.classroom-self video').waitFor();
    // The tutor on the stage (rounded itself), and the class's own picture in the stage's
    // corner (clipped by its frame): never the one inside the other's clip as well.
    expect(await roundedClipsPerVideo(small.page)).toEqual({
      'tutor-video': 1,
      'classroom-self': 1,
    });
  });
});
