import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from '../helpers/a11y';
import { launchChromium, receivedFrames, waitFor } from '../helpers/browser';
import {
  boardContents,
  openLessonPage,
  sharedLesson,
  type LessonPage,
  boardBox,
} from '../helpers/lessonPages';
import { startTestServer, type TestServer } from '../helpers/server';

const INSPECTOR = { id: 'inspector-martin', name: 'Claire Martin' };

/** Draws one line across the board with the mouse (a pen or a finger on a whiteboard). */
async function drawLine(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const box = await boardBox(page);
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  for (let step = 1; step <= 8; step++) {
    await page.mouse.move(
      ...at([from[0] + ((to[0] - from[0]) * step) / 8, from[1] + ((to[1] - from[1]) * step) / 8]),
    );
  }
  await page.mouse.up();
}

/** Two fingers at once, through Chrome's touch input: both must draw, neither may zoom. */
async function drawWithTwoFingers(page: Page): Promise<void> {
  const box = await boardBox(page);
  const cdp = await page.context().newCDPSession(page);
  const point = (id: number, x: number, y: number) => ({
    id,
    x: box.x + x * box.width,
    y: box.y + y * box.height,
  });
  await cdp.send('Input.dispatchTouchEvent', {
    type: 'touchStart',
    touchPoints: [point(1, 0.2, 0.6), point(2, 0.6, 0.6)],
  });
  for (let step = 1; step <= 6; step++) {
    const dy = step * 0.04;
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: [point(1, 0.2 + dy, 0.6 + dy), point(2, 0.6 + dy, 0.6 - dy)],
    });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

