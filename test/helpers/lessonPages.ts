import type { Browser, Page } from 'playwright-core';
import type { LessonSession as PlannedSession } from '../../lesson-plans';
import { createJoinLink } from '../../signaling/joinLinks';
import type { Role } from '../../signaling/protocol';
import { RECORD_WEBSOCKET_SCRIPT } from './browser';
import type { TestServer } from './server';

export interface LessonPage {
  page: Page;
  role: Role;
  name: string;
  participantId: string;
}

/**
 * The first planned lesson in which one tutor teaches two classes (the demo
 * town has a weekly one). Not "the next one": tests must not depend on today's date.
 */
export async function sharedLesson(server: TestServer): Promise<PlannedSession> {
  const sessions = await server.planning!.listSessions({});
  const shared = sessions.find((session) => session.classIds.length > 1);
  if (!shared) throw new Error('the demo timetable has no lesson shared by two classes');
  return shared;
}

/** Opens a join link in its own browser context, recording every WebSocket frame it receives. */
export async function openLessonPage(
  browser: Browser,
  server: TestServer,
  options: {
    sessionId: string;
    role: Role;
    name: string;
    subject: string;
    /** Capture size, e.g. 320x240 (the default, to spare the CPU). */
    video?: string;
    /** Capture frame rate; the app's default when omitted. */
    fps?: number;
    /** Runs on the new page before it navigates (e.g. to route its requests). */
    beforeGoto?: (page: Page) => Promise<unknown>;
  },
): Promise<LessonPage> {
  const link = await createJoinLink(server.tokens, {
    baseUrl: server.url,
    sessionId: options.sessionId,
    role: options.role,
    displayName: options.name,
    subject: options.subject,
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.addInitScript(RECORD_WEBSOCKET_SCRIPT);
  await options.beforeGoto?.(page);
  const query = new URLSearchParams({ video: options.video ?? '320x240' });
  if (options.fps) query.set('fps', String(options.fps));
  // What went wrong if the room never shows: a beforeAll failure leaves no other trace.
  const troubles: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && troubles.push(`console: ${m.text()}`)));
  page.on(
    'requestfailed',
    (r) => void troubles.push(`failed: ${r.url()} ${r.failure()?.errorText}`),
  );
  try {
    // Not the `load` event: one slow subresource (a lazy chunk through a shaped namespace on a
    // loaded machine) must not fail a page whose lesson room is up.
    await page.goto(link.replace('#', `?${query.toString()}#`), {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });
    await page.getByTestId('lesson-room').waitFor({ timeout: 60_000 });
  } catch (error) {
    const detail = troubles.length ? `\n${troubles.slice(-10).join('\n')}` : '';
    throw new Error(`${options.role} page never showed its lesson room: ${error}${detail}`, {
      cause: error,
    });
  }
  const participantId = await page.evaluate(
    () => window.passerelleLesson?.store.get().self?.participantId ?? '',
  );
  return { page, role: options.role, name: options.name, participantId };
}

/** Counts of what the page's board document holds. */
export function boardContents(page: Page): Promise<{ strokes: number; items: string[] }> {
  return page.evaluate(() => {
    const board = window.passerelleBoard;
    return {
      strokes: board?.strokes().length ?? -1,
      items: board?.items().map((item) => item.label) ?? [],
    };
  });
}

/** The board's drawing surface on screen, once the board has measured itself (a ResizeObserver, so asynchronous). */
export async function boardBox(
  page: Page,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const canvas = page.locator('canvas.board-strokes');
  let box = await canvas.boundingBox();
  const deadline = Date.now() + 30_000;
  while ((!box || box.width === 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    box = await canvas.boundingBox();
  }
  if (!box || box.width === 0) throw new Error('the board never appeared on the page');
  return box;
}
