import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, waitFor } from '../helpers/browser';
import { openLessonPage, sharedLesson, type LessonPage } from '../helpers/lessonPages';
import { startTestServer, type TestServer } from '../helpers/server';

/** The decoded width of each class camera the tutor receives, by participant id. */
function receivedWidths(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const client = window.passerelleLesson;
    if (!client) return {};
    const byTrack = new Map<string, string>();
    for (const remote of client.store.get().remoteTracks) {
      const track = client.track(remote.consumerId);
      if (remote.kind === 'video' && track) byTrack.set(track.id, remote.participantId);
    }
    const widths: Record<string, number> = {};
    (await client.transportStats()).recv?.forEach((stat: Record<string, unknown>) => {
      const owner = byTrack.get(String(stat.trackIdentifier));
      if (stat.type === 'inbound-rtp' && owner && typeof stat.frameWidth === 'number')
        widths[owner] = stat.frameWidth;
    });
    return widths;
  });
}

describe('one tutor, two classrooms: the spotlight decides which simulcast layer the tutor receives', () => {
  let server: TestServer;
  let browser: Browser;
  let tutor: LessonPage;
  let classA: LessonPage;
  let classB: LessonPage;

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true });
    browser = await launchChromium();
    const lesson = await sharedLesson(server);
    const base = { sessionId: lesson.id, video: '640x360' };
    // 640x360 is the smallest capture for which Chrome sends more than one simulcast layer;
    // the fake camera is shared by all pages at the size the first one opened it with.
    tutor = await openLessonPage(browser, server, {
      ...base,
      role: 'tutor',
      name: 'Emily Carter',
      subject: lesson.tutorId,
    });
    classA = await openLessonPage(browser, server, {
      ...base,
      role: 'classroom',
      name: 'CE2 Jaurès',
      subject: lesson.classIds[0]!,
    });
    classB = await openLessonPage(browser, server, {
      ...base,
      role: 'classroom',
      name: 'CM2 Jaurès',
      subject: lesson.classIds[1]!,
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('receives the spotlighted class in full and the other as a thumbnail, and swaps on request', async () => {
    const a = classA.participantId;
    const b = classB.participantId;
    const spotlighted = async () =>
      tutor.page
        .locator('[data-testid=class-tile][data-spotlight=true]')
        .getAttribute('data-participant-id');
    const first = await spotlighted();
    const [big, small] = first === a ? [a, b] : [b, a];
    await waitFor(async () => {
      const widths = await receivedWidths(tutor.page);
      return (widths[big] ?? 0) > (widths[small] ?? Infinity);
    }, 'the spotlighted class to arrive wider than the thumbnail');

    const smallName = small === a ? classA.name : classB.name;
    await tutor.page.getByRole('button', { name: `Spotlight ${smallName}` }).click();
    expect(await spotlighted()).toBe(small);
    await waitFor(async () => {
      const widths = await receivedWidths(tutor.page);
      return (widths[small] ?? 0) > (widths[big] ?? Infinity);
    }, 'the layers to swap after the spotlight moved');
  });
});
