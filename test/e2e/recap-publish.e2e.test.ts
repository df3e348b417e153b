import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

/** Emily's Monday lesson with CE2 and CM2 Jaurès (demo town), in term 1. */
const LESSON = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-07';
const CLASS = 'ecole-jaures-ce2';
/** A small screen: the buttons must still be reachable. */
const SMALL = { width: 320, height: 240 };
const HOME_ACTIVITY = 'Chantez « Old MacDonald » ensemble et mimez les animaux.';
const NOTHING_PUBLISHED = "Aucun compte rendu n'a encore été publié pour cette période.";

/*
 * Issue 13 item 2, the plan screen's side: the class's teacher opens the lesson's plan
 * screen, previews the recap, publishes it with the button, creates the family link there,
 * and the families' page shows the recap; withdrawing it with the button removes it again.
 */
describe('publishing the family recap from the plan screen', () => {
  let server: TestServer;
  let browser: Browser;
  let teacherPage: Page;
  let familyPage: Page;
  let clock = new Date('2026-11-28T10:00:00Z');
  let familyLink = '';

  async function rest(token: string, method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.url}/api/planning${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
    return (await response.json()) as Record<string, unknown>;
  }

  /** The tutor wrote the plan and the lesson has started: its recap may be published. */
  async function lessonUnderWay(): Promise<void> {
    const tutor = await server.apiTokens.mint('tutor', 'tutor-emily', 'Emily Hartley');
    const { plan } = (await rest(tutor, 'GET', `/sessions/${LESSON}/plan`)) as {
      plan: { version: number };
    };
    await rest(tutor, 'PUT', `/sessions/${LESSON}/plan`, {
      expectedVersion: plan.version,
      objectives: ['I can name farm animals'],
      vocabulary: [
        { word: 'cat', translation: 'chat' },
        { word: 'cow', translation: 'vache' },
      ],
      activities: [{ title: 'Song: Old MacDonald', minutes: 10, description: '' }],
      materialIds: [],
    });
    const session = (await server.planning!.getSession(LESSON))!;
    clock = new Date(Date.parse(session.startsAt) + 5 * 60_000);
    await rest(tutor, 'POST', `/sessions/${LESSON}/state`, { state: 'live' });
  }

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true, now: () => clock });
    await lessonUnderWay();
    browser = await launchChromium();
    teacherPage = await browser.newPage({ viewport: SMALL });
    familyPage = await browser.newPage({ viewport: SMALL });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the teacher previews, then publishes with the button, and creates the family link', async () => {
    const teacherId = (await server.planning!.getClass(CLASS))!.teacherId;
    const teacher = await server.apiTokens.mint('teacher', teacherId, 'Mme Lefèvre');
    await teacherPage.goto(`${server.url}/planning#token=${teacher}`);
    // The planning app takes the token out of the address first, then routes on the hash.
    await teacherPage.locator('.planning-header nav').waitFor();
    await teacherPage.evaluate(
      (id) => (window.location.hash = `#/plan/${encodeURIComponent(id)}`),
      LESSON,
    );
    await teacherPage.getByRole('heading', { name: 'Compte rendu pour les familles' }).waitFor();
    const status = teacherPage.locator('.recap-panel [role="status"]').first();
    await expect.poll(() => status.textContent()).toBe('Pas encore publié.');
    const publish = teacherPage.getByRole('button', { name: 'Publier pour les familles' });
    // Publishing needs a preview first.
    expect(await publish.isDisabled()).toBe(true);

    await teacherPage.getByLabel('Activité à faire à la maison').fill(HOME_ACTIVITY);
    await teacherPage.getByRole('button', { name: 'Prévisualiser' }).click();
    const preview = teacherPage.getByRole('region', {
      name: 'Aperçu (ce que verront les familles)',
    });
    await preview.waitFor();
    expect(await preview.locator('[lang="en"]', { hasText: 'cat' }).count()).toBe(1);
    expect(await preview.innerText()).toContain(HOME_ACTIVITY);

    await publish.click();
    await expect.poll(() => status.textContent()).toMatch(/^Version 1 publiée le /);
    const published = await server.planning!.classRecaps(CLASS);
    expect(published.map((recap) => recap.sessionId)).toEqual([LESSON]);

    const className = (await server.planning!.getClass(CLASS))!.name;
    await teacherPage
      .getByRole('button', { name: `Créer le lien familles de la période (${className})` })
      .click();
    const linkField = teacherPage.getByLabel(`Lien familles — ${className}`);
    await linkField.waitFor();
    familyLink = await linkField.inputValue();
    expect(familyLink).toContain('#cle=');
  });

  it("the families' page shows the published recap", async () => {
    await familyPage.goto(familyLink);
    await familyPage.getByRole('heading', { name: 'Séance du lundi 7 décembre 2026' }).waitFor();
    expect(await familyPage.locator('[lang="en"]', { hasText: 'cow' }).count()).toBe(1);
    expect(await familyPage.getByText(HOME_ACTIVITY).count()).toBe(1);
  });

  it('withdrawing it with the button removes it from the families page', async () => {
    await teacherPage.getByRole('button', { name: 'Retirer le compte rendu' }).click();
    const status = teacherPage.locator('.recap-panel [role="status"]').first();
    await expect.poll(() => status.textContent()).toBe('Pas encore publié.');
    expect(await server.planning!.classRecaps(CLASS)).toEqual([]);
    const audit = await server.planning!.recapAudit(LESSON);
    expect(audit.map((entry) => [entry.action, entry.byRole])).toEqual([
      ['publish', 'teacher'],
      ['unpublish', 'teacher'],
    ]);
    await familyPage.reload();
    await familyPage.getByText(NOTHING_PUBLISHED).waitFor();
    expect(await familyPage.getByRole('heading', { name: /Séance du/ }).count()).toBe(0);
  });
});
