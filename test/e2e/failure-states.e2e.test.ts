import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createJoinLink } from '../../signaling/joinLinks';
import { dropConnection, launchChromium, rtpCounters, waitFor } from '../helpers/browser';
import { boardBox, boardContents, openLessonPage, sharedLesson } from '../helpers/lessonPages';
import { startTestServer, type TestServer } from '../helpers/server';

/** Makes the page's camera and microphone request fail as if the teacher had clicked "Block". */
const REFUSE_CAMERA_SCRIPT = `navigator.mediaDevices.getUserMedia = () =>
  Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));`;

describe('what people see when something goes wrong', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a clear error screen for an expired link, in French for a classroom', async () => {
    const link = await createJoinLink(server.tokens, {
      baseUrl: server.url,
      sessionId: 'any-lesson',
      role: 'classroom',
      displayName: 'CM2 B',
      ttlSeconds: -60,
    });
    const page = await browser.newPage();
    await page.goto(link);
    const screen = page.getByTestId('error-screen');
    await screen.waitFor();
    expect(await screen.getAttribute('data-error-code')).toBe('unauthenticated');
    expect(await screen.textContent()).toContain('Le lien a expiré');
    await page.close();
  });

  it('shows a clear error screen for a link without its key', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/lesson/any-lesson`);
    expect(await page.getByTestId('error-screen').getAttribute('data-error-code')).toBe('no_token');
    await page.close();
  });

  it('tells the classroom its camera was refused and still lets it follow the lesson', async () => {
    const lesson = await sharedLesson(server);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(REFUSE_CAMERA_SCRIPT);
    const link = await createJoinLink(server.tokens, {
      baseUrl: server.url,
      sessionId: lesson.id,
      role: 'classroom',
      displayName: 'CE2 Jaurès',
      subject: lesson.classIds[0],
    });
    await page.goto(link);
    await page.getByTestId('lesson-room').waitFor();
    const banner = page.getByTestId('media-error');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('La caméra et le micro ont été refusés');
    await context.close();
  });

  it('stops a whiteboard page, in French, when the same class opens the lesson elsewhere', async () => {
    const lesson = await sharedLesson(server);
    const link = await createJoinLink(server.tokens, {
      baseUrl: server.url,
      sessionId: lesson.id,
      role: 'classroom',
      displayName: 'CE2 Jaurès',
      subject: lesson.classIds[0],
    });
    const context = await browser.newContext();
    await context.addInitScript(REFUSE_CAMERA_SCRIPT);
    const first = await context.newPage();
    await first.goto(link);
    await first.getByTestId('lesson-room').waitFor();
    const second = await context.newPage();
    await second.goto(link);
    await second.getByTestId('lesson-room').waitFor();

    const screen = first.getByTestId('error-screen');
    await screen.waitFor();
    expect(await screen.getAttribute('data-error-code')).toBe('replaced');
    expect(await screen.textContent()).toContain('ouverte dans une autre fenêtre');
    // The page that took over stays in the lesson; the stopped one does not take it back.
    expect(await second.getByTestId('error-screen').count()).toBe(0);
    await context.close();
  });

  it('waits and gets in by itself when the lesson is full for its role, instead of failing', async () => {
    const lesson = await sharedLesson(server);
    const context = await browser.newContext();
    await context.addInitScript(REFUSE_CAMERA_SCRIPT);
    const openTutor = async (subject: string) => {
      const link = await createJoinLink(server.tokens, {
        baseUrl: server.url,
        sessionId: lesson.id,
        role: 'tutor',
        displayName: subject,
        subject,
      });
      const page = await context.newPage();
      await page.goto(link);
      return page;
    };
    // A lesson takes two tutors (MAX_PARTICIPANTS_BY_ROLE): the third is refused `unavailable`.
    const first = await openTutor('tutor-full-1');
    const second = await openTutor('tutor-full-2');
    await first.getByTestId('lesson-room').waitFor();
    await second.getByTestId('lesson-room').waitFor();
    const third = await openTutor('tutor-full-3');
    await third.getByTestId('phase-reconnecting').waitFor({ timeout: 30_000 });
    expect(await third.getByTestId('error-screen').count()).toBe(0);
    await second.close();
    // Retried at 2, 4, 8 then every 15 s: in once a seat is free, nobody pressing anything.
    await third.getByTestId('lesson-room').waitFor({ timeout: 60_000 });
    await context.close();
  });

  it('joins by itself when a join request is lost on a line that stays up', async () => {
    const lesson = await sharedLesson(server);
    const link = await createJoinLink(server.tokens, {
      baseUrl: server.url,
      sessionId: lesson.id,
      role: 'classroom',
      displayName: 'CM2 Jaurès',
      subject: lesson.classIds[1] ?? lesson.classIds[0],
    });
    const context = await browser.newContext();
    await context.addInitScript(REFUSE_CAMERA_SCRIPT);
    const page = await context.newPage();
    let lost = 0;
    // The first joinSession never reaches the server, while the WebSocket itself stays open.
    await page.routeWebSocket(/socket\.io/, (socket) => {
      const toServer = socket.connectToServer();
      socket.onMessage((message) => {
        if (lost === 0 && typeof message === 'string' && message.includes('"joinSession"')) {
          lost += 1;
          return;
        }
        toServer.send(message);
      });
    });
    await page.goto(link);
    const phase = () => page.evaluate(() => window.passerelleLesson?.store.get().phase);
    await waitFor(async () => (await phase()) === 'joined', 'the page to join again', 60_000);
    expect(lost).toBe(1);
    await context.close();
  });

  it(
    'keeps what a classroom drew while its connection dropped, and shares it on reconnection',
    { timeout: 120_000 },
    async () => {
      const lesson = await sharedLesson(server);
      const base = { sessionId: lesson.id };
      const tutor = await openLessonPage(browser, server, {
        ...base,
        role: 'tutor',
        name: 'Emily',
        subject: lesson.tutorId,
      });
      const classroom = await openLessonPage(browser, server, {
        ...base,
        role: 'classroom',
        name: 'CE2 Jaurès',
        subject: lesson.classIds[0]!,
      });
      const strokesBefore = (await boardContents(tutor.page)).strokes;
      // The classroom's board is on screen before the line drops (it loads after the first frame).
      await boardBox(classroom.page);

      // The connection drops and the network stays down (socket.io waits ≥ 0.5 s before retrying).
      await dropConnection(classroom.page);
      await classroom.page.context().setOffline(true);
      await classroom.page.getByTestId('phase-reconnecting').waitFor();
      // Measured now: the page's layout changes a little while it reconnects (no microphone button).
      const box = await boardBox(classroom.page);
      const at = (x: number, y: number) => [box.x + x * box.width, box.y + y * box.height] as const;
      await classroom.page.mouse.move(...at(0.3, 0.4));
      await classroom.page.mouse.down();
      await classroom.page.mouse.move(...at(0.6, 0.6), { steps: 6 });
      await classroom.page.mouse.up();

      expect((await boardContents(classroom.page)).strokes).toBe(strokesBefore + 1);
      expect((await boardContents(tutor.page)).strokes).toBe(strokesBefore);
      await classroom.page.context().setOffline(false);
      await classroom.page
        .getByTestId('phase-reconnecting')
        .waitFor({ state: 'detached', timeout: 60_000 });
      await waitFor(
        async () => (await boardContents(tutor.page)).strokes === strokesBefore + 1,
        'the offline stroke to reach the tutor',
      );
    },
  );

  it('keeps the lesson on screen when the board’s code fails to load, and shows the board once it loads', async () => {
    const lesson = await sharedLesson(server);
    const base = { sessionId: `${lesson.id}-board-chunk` };
    await openLessonPage(browser, server, {
      ...base,
      role: 'tutor',
      name: 'Emily',
      subject: lesson.tutorId,
    });
    const boardChunk = /\/assets\/BoardPanelContent-[^/]*\.js$/;
    let refused = 0;
    const classroom = await openLessonPage(browser, server, {
      ...base,
      role: 'classroom',
      name: 'CE2 Jaurès',
      subject: lesson.classIds[0]!,
      // The school's line drops just as the board's code is fetched, after the first frame.
      beforeGoto: (page) =>
        page.route(boardChunk, (route) => {
          refused += 1;
          return route.abort('internetdisconnected');
        }),
    });
    await waitFor(async () => refused > 0, 'the board’s code to be refused');
    expect(await classroom.page.getByTestId('lesson-room').isVisible()).toBe(true);
    await classroom.page.unroute(boardChunk);
    await boardBox(classroom.page);
    expect(await classroom.page.getByTestId('lesson-room').isVisible()).toBe(true);
  });

  it('still carries media after a page leaves and connects again (React’s development double mount)', async () => {
    const lesson = await sharedLesson(server);
    const base = { sessionId: `${lesson.id}-remount` };
    const tutor = await openLessonPage(browser, server, {
      ...base,
      role: 'tutor',
      name: 'Emily',
      subject: lesson.tutorId,
    });
    await tutor.page.evaluate(() => {
      window.passerelleLesson?.leave();
      window.passerelleLesson?.connect();
    });
    const classroom = await openLessonPage(browser, server, {
      ...base,
      role: 'classroom',
      name: 'CE2',
      subject: lesson.classIds[0]!,
    });
    await waitFor(async () => {
      const counters = await rtpCounters(classroom.page);
      return counters.inbound.some((stat) => stat.kind === 'video' && stat.framesDecoded > 0);
    }, 'the classroom to see the tutor who reconnected');
  });
});
