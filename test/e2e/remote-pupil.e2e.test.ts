import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createJoinLink } from '../../signaling/joinLinks';
import type { Role } from '../../signaling/protocol';
import { axeViolations } from '../helpers/a11y';
import {
  RECORD_WEBSOCKET_SCRIPT,
  launchChromium,
  receivedFrames,
  rtpCounters,
  waitFor,
} from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectClient, type TestClient } from '../helpers/socketClient';

/** Emily's Monday lesson with CE2 and CM2 Jaurès (demo town); Léa is in CE2, at home. */
const LESSON = 'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-07';
const OWN_CLASS = 'ecole-jaures-ce2';
const OTHER_CLASS = 'ecole-jaures-cm2';
const INSPECTOR_NAME = 'Mme Inspectrice Zeta';

/** Bytes of RTP `page` received from one participant's microphone (0 when it has none). */
async function audioBytesFrom(page: Page, participantId: string): Promise<number> {
  return page.evaluate(async (owner) => {
    const client = window.passerelleLesson;
    const track = client?.store
      .get()
      .remoteTracks.find((t) => t.participantId === owner && t.kind === 'audio');
    const id = track && client?.track(track.consumerId)?.id;
    if (!client || !id) return 0;
    let bytes = 0;
    (await client.transportStats()).recv?.forEach((stat: Record<string, unknown>) => {
      if (stat.type === 'inbound-rtp' && stat.trackIdentifier === id)
        bytes = Number(stat.bytesReceived ?? 0);
    });
    return bytes;
  }, participantId);
}

const selfId = (page: Page) =>
  page.evaluate(() => window.passerelleLesson?.store.get().self?.participantId ?? '');

/**
 * A pupil at home in real Chromium (issue 13, item 1): four pages at 320x240 (the tutor, the
 * pupil's class, another class, the pupil) and the inspector as a socket client (the machine
 * is shared). The pupil receives the lesson and sends nothing until given the floor from the
 * tutor's console, speaks then (the tutor receives its audio), stops when the floor is taken
 * back; the other class never receives it; a revoked link is refused; the inspector stays
 * invisible to the pupil's page too.
 */
