import { get } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ReadinessOverview, ReadinessReport } from '../../lesson-plans/contract/readiness';
import { CLASSROOM_LINK_TTL_SECONDS } from '../../signaling';
import { launchChromium, waitFor } from '../helpers/browser';
import { openLessonPage, type LessonPage } from '../helpers/lessonPages';
import { createSchoolNetwork, type SchoolNetwork } from '../helpers/schoolNetwork';
import { shapeSchool, type SchoolShaping } from '../helpers/schoolShaping';
import type { TestServer } from '../helpers/server';
import { startSchoolServer, type SchoolServer } from '../helpers/schoolServer';

/*
 * Issue 9: what the tutor is told about lines. Her own line judged weak (her Chromium in a
 * "home" network namespace whose downlink is shaped), a class known to be on a weak line from
 * its stored readiness check, and the whiteboard's quiet re-check on its waiting screen before
 * a lesson. Two Chromium processes: the tutor's in the namespace, the whiteboard's on the host.
 */

/** Emily's Monday lesson with CE2 and CM2 Jaurès (the demo timetable). */
const LESSON = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-07';
const WEAK_CLASS = 'ecole-jaures-ce2';
const OTHER_CLASS = 'ecole-jaures-cm2';
/** A line too thin for the lowest video layer next to the voice (README, "Degradation policy"). */
const STARVED_KBIT = 96;
const MINUTE_MS = 60_000;

const weakReport: ReadinessReport = {
  https: true,
  websocket: true,
  paths: [
    {
      path: 'udp',
      outcome: 'ok',
      durationMs: 4_000,
      upstreamBps: 300_000,
      downstreamBps: 900_000,
      rttMs: 380,
      upstreamLossPct: 4,
      downstreamLossPct: 1,
      upstreamLineLimited: true,
    },
  ],
  verdict: 'ready',
  weak: true,
};