describe('the lesson itself: board, pushed content, raise hand, notes, in real Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let tutor: LessonPage;
  let classA: LessonPage;
  let classB: LessonPage;
  let inspector: LessonPage;
  let sessionId: string;

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true });
    browser = await launchChromium();
    const lesson = await sharedLesson(server);
    sessionId = lesson.id;
    const [first, second] = lesson.classIds;
    tutor = await openLessonPage(browser, server, {
      sessionId,
      role: 'tutor',
      name: 'Emily Carter',
      subject: lesson.tutorId,
    });
    inspector = await openLessonPage(browser, server, {
      sessionId,
      role: 'inspector',
      name: INSPECTOR.name,
      subject: INSPECTOR.id,
    });
    classA = await openLessonPage(browser, server, {
      sessionId,
      role: 'classroom',
      name: 'CE2 Jaurès',
      subject: first!,
    });
    classB = await openLessonPage(browser, server, {
      sessionId,
      role: 'classroom',
      name: 'CM2 Jaurès',
      subject: second!,
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('syncs a stroke drawn on one classroom board to the tutor, the other classroom and the inspector', async () => {
    await drawLine(classA.page, [0.1, 0.2], [0.5, 0.3]);
    for (const other of [tutor, classB, inspector]) {
      await waitFor(
        async () => (await boardContents(other.page)).strokes === 1,
        `${other.name} to see the stroke`,
      );
    }
  });

  it('draws two strokes when two fingers touch the board at once', async () => {
    await drawWithTwoFingers(classB.page);
    for (const other of [tutor, classA, inspector]) {
      await waitFor(
        async () => (await boardContents(other.page)).strokes === 3,
        `${other.name} to see both finger strokes`,
      );
    }
    const zoom = await classB.page.evaluate(() => window.visualViewport?.scale ?? 1);
    expect(zoom).toBe(1);
  });

  it('puts a flashcard pushed from the lesson plan on every board', async () => {
    await tutor.page.getByTestId('push-word').first().click();
    for (const other of [classA, classB, inspector]) {
      await waitFor(
        async () => (await boardContents(other.page)).items.length === 1,
        `${other.name} to get the flashcard`,
      );
    }
    const [word] = (await boardContents(classA.page)).items;
    await expect
      .poll(() => classA.page.locator('.board-flashcard').first().textContent())
      .toContain(word);
  });

  it('brings a raised hand to the tutor', async () => {
    await classA.page.getByTestId('raise-hand').click();
    await expect
      .poll(() => tutor.page.getByTestId('hand-queue').textContent())
      .toContain('CE2 Jaurès');
    expect(
      await classB.page.evaluate(
        () => window.passerelleLesson?.activity.store.get().raisedHands.length,
      ),
    ).toBe(0);
  });

  it('shows the tutor each class’s connection quality', async () => {
    await tutor.page
      .locator('[data-testid=quality][data-level]')
      .nth(1)
      .waitFor({ timeout: 30_000 });
    expect(await tutor.page.locator('[data-testid=quality][data-level]').count()).toBe(2);
  });

  it('saves the inspector’s timestamped notes to the session’s inspection', async () => {
    await inspector.page
      .getByLabel('Nouvelle note')
      .fill('Les élèves répètent le vocabulaire avec plaisir.');
    await inspector.page.getByRole('button', { name: 'Ajouter la note' }).click();
    await inspector.page.locator('[data-saved=true]').waitFor();
    const inspections = await server.planning!.listInspections({ sessionId });
    expect(inspections).toHaveLength(1);
    expect(inspections[0]!.notes.map((note) => note.text)).toEqual([
      'Les élèves répètent le vocabulaire avec plaisir.',
    ]);
  });

  it('lets the tutor mute a class on the server, and the class sees it', async () => {
    await tutor.page.getByRole('button', { name: 'Mute CE2 Jaurès' }).click();
    await classA.page.getByText('Le tuteur a coupé votre micro.').waitFor();
    await classA.page.getByRole('button', { name: 'Activer le micro' }).waitFor();
    const room = await (await server.registry.open(sessionId)).mediaRoom();
    const mic = room
      .producers()
      .find((p) => p.peerId === classA.participantId && p.source === 'microphone');
    expect(mic?.paused).toBe(true);
    await tutor.page.getByRole('button', { name: 'Unmute CE2 Jaurès' }).click();
    await classA.page.getByRole('button', { name: 'Couper le micro' }).waitFor();
  });

  it('tells the tutor who is speaking, from the audio itself', async () => {
    // Every page plays Chromium's same fake beep, and the observer keeps whoever dominates
    // first until someone is clearly louder; the tutor, never told about itself, may hold it.
    // With the tutor's microphone off, its level fades and a class must take over.
    await tutor.page.getByRole('button', { name: 'Turn microphone off' }).click();
    const classIds = [classA.participantId, classB.participantId];
    await waitFor(
      async () =>
        (await receivedFrames(tutor.page)).some(
          (frame) =>
            frame.includes('activeSpeakerChanged') && classIds.some((id) => frame.includes(id)),
        ),
      'an active speaker notification naming a class',
    );
    await tutor.page.getByRole('button', { name: 'Turn microphone on' }).click();
  });

  it('shows the tutor’s shared screen large on the whiteboards, with the tutor in a corner', async () => {
    await tutor.page.getByRole('button', { name: 'Share screen' }).click();
    await classA.page.locator('.tutor-pip').waitFor();
    const sources = await classA.page.evaluate(() =>
      window.passerelleLesson?.store.get().remoteTracks.map((track) => track.source),
    );
    expect(sources).toContain('screen');
    await tutor.page.getByRole('button', { name: 'Stop sharing' }).click();
    await classA.page.locator('.tutor-pip').waitFor({ state: 'detached' });
  });

  it('switches a view between French and English', async () => {
    await classB.page.getByRole('button', { name: 'English' }).click();
    await classB.page.getByRole('button', { name: 'Raise hand' }).waitFor();
    await classB.page.getByRole('button', { name: 'Français' }).click();
    await classB.page.getByRole('button', { name: 'Lever la main' }).waitFor();
  });

  it('saves the tutor’s handover note for the teacher after the lesson', async () => {
    await tutor.page.getByRole('button', { name: 'End lesson' }).click();
    const note = 'Practise the animal flashcards; CE2 loved the song.';
    await tutor.page
      .getByLabel('What the class did, and what to practise before next week')
      .fill(note);
    await tutor.page.getByRole('button', { name: 'Save note' }).click();
    await tutor.page.getByText('Note saved.').waitFor();
    const plan = await server.planning!.getPlan(sessionId);
    expect(plan.ok && plan.value.handoverNote).toBe(note);
    await tutor.page.getByRole('button', { name: 'Close' }).click();
  });

  it('passes the automated WCAG check on every view', async () => {
    for (const person of [tutor, classA, inspector]) {
      expect(await axeViolations(person.page), `${person.role} view`).toEqual([]);
    }
  });

  it('never lets the other pages learn of the inspector, board and hands included', async () => {
    await inspector.page.close();
    for (const person of [tutor, classA, classB]) {
      const text = (await receivedFrames(person.page)).join('\n');
      expect(text).toContain('boardUpdated');
      expect(text).not.toContain(inspector.participantId);
      expect(text).not.toContain(INSPECTOR.name);
      expect(text).not.toContain(INSPECTOR.id);
      expect(text).not.toContain('inspector');
    }
  });
});