describe('a pupil at home follows its class’s lesson', () => {
  let server: TestServer;
  let browser: Browser;
  let startsAt = '';
  let clock = new Date('2026-11-28T10:00:00Z');

  async function openPage(url: string, testId = 'lesson-room'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    await page.addInitScript(RECORD_WEBSOCKET_SCRIPT);
    await page.goto(url);
    await page.getByTestId(testId).first().waitFor({ timeout: 30_000 });
    return page;
  }

  async function openLesson(role: Role, name: string, subject: string): Promise<Page> {
    const link = new URL(
      await createJoinLink(server.tokens, {
        baseUrl: server.url,
        sessionId: LESSON,
        role,
        displayName: name,
        subject,
      }),
    );
    link.search = '?video=320x240';
    return openPage(link.toString());
  }

  async function api(token: string, method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  }

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true, now: () => clock });
    startsAt = (await server.planning!.getSession(LESSON))!.startsAt;
    // Five minutes before the lesson: its door is open.
    clock = new Date(Date.parse(startsAt) - 5 * 60_000);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'receives the lesson, speaks only while given the floor, never reaches another class, and loses a revoked link',
    { timeout: 200_000 },
    async () => {
      const teacherId = (await server.planning!.getClass(OWN_CLASS))!.teacherId;
      const teacher = await server.apiTokens.mint('teacher', teacherId, 'Mme Lefèvre');
      const tutor = await openLesson('tutor', 'Emily', 'tutor-emily');
      const ownClass = await openLesson('classroom', 'CE2 Jaurès', OWN_CLASS);
      const otherClass = await openLesson('classroom', 'CM2 Jaurès', OTHER_CLASS);
      const inspectorToken = await server.tokens.mint({
        sessionId: LESSON,
        role: 'inspector',
        displayName: INSPECTOR_NAME,
        subject: 'inspector-martin',
      });
      const inspector: TestClient = await connectClient(server, 'inspector', INSPECTOR_NAME, {
        sessionId: LESSON,
        token: inspectorToken,
      });
      const caps = await inspector.request('getRouterRtpCapabilities', {});
      const rtpCapabilities = (caps as { data: { rtpCapabilities: unknown } }).data.rtpCapabilities;
      const inspectorJoin = await inspector.request('joinSession', { rtpCapabilities });
      const inspectorId = (inspectorJoin as { data: { self: { participantId: string } } }).data.self
        .participantId;

      // The class's teacher creates Léa's link from the whiteboard's waiting screen (its key).
      const classKey = await server.apiTokens.mint('classroom', OWN_CLASS, 'CE2 Jaurès');
      const whiteboard = await openPage(
        `${server.url}/classroom/${OWN_CLASS}#key=${classKey}`,
        'pupil-link-open',
      );
      await whiteboard.getByTestId('pupil-link-open').click();
      await whiteboard.getByLabel("Prénom ou initiales de l'élève").fill('Léa');
      await whiteboard.getByRole('button', { name: 'Créer le lien pour cette leçon' }).click();
      const linkField = whiteboard.getByTestId('pupil-link-url');
      await linkField.waitFor();
      const link = new URL(await linkField.inputValue());
      await whiteboard.context().close();
      const created = { link: (await server.planning!.listPupilLinks(OWN_CLASS))[0]! };
      expect(created.link.pupilName).toBe('Léa');
      link.search = '?video=320x240';
      const pupil = await openPage(link.toString());
      const pupilId = await selfId(pupil);
      const room = await (await server.registry.open(LESSON)).mediaRoom();

      // It receives the tutor and its own class (video and sound), nothing of the other class.
      await waitFor(async () => {
        const counters = await rtpCounters(pupil);
        const decoding = (kind: string) =>
          counters.inbound.filter(
            (s) =>
              s.kind === kind && s.bytesReceived > 0 && (kind === 'audio' || s.framesDecoded > 0),
          ).length;
        return decoding('video') === 2 && decoding('audio') === 2;
      }, 'the pupil to decode the tutor and its class (2 videos, 2 sounds)');
      const otherClassId = await selfId(otherClass);
      const pupilRoster = await pupil.evaluate(() =>
        window.passerelleLesson?.store.get().participants.map((p) => p.participantId),
      );
      expect(pupilRoster).not.toContain(otherClassId);
      // It sends nothing: no outbound RTP, no producer on the server.
      expect((await rtpCounters(pupil)).outbound).toEqual([]);
      expect(room.producers().some((p) => p.peerId === pupilId)).toBe(false);
      expect(await pupil.getByTestId('pupil-mic').isDisabled()).toBe(true);

      // The tutor sees Léa attached to her class, and gives her the floor.
      const roster = tutor.getByTestId('pupil-at-home');
      await roster.waitFor();
      expect(await roster.textContent()).toContain('Léa');
      expect(await roster.textContent()).toContain('CE2 Jaurès');
      await tutor.getByTestId('grant-floor').click();
      await pupil.getByTestId('pupil-floor').waitFor();
      // Both new views pass axe's WCAG 2.1 AA rules: the pupil's page and the tutor's pupil list.
      expect(await axeViolations(pupil)).toEqual([]);
      expect(
        (await axeViolations(tutor)).filter((v) => v.targets.some((t) => t.includes('pupil'))),
      ).toEqual([]);
      await pupil.getByTestId('pupil-mic').click();
      let heard = 0;
      await waitFor(async () => {
        heard = await audioBytesFrom(tutor, pupilId);
        return heard > 2_000;
      }, "the tutor to receive the pupil's voice");
      await waitFor(
        async () => (await audioBytesFrom(ownClass, pupilId)) > 0,
        "the pupil's class to receive its voice",
      );
      console.info(`tutor received ${heard} bytes of the pupil's audio RTP once it had the floor`);

      // The tutor takes the floor back: the server closes the pupil's microphone.
      await tutor.getByTestId('grant-floor').click();
      await waitFor(
        async () => !room.producers().some((p) => p.peerId === pupilId),
        "the pupil's producer to be closed on the server",
      );
      await waitFor(
        async () => await pupil.getByTestId('pupil-mic').isDisabled(),
        "the pupil's microphone button to be disabled again",
      );
      expect(await audioBytesFrom(tutor, pupilId)).toBe(0);

      // The other class never received anything of the pupil, on any channel.
      expect(await audioBytesFrom(otherClass, pupilId)).toBe(0);
      const otherFrames = (await receivedFrames(otherClass)).join('\n');
      expect(otherFrames).not.toContain(pupilId);
      expect(otherFrames).not.toContain('Léa');

      // The inspector received everything and stays invisible to the pupil's page as well.
      expect(JSON.stringify(inspector.received)).toContain(pupilId);
      const pupilFrames = await receivedFrames(pupil);
      expect(pupilFrames.length).toBeGreaterThan(10);
      const pupilText = pupilFrames.join('\n');
      expect(pupilText).not.toContain(inspectorId);
      expect(pupilText).not.toContain(INSPECTOR_NAME);
      expect(pupilText).not.toContain('inspector');

      // The teacher revokes the link: the pupil is sent out, and the link opens nothing again.
      const linkId = created.link.id;
      await api(teacher, 'DELETE', `/api/planning/pupil-links/${linkId}`);
      await pupil.getByTestId('pupil-refused').waitFor();
      await waitFor(async () => !room.hasPeer(pupilId), 'the pupil to have left the media room');
      await pupil.reload();
      await pupil.getByTestId('pupil-refused').waitFor();
      expect(await pupil.getByTestId('pupil-refused').textContent()).toMatch(/retiré/);
      inspector.close();
    },
  );
});
