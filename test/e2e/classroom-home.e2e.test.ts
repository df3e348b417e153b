import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CLASSROOM_LINK_TTL_SECONDS } from '../../signaling';
import { axeViolations } from '../helpers/a11y';
import { launchChromium } from '../helpers/browser';
import { sharedLesson } from '../helpers/lessonPages';
import { startTestServer, type TestServer } from '../helpers/server';

const MINUTE_MS = 60_000;

describe('a whiteboard’s permanent link: waiting screen, device check, joining by itself on time', () => {
  let server: TestServer;
  let browser: Browser;
  let serverNow: Date;
  let startsAt: number;
  let link: string;

  beforeAll(async () => {
    serverNow = new Date();
    server = await startTestServer({ withPlanning: true, now: () => serverNow });
    browser = await launchChromium();
    const lesson = await sharedLesson(server);
    startsAt = Date.parse(lesson.startsAt);
    const classId = lesson.classIds[0]!;
    const key = await server.apiTokens.mint(
      'classroom',
      classId,
      'CE2 Jaurès',
      CLASSROOM_LINK_TTL_SECONDS,
    );
    link = `${server.url}/classroom/${classId}?video=320x240#key=${key}`;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the next lesson in Paris time with a camera check, then joins it at the scheduled time', async () => {
    serverNow = new Date(startsAt - 2 * 24 * 60 * MINUTE_MS);
    const page = await browser.newPage();
    await page.clock.install({ time: serverNow });
    await page.goto(link);
    const waiting = page.getByTestId('classroom-waiting');
    await expect.poll(() => waiting.textContent()).toContain('Prochaine leçon d’anglais');
    const when = new Intl.DateTimeFormat('fr-FR', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
    }).format(startsAt);
    expect(await waiting.textContent()).toContain(when);
    await page.getByRole('meter', { name: 'Niveau du micro' }).waitFor();
    expect(await page.getByRole('button', { name: 'Rejoindre la leçon maintenant' }).count()).toBe(
      0,
    );
    expect(await axeViolations(page)).toEqual([]);

    // Half a minute before the lesson, on the server and on the whiteboard's own clock.
    serverNow = new Date(startsAt - 3 * MINUTE_MS);
    await page.clock.setSystemTime(new Date(startsAt - 30_000));
    const room = page.getByTestId('lesson-room');
    await room.waitFor({ timeout: 30_000 });
    expect(await room.getAttribute('data-role')).toBe('classroom');
  });

  it('refuses a key that is not a classroom key', async () => {
    const page = await browser.newPage();
    const tutorKey = await server.apiTokens.mint('tutor', 'tutor-emily', 'Emily');
    await page.goto(`${server.url}/classroom/ecole-jaures-ce2#key=${tutorKey}`);
    await page.getByTestId('error-screen').waitFor();
    expect(await page.getByTestId('error-screen').getAttribute('data-error-code')).toBe(
      'unauthenticated',
    );
  });
});