describe("the tutor's console tells her about lines: her own, and a class's known weak one", () => {
  let school: SchoolNetwork;
  let shaping: SchoolShaping;
  let server: TestServer;
  let serverNow: Date | null = null;
  let tutorBrowser: Browser;
  let hostBrowser: Browser;
  let tutor: LessonPage;
  let classroom: LessonPage;
  let https: SchoolServer;
  let certificate: string;
  const figures: string[] = [];

  beforeAll(async () => {
    school = createSchoolNetwork();
    shaping = shapeSchool(school);
    // The tutor's page is not on localhost: the camera needs HTTPS, served by the server itself.
    https = await startSchoolServer(school, {
      withPlanning: true,
      now: () => serverNow ?? new Date(),
    });
    server = https.server;
    certificate = https.certificate;
    await server.planning!.recordReadiness(WEAK_CLASS, 'ecole-jaures', weakReport);
    const extraArgs = ['--ignore-certificate-errors'];
    tutorBrowser = await launchChromium({ executablePath: school.chromiumPath, extraArgs });
    hostBrowser = await launchChromium({ extraArgs });
    const base = { sessionId: LESSON, fps: 15 };
    tutor = await openLessonPage(tutorBrowser, server, {
      ...base,
      video: '640x360',
      role: 'tutor',
      name: 'Emily',
      subject: 'tutor-emily',
    });
    classroom = await openLessonPage(hostBrowser, server, {
      ...base,
      video: '640x360',
      role: 'classroom',
      name: 'CE2 Jaurès',
      subject: WEAK_CLASS,
    });
  }, 120_000);

  afterAll(async () => {
    if (figures.length) process.stdout.write(`\n${figures.join('\n')}\n`);
    shaping?.clear();
    await tutorBrowser?.close().catch(() => undefined);
    await hostBrowser?.close().catch(() => undefined);
    await https?.close();
    school?.close();
  });

  it('a class whose latest check was weak joins: its tile says so next to its quality light', async () => {
    const tile = classTile(tutor.page, classroom.participantId);
    const mark = tile.getByTestId('line-readiness');
    await mark.waitFor({ timeout: 30_000 });
    expect(await mark.getAttribute('data-verdict')).toBe('ready');
    const date = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short' }).format(
      new Date(),
    );
    expect(await mark.textContent()).toBe(`weak line (checked ${date})`);
    // Right after the class's quality light (known or not yet), in its caption.
    expect(await tile.locator('figcaption .quality + [data-testid=line-readiness]').count()).toBe(
      1,
    );
    // Nothing of it on the whiteboard: only those who see statistics are told.
    expect(await classroom.page.getByTestId('line-readiness').count()).toBe(0);
  }, 60_000);

  it("the tutor's own weak downlink: her console says so calmly, and the notice goes when it recovers", async () => {
    const notice = tutor.page.getByTestId('own-link');
    await waitFor(
      () =>
        classTile(tutor.page, classroom.participantId)
          .locator('video')
          .evaluate((video: HTMLVideoElement) => video.videoWidth > 0),
      "the class's video at the tutor",
      60_000,
    );
    expect(await notice.count()).toBe(0);
    const shapedAt = Date.now();
    shaping.shape('downlink', STARVED_KBIT);
    await notice.waitFor({ timeout: 90_000 });
    figures.push(`  tutor's downlink ${STARVED_KBIT} kbit/s: her notice after ${s(shapedAt)} s`);
    expect(await notice.getAttribute('data-direction')).toBe('downlink');
    expect(await notice.textContent()).toBe(
      "Your connection is weak: the classes' video is paused, you still hear them.",
    );
    // The class is not told about the tutor's line, and nothing changes on its side.
    expect(await classroom.page.getByTestId('audio-only').count()).toBe(0);
    const clearedAt = Date.now();
    shaping.shape('downlink', null);
    await notice.waitFor({ state: 'detached', timeout: 120_000 });
    figures.push(`    line cleared: the notice gone ${s(clearedAt)} s after`);
  }, 240_000);

  it('the whiteboard re-checks its network quietly before a lesson: stored, no camera, nothing shown', async () => {
    // The lesson pages are done; the waiting screen gets the machine.
    await tutor.page.context().close();
    await classroom.page.context().close();
    const lesson = await server.planning!.getSession(LESSON);
    const startsAt = Date.parse(lesson!.startsAt);
    serverNow = new Date(startsAt - 20 * MINUTE_MS);
    const coordinator = await server.apiTokens.mint('coordinator', 'coord-1', 'Mairie');
    expect(await latestCheck(server.url, certificate, coordinator, OTHER_CLASS)).toBeNull();
    const key = await server.apiTokens.mint(
      'classroom',
      OTHER_CLASS,
      'CM2 Jaurès',
      CLASSROOM_LINK_TTL_SECONDS,
    );
    const page = await (await hostBrowser.newContext()).newPage();
    await page.addInitScript(COUNT_CAMERA_REQUESTS);
    await page.clock.install({ time: serverNow });
    const openedAt = Date.now();
    await page.goto(`${server.url}/classroom/${OTHER_CLASS}?video=320x240#key=${key}`);
    const waiting = page.getByTestId('classroom-waiting');
    await page.getByRole('meter', { name: 'Niveau du micro' }).waitFor({ timeout: 30_000 });
    // The screen as it stands once the lesson is known: the meter can come before the answer,
    // and the quiet check only starts after it (it needs the lesson), so compare from there.
    await waiting.getByText('Prochaine leçon', { exact: false }).waitFor({ timeout: 30_000 });
    const shown = withoutDigits(await waiting.textContent());
    await waitFor(
      async () => (await latestCheck(server.url, certificate, coordinator, OTHER_CLASS)) !== null,
      'the quiet check stored',
      120_000,
    );
    figures.push(`  quiet re-check stored ${s(openedAt)} s after the waiting screen opened`);
    // The device check's own request is the only one: the check sends a drawn test stream.
    expect(await page.evaluate(() => window.__cameraRequests)).toEqual([
      { video: true, audio: true },
    ]);
    expect(withoutDigits(await waiting.textContent())).toBe(shown);
    expect(page.url()).not.toContain('/check');
    await page.context().close();
  }, 180_000);
});

function classTile(page: Page, classId: string) {
  return page.locator(`[data-testid=class-tile][data-participant-id="${classId}"]`);
}

function s(fromMs: number): string {
  return ((Date.now() - fromMs) / 1000).toFixed(1);
}

/** The countdown may tick while the check runs; the words must not change. */
function withoutDigits(text: string | null): string {
  return (text ?? '').replace(/\d+/g, '#');
}

/** The coordinator's readiness overview (over the test's HTTPS): `classId`'s latest check. */
async function latestCheck(baseUrl: string, ca: string, credential: string, classId: string) {
  const body = await new Promise<string>((resolve, reject) => {
    const request = get(
      `${baseUrl}/api/planning/readiness`,
      { ca, headers: { authorization: `Bearer ${credential}` } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          response.statusCode === 200 ? resolve(text) : reject(new Error(text)),
        );
      },
    );
    request.on('error', reject);
  });
  const { schools } = JSON.parse(body) as ReadinessOverview;
  return schools.flatMap((school) => school.classes).find((c) => c.classId === classId)?.latest;
}

declare global {
  interface Window {
    __cameraRequests?: unknown[];
  }
}

/** Records every getUserMedia call's constraints, before the page's own code runs. */
const COUNT_CAMERA_REQUESTS = `(() => {
  const requests = (window.__cameraRequests = []);
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) => {
    requests.push(constraints);
    return original(constraints);
  };
})();`;
