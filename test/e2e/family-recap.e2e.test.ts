import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/a11y';
import { launchChromium } from '../helpers/browser';
import { solidPng, uploadMaterial } from '../helpers/materials';
import { startTestServer, type TestServer } from '../helpers/server';

/** Emily's Monday lesson with CE2 and CM2 Jaurès (demo town), in term 1. */
const LESSON = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-07';
const CLASS = 'ecole-jaures-ce2';
/** A phone held upright. */
const PHONE = { width: 390, height: 844 };

describe('the family recap page: French, printable, accessible, on a phone', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let clock = new Date('2026-11-28T10:00:00Z');
  let link = '';
  const requested: string[] = [];

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

  /** A lesson that took place, with a plan, and its recap published by the class's teacher. */
  async function publishedRecap(): Promise<void> {
    const store = server.planning!;
    const tutor = await server.apiTokens.mint('tutor', 'tutor-emily', 'Emily Hartley');
    const teacherId = (await store.getClass(CLASS))!.teacherId;
    const teacher = await server.apiTokens.mint('teacher', teacherId, 'Mme Lefèvre');
    const uploaded = await uploadMaterial(server, tutor, {
      bytes: solidPng(32, 32, [230, 120, 20]),
      type: 'image/png',
      name: 'cat',
      kind: 'flashcard',
    });
    const catId = ((await uploaded.json()) as { material: { id: string } }).material.id;
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
      materialIds: [catId],
    });
    const session = (await store.getSession(LESSON))!;
    clock = new Date(Date.parse(session.startsAt) + 5 * 60_000);
    await rest(tutor, 'POST', `/sessions/${LESSON}/state`, { state: 'live' });
    await rest(teacher, 'POST', `/sessions/${LESSON}/recap`, {
      homeActivity: 'Chantez « Old MacDonald » ensemble et mimez les animaux.',
    });
    link = ((await rest(teacher, 'POST', `/classes/${CLASS}/family-link`)) as { url: string }).url;
  }

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true, now: () => clock });
    await publishedRecap();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    page.on('request', (request) => requested.push(request.url()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the recap in French with the English words, the picture loaded with the key in a header', async () => {
    await page.goto(link);
    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    expect(await heading.textContent()).toBe('Anglais en CE2 Jaurès : ce que nous avons appris');
    await page.getByRole('heading', { name: 'Séance du lundi 7 décembre 2026' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('[lang="en"]', { hasText: 'cat' }).count()).toBe(1);
    const picture = page.getByRole('img', { name: 'Image : cat' });
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(32);
    expect(await picture.getAttribute('src')).toMatch(/^blob:/);
    expect(await page.getByText('À faire à la maison').count()).toBe(1);
    const key = link.split('#cle=')[1]!;
    // The key travels in headers only: no request line carries it.
    expect(requested.filter((url) => url.includes(key))).toEqual([]);
    // A phone shows it without sideways scrolling.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('prints the recap without its buttons and players', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: /Séance du/ }).isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    console.log(`family recap printed: ${pdf.byteLength} bytes of PDF`);
    expect(pdf.byteLength).toBeGreaterThan(1000);
    await page.emulateMedia({ media: 'screen' });
  });

  it('explains in French why a link of a past term no longer opens', async () => {
    clock = new Date('2027-01-05T09:00:00Z');
    await page.reload();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/fin de la période « Trimestre 1 »/);
    expect(await axeViolations(page)).toEqual([]);
  });
});
