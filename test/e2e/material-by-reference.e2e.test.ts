import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, receivedFrames, waitFor } from '../helpers/browser';
import { openLessonPage, sharedLesson, type LessonPage } from '../helpers/lessonPages';
import { addToPlan, solidPng, uploadMaterial } from '../helpers/materials';
import { startTestServer, type TestServer } from '../helpers/server';

/** Three dot-separated base64url parts: anything that looks like a JWT. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;

/** Every address the page's DOM points at. */
function addressesOf(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[src], [href]')].flatMap((element) =>
      ['src', 'href'].map((name) => element.getAttribute(name) ?? '').filter(Boolean),
    ),
  );
}

/** Issue 8, row 1: a pushed picture carried the tutor's token to every classroom and the inspector. */
describe('a pushed material carries no credential (real Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let tutor: LessonPage;
  let classroom: LessonPage;
  let inspector: LessonPage;
  let tutorToken: string;

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true });
    browser = await launchChromium();
    const lesson = await sharedLesson(server);
    const tutorApi = await server.apiTokens.mint('tutor', lesson.tutorId, 'Emily');
    const uploaded = await uploadMaterial(server, tutorApi, {
      bytes: solidPng(40, 30),
      type: 'image/png',
      name: 'Red square',
      kind: 'image',
    });
    const { material } = (await uploaded.json()) as { material: { id: string } };
    await addToPlan(server, tutorApi, lesson.id, material.id);
    const common = { sessionId: lesson.id };
    tutor = await openLessonPage(browser, server, {
      ...common,
      role: 'tutor',
      name: 'Emily',
      subject: lesson.tutorId,
    });
    classroom = await openLessonPage(browser, server, {
      ...common,
      role: 'classroom',
      name: 'CE2',
      subject: lesson.classIds[0]!,
    });
    inspector = await openLessonPage(browser, server, {
      ...common,
      role: 'inspector',
      name: 'Claire Martin',
      subject: 'inspector-martin',
    });
    tutorToken = await tutor.page.evaluate(
      () => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '',
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the pushed picture on the classroom and inspector boards', async () => {
    expect(tutorToken).toMatch(JWT_LIKE);
    await tutor.page.getByTestId('push-material').first().click();
    for (const viewer of [classroom, inspector]) {
      await waitFor(
        () =>
          viewer.page.evaluate(() => {
            const image = document.querySelector<HTMLImageElement>('img.board-image');
            return !!image && image.complete && image.naturalWidth === 40;
          }),
        `${viewer.role} to display the picture`,
      );
      const src = await viewer.page.locator('img.board-image').getAttribute('src');
      expect(src).toMatch(/^blob:/);
    }
  });

  it('puts no token in any frame, src or href the classroom and inspector receive', async () => {
    for (const viewer of [classroom, inspector]) {
      const frames = (await receivedFrames(viewer.page)).join('\n');
      expect(frames).toContain('contentPushed');
      expect(frames).toContain('materialId');
      expect(frames).not.toContain(tutorToken);
      expect(frames).not.toMatch(JWT_LIKE);
      expect(frames).not.toContain('access_token');
      const addresses = (await addressesOf(viewer.page)).join('\n');
      expect(addresses).not.toContain(tutorToken);
      expect(addresses).not.toMatch(JWT_LIKE);
    }
  });

  it('revokes each viewer’s blob: URL once the picture leaves the board', async () => {
    const shown = new Map<LessonPage, string>();
    for (const viewer of [classroom, inspector]) {
      shown.set(viewer, (await viewer.page.locator('img.board-image').getAttribute('src')) ?? '');
      await viewer.page.evaluate(() => {
        const revoked: string[] = [];
        (window as unknown as { revokedUrls: string[] }).revokedUrls = revoked;
        const revoke = URL.revokeObjectURL.bind(URL);
        URL.revokeObjectURL = (url: string) => (revoked.push(url), revoke(url));
      });
    }
    // The tutor clears the board (a second tap confirms): the picture unmounts everywhere.
    const clear = tutor.page.locator('.board-clear');
    await clear.click();
    await clear.click();
    for (const viewer of [classroom, inspector]) {
      const src = shown.get(viewer)!;
      await waitFor(
        () =>
          viewer.page.evaluate(
            (url) => (window as unknown as { revokedUrls: string[] }).revokedUrls.includes(url),
            src,
          ),
        `${viewer.role} to revoke ${src}`,
      );
    }
  });
});
