import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../helpers/a11y';
import { launchChromium } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

type ApiRole = 'coordinator' | 'tutor' | 'teacher' | 'inspector';

/** A December lesson of Emily's: inside the demo term T1-2026, after every holiday check. */
const PLAN_FROM = '2026-12-01T00:00:00Z';
/**
 * Server and browser both live on Monday 30 November 2026, 08:00 in Paris,
 * inside the demo term: the screens open on "this week" and "this term", and
 * the tests must not depend on the day they run.
 */
const TODAY = new Date('2026-11-30T07:00:00Z');

describe('planning screens in real Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let sessionId: string;

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true, now: () => TODAY });
    browser = await launchChromium();
    const sessions = await server.planning!.listSessions({
      tutorId: 'tutor-emily',
      from: PLAN_FROM,
    });
    sessionId = sessions[0]!.id;
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** One page at a time: the machine has two cores. */
  async function open(role: ApiRole, subject: string, name: string, route = ''): Promise<Page> {
    const token = await server.apiTokens.mint(role, subject, name);
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.clock.install({ time: TODAY });
    await page.goto(`${server.url}/planning#token=${token}`);
    await page.getByRole('navigation').waitFor();
    if (route) await page.evaluate((hash) => (window.location.hash = hash), route);
    return page;
  }

  async function expectAccessible(page: Page) {
    expect(await axeViolations(page)).toEqual([]);
  }

  it('coordinator sees a week with its public holiday shaded and named, and a holiday week', async () => {
    const page = await open('coordinator', 'coordinator-mairie', 'Mairie de Val-de-Brume');
    await page.getByRole('heading', { level: 1, name: 'Emploi du temps' }).waitFor();
    await page.getByLabel('Aller à la semaine du').fill('2026-11-11');
    const armistice = page.locator('.day-column.day-off', { hasText: 'Armistice 1918' });
    await armistice.waitFor();
    await expect.poll(() => armistice.getByRole('heading').textContent()).toContain('11');
    await expect.poll(() => page.locator('.session-block').count()).toBeGreaterThan(10);
    await expectAccessible(page);

    await page.getByLabel('Aller à la semaine du').fill('2026-10-21');
    await page.locator('.day-off', { hasText: 'Vacances de la Toussaint' }).first().waitFor();
    await expect.poll(() => page.locator('.day-column.day-off').count()).toBe(5);
    expect(await page.locator('.session-block').count()).toBe(0);

    await page.getByRole('radio', { name: 'Trimestre' }).check();
    await page
      .locator('.term-week.day-off', { hasText: 'Vacances de la Toussaint' })
      .first()
      .waitFor();
    await page.locator('.term-week.day-off', { hasText: 'Armistice 1918' }).waitFor();
    await expectAccessible(page);
  });

  it('coordinator sees a conflict with its reason before saving, then saves a valid slot', async () => {
    const page = await open('coordinator', 'coordinator-mairie', 'Mairie', '#/slots');
    await page.getByRole('heading', { level: 1, name: 'Créneaux hebdomadaires' }).waitFor();
    await page.getByLabel('Tuteur·rice').selectOption('tutor-emily');
    await page.getByLabel('Classes (une ou plusieurs)').selectOption(['ecole-jaures-ce2']);
    await page.getByLabel('Jour').selectOption('1');
    await page.getByLabel('Heure de début (Paris)').fill('09:00');
    const preview = page.locator('.conflicts', {
      hasText: 'Conflits détectés avant enregistrement',
    });
    await preview.waitFor();
    expect(await preview.textContent()).toContain('Tuteur déjà pris');
    expect(await preview.textContent()).toContain('Classe déjà réservée');
    // Worded from the conflicts' codes and details, not the server's English message.
    expect(await preview.textContent()).toMatch(
      /Emily Hartley a déjà une séance le lundi \d+ \S+ à 09:00\./,
    );
    expect(await preview.textContent()).toMatch(/CE2 Jaurès a déjà une séance le lundi/);
    expect(await preview.textContent()).not.toContain('already');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'English' }).click();
    const english = page.locator('.conflicts', { hasText: 'Conflicts found before saving' });
    await english.waitFor();
    expect(await english.textContent()).toMatch(
      /Tutor already booked: Emily Hartley already has a lesson on Monday, \S+ \d+ at 09:00\./,
    );
    await page.getByRole('button', { name: 'Français' }).click();
    await preview.waitFor();

    await page.getByRole('button', { name: 'Enregistrer le créneau' }).click();
    await page.locator('.conflicts', { hasText: 'Enregistrement refusé' }).waitFor();

    await page.getByLabel('Jour').selectOption('2');
    await page.getByLabel('Heure de début (Paris)').fill('14:00');
    await page.getByText(/Aucun conflit : \d+ séances seront créées/).waitFor();
    await page.getByRole('button', { name: 'Enregistrer le créneau' }).click();
    await page.getByText(/Créneau enregistré : \d+ séances créées/).waitFor();

    await page.getByRole('link', { name: 'Emploi du temps' }).click();
    await page.getByLabel('Classe').selectOption('ecole-jaures-ce2');
    await page.getByLabel('Aller à la semaine du').fill('2026-12-08');
    const tuesday = page.locator('.grid-slot', { hasText: '14:00–14:30' });
    await tuesday.waitFor();
    expect(await tuesday.textContent()).toContain('CE2 Jaurès');
    await tuesday.getByRole('button').click();
    await page.getByRole('link', { name: 'Plan de séance' }).waitFor();
  });

  it('coordinator edits a slot in one step; a clash on saving leaves it as it was', async () => {
    const page = await open('coordinator', 'coordinator-mairie', 'Mairie', '#/slots');
    await page.getByRole('button', { name: 'Modifier CM1 Curie', exact: true }).click();
    await page.getByRole('heading', { name: 'Modifier le créneau' }).waitFor();
    // The server ignores the edited slot's own lessons (`replacing`), so no conflict yet.
    await page.getByText(/Aucun conflit : \d+ séances seront créées/).waitFor();

    await page.getByLabel('Heure de début (Paris)').fill('09:45');
    const preview = page.locator('.conflicts', {
      hasText: 'Conflits détectés avant enregistrement',
    });
    await preview.waitFor();
    expect(await preview.textContent()).toMatch(/Oliver Pennington a déjà une séance le lundi/);
    await page.getByRole('button', { name: 'Enregistrer le créneau' }).click();
    await page.locator('.conflicts', { hasText: 'Enregistrement refusé' }).waitFor();
    expect(await server.planning!.getSlot('slot-ecole-curie-cm1')).toMatchObject({
      startTime: '09:00',
    });
    await expectAccessible(page);

    await page.getByLabel('Heure de début (Paris)').fill('08:45');
    await page.getByText(/Aucun conflit : \d+ séances seront créées/).waitFor();
    await page.getByRole('button', { name: 'Enregistrer le créneau' }).click();
    await page.getByText(/Créneau modifié : \d+ séances à venir planifiées/).waitFor();
    expect(await server.planning!.getSlot('slot-ecole-curie-cm1')).toBeUndefined();
    const replacement = (await server.planning!.listSlots({ tutorId: 'tutor-oliver' })).find(
      (slot) => slot.classIds.join() === 'ecole-curie-cm1',
    );
    expect(replacement).toMatchObject({ weekday: 1, startTime: '08:45' });
  });

  it('coordinator downloads the attendance CSV with its header row, through a Blob URL', async () => {
    const page = await open('coordinator', 'coordinator-mairie', 'Mairie', '#/reports');
    await page.getByRole('heading', { level: 1, name: 'Rapports' }).waitFor();
    await page.getByRole('heading', { name: 'Présence par école' }).waitFor();
    await expectAccessible(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter en CSV (Présence par école)' }).click(),
    ]);
    expect(download.url()).toMatch(/^blob:/);
    expect(download.suggestedFilename()).toBe('attendance-T1-2026.csv');
    const csv = await readFile(await download.path(), 'utf8');
    // French Excel: a BOM so "École" reads right, and ';' between columns.
    expect(csv.split(/\r?\n/)[0]).toBe(
      '\uFEFFtermId;schoolId;schoolName;sessions;sessionsWithClassroom;classroomMinutes;tutorMinutes;inspectorVisits',
    );
  });

  it('coordinator previews a holiday import, sees what it cancels, and applies it', async () => {
    const page = await open('coordinator', 'coordinator-mairie', 'Mairie', '#/slots');
    const closure = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//FR',
      'BEGIN:VEVENT',
      'UID:closure@test',
      'DTSTAMP:20261128T000000Z',
      'DTSTART;VALUE=DATE:20261207',
      'DTEND;VALUE=DATE:20261212',
      'SUMMARY:Vacances exceptionnelles - Zones B/C',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const week = { from: '2026-12-07T00:00:00Z', to: '2026-12-12T00:00:00Z' };
    const before = await server.planning!.listSessions(week);
    expect(before.length).toBeGreaterThan(0);
    await page.getByLabel('Fichier calendrier (.ics, une zone ou le flux national)').setInputFiles({
      name: 'closure.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from(closure),
    });
    await page.getByRole('heading', { name: `Séances annulées : ${before.length}` }).waitFor();
    await page.getByRole('heading', { name: 'Séances rétablies : 0' }).waitFor();
    await expectAccessible(page);
    // Nothing changes before the coordinator applies.
    expect(await server.planning!.listSessions(week)).toHaveLength(before.length);
    await page.getByRole('button', { name: "Appliquer l'import" }).click();
    await page
      .getByText(`Import appliqué : ${before.length} séances annulées, 0 rétablies.`)
      .waitFor();
    expect(await server.planning!.listSessions(week)).toEqual([]);
  });

  it('tutor cannot save activities over 30 minutes, saves a valid edit and sees it in history', async () => {
    const page = await open('tutor', 'tutor-emily', 'Emily Hartley', `#/plan/${sessionId}`);
    await page.getByRole('heading', { level: 1, name: 'Lesson plan' }).waitFor();
    await expectAccessible(page);
    const save = page.getByRole('button', { name: 'Save the plan' });
    await page.getByLabel('Activity 1: minutes').fill('20');
    await page.getByText('Activities exceed 30 minutes').waitFor();
    expect(await save.isDisabled()).toBe(true);

    await page.getByLabel('Activity 1: minutes').fill('4');
    await page.getByText('Total: 30 / 30 minutes').waitFor();
    await page.getByRole('button', { name: 'Add an objective' }).click();
    await page
      .getByRole('textbox', { name: 'Objective 2', exact: true })
      .fill('I can say the days of the week.');
    await save.click();
    await page.getByText('Plan saved (version 2).').waitFor();
    const history = page.getByRole('region', { name: 'Edit history' });
    await history.getByText(/Version 2 — Emily Hartley \(tutor\)/).waitFor();
    expect(await history.textContent()).toContain('Changed: objectives');
  });

  it('tutor is told and shown the latest plan when the teacher saved first (409)', async () => {
    const page = await open('tutor', 'tutor-emily', 'Emily Hartley', `#/plan/${sessionId}`);
    await page.getByRole('heading', { level: 1, name: 'Lesson plan' }).waitFor();
    const current = await server.planning!.getPlan(sessionId);
    if (!current.ok) throw new Error(current.error.message);
    const teacherNote = 'Revoir les nombres jusqu’à vingt jeudi.';
    const teacher = { userId: 'teacher-x', role: 'teacher', name: 'Mme Lefèvre' };
    const edit = { expectedVersion: current.value.version, handoverNote: teacherNote };
    expect((await server.planning!.editPlan(sessionId, edit, teacher)).ok).toBe(true);

    await page
      .getByRole('textbox', { name: 'Handover note (for the follow-up lessons)' })
      .fill('Tutor draft');
    await page.getByRole('button', { name: 'Save the plan' }).click();
    await page.getByText('Someone changed this plan meanwhile').waitFor();
    await expect
      .poll(() =>
        page
          .getByRole('textbox', { name: 'Handover note (for the follow-up lessons)' })
          .inputValue(),
      )
      .toBe(teacherNote);
  });

  it('inspector sees a read-only plan, then notes, grades and signs off an inspection', async () => {
    const page = await open(
      'inspector',
      'inspector-martin',
      'Claire Martin',
      `#/plan/${sessionId}`,
    );
    await page.getByRole('heading', { level: 1, name: 'Plan de séance (lecture seule)' }).waitFor();
    await page.getByRole('heading', { name: 'Historique des modifications' }).waitFor();
    expect(await page.locator('main :is(input, textarea, select, [contenteditable])').count()).toBe(
      0,
    );
    expect(await page.locator('main button').count()).toBe(0);
    await expectAccessible(page);

    await page.evaluate((id) => (window.location.hash = `#/inspection/${id}`), sessionId);
    await page.getByRole('button', { name: 'Commencer une inspection' }).click();
    const objectives = page.getByRole('group', { name: /Objectifs annoncés/ });
    await objectives.getByRole('radio', { name: 'Très bien' }).check();
    await page.getByText('Grille enregistrée.').waitFor();
    await page.getByLabel('Nouvelle note').fill('Les élèves répondent en anglais sans aide.');
    await page.getByRole('button', { name: 'Ajouter la note' }).click();
    await page.locator('.inspection-notes li', { hasText: 'Les élèves répondent' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Signer et clore l’inspection' }).click();
    await page.getByText(/Inspection signée le/).waitFor();
    const [inspection] = await server.planning!.listInspections({ sessionId });
    expect(inspection?.grades.objectives).toBe('very_good');
    expect(inspection?.notes).toHaveLength(1);
    expect(inspection?.signedOffAt).not.toBeNull();
    await expectAccessible(page);
  });
  it('coordinator issues a new whiteboard key from a lesson; the old key stops working', async () => {
    const oldKey = await server.apiTokens.mint('classroom', 'ecole-jaures-ce2', 'CE2 Jaurès');
    const lesson = (key: string) =>
      fetch(`${server.url}/api/classroom/lesson`, { headers: { authorization: `Bearer ${key}` } });
    expect((await lesson(oldKey)).status).toBe(200);
    const page = await open('coordinator', 'coordinator-mairie', 'Mairie de Val-de-Brume');
    await page.getByLabel('Classe').selectOption('ecole-jaures-ce2');
    await page.getByLabel('Aller à la semaine du').fill('2026-12-07');
    const monday = page.locator('.grid-slot', { hasText: '09:00–09:30' }).first();
    await monday.getByRole('button').first().click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Nouvelle clé de tableau pour CE2 Jaurès' }).click();
    const link = page.getByTestId('whiteboard-key').getByRole('textbox');
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toContain('/classroom/ecole-jaures-ce2#key=');
    const newKey = new URLSearchParams(url.split('#')[1]).get('key')!;
    expect((await lesson(oldKey)).status).toBe(401);
    expect((await lesson(newKey)).status).toBe(200);
    await expectAccessible(page);
  });

  it("teacher gives a pupil at home a link to the lesson's series from the plan screen, then revokes it", async () => {
    const lesson = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-07';
    const teacherId = (await server.planning!.getClass('ecole-jaures-ce2'))!.teacherId;
    const page = await open('teacher', teacherId, 'Mme Lefèvre', `#/plan/${lesson}`);
    // One form per class of the lesson this teacher has: CE2's.
    const form = page.locator('form', { has: page.getByLabel('Prénom ou initiales (CE2 Jaurès)') });
    await form.getByLabel('Prénom ou initiales (CE2 Jaurès)').fill('Léa');
    await form.getByLabel('Toutes les leçons de la série').check();
    await form.getByRole('button', { name: 'Créer le lien' }).click();
    const link = form.getByLabel("Le lien de l'élève (affiché une seule fois)");
    await link.waitFor();
    expect(await link.inputValue()).toContain('/eleve#cle=');
    const [issued] = await server.planning!.listPupilLinks('ecole-jaures-ce2');
    expect(issued).toMatchObject({ pupilName: 'Léa', sessionId: null, allowCamera: false });
    expect(issued!.slotId).toBe('slot-ecole-jaures-ce2_ecole-jaures-cm2');
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Retirer' }).click();
    await form.getByText('Le lien est retiré.').waitFor();
    expect(await server.planning!.listPupilLinks('ecole-jaures-ce2')).toEqual([]);
  });
});
