import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../signaling';
import { createJoinLink } from '../../signaling/joinLinks';
import type { Role } from '../../signaling/protocol';
import {
  RECORD_WEBSOCKET_SCRIPT,
  launchChromium,
  receivedFrames,
  rtpCounters,
  waitFor,
  type RtpCounters,
} from '../helpers/browser';
import { startTestServer } from '../helpers/server';

const SESSION = 'e2e-lesson';
const INSPECTOR_NAME = 'Mme Inspectrice Zeta';

interface Joined {
  page: Page;
  role: Role;
  name: string;
  participantId: string;
}

function decoding(counters: RtpCounters, kind: 'audio' | 'video') {
  return counters.inbound.filter(
    (s) => s.kind === kind && s.bytesReceived > 0 && (kind === 'audio' || s.framesDecoded > 0),
  );
}

describe('a lesson in real Chromium: tutor, two classrooms and a silent inspector', () => {
  let server: RunningServer;
  let browser: Browser;
  const people: Joined[] = [];

  async function open(role: Role, name: string): Promise<Joined> {
    const link = await createJoinLink(server.tokens, {
      baseUrl: server.url,
      sessionId: SESSION,
      role,
      displayName: name,
    });
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    await page.addInitScript(RECORD_WEBSOCKET_SCRIPT);
    const url = new URL(link);
    url.search = '?video=320x240';
    await page.goto(url.toString());
    await page.getByTestId('lesson-room').waitFor({ timeout: 30_000 });
    const participantId = await page.evaluate(
      () => window.passerelleLesson?.store.get().self?.participantId ?? '',
    );
    const joined = { page, role, name, participantId };
    people.push(joined);
    return joined;
  }

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'carries audio and video on every path, and the inspector stays invisible',
    { timeout: 150_000 },
    async () => {
      const tutor = await open('tutor', 'Emily');
      // The inspector joins before the classrooms, so it must also pick up producers created after it.
      const inspector = await open('inspector', INSPECTOR_NAME);
      const classA = await open('classroom', 'CM2 B');
      const classB = await open('classroom', 'CM1 A');

      // [page, videos, audios]: a whiteboard shows only the tutor but hears the other class too.
      const expected: [Joined, number, number][] = [
        [tutor, 2, 2],
        [classA, 1, 2],
        [classB, 1, 2],
        [inspector, 3, 3],
      ];
      for (const [person, videos, audios] of expected) {
        await waitFor(async () => {
          const counters = await rtpCounters(person.page);
          return (
            decoding(counters, 'video').length === videos &&
            decoding(counters, 'audio').length === audios
          );
        }, `${person.role} ${person.name} to decode ${videos} video and ${audios} audio streams`);
      }

      // Every path keeps flowing: a second sample shows more bytes and frames on every stream.
      const before = await Promise.all(people.map((p) => rtpCounters(p.page)));
      await waitFor(async () => {
        const after = await Promise.all(people.map((p) => rtpCounters(p.page)));
        return after.every((counters, i) => grew(before[i]!, counters));
      }, 'every inbound stream to keep growing');

      // The inspector sent nothing: no outbound RTP at all, and the server holds no producer of its.
      const inspectorCounters = await rtpCounters(inspector.page);
      expect(inspectorCounters.outbound).toEqual([]);
      const room = await (await server.registry.open(SESSION)).mediaRoom();
      expect(room.producers().some((p) => p.peerId === inspector.participantId)).toBe(false);
      expect(room.producers()).toHaveLength(6);

      // Nobody else's page counts the inspector: the tutor's console shows two classes, and every
      // visible page's roster holds exactly the two other visible participants.
      expect(await tutor.page.getByTestId('class-tile').count()).toBe(2);
      for (const person of [tutor, classA, classB]) {
        const roster = await person.page.evaluate(
          () => window.passerelleLesson?.store.get().participants.length,
        );
        expect(roster).toBe(2);
      }

      const inspectorTiming = await describeTiming(inspector);
      // The inspector leaves; then audit every frame the visible pages ever received.
      await inspector.page.close();
      await waitFor(
        async () => !room.hasPeer(inspector.participantId),
        'the inspector to be gone from the media room',
      );
      for (const person of [tutor, classA, classB]) {
        const frames = await receivedFrames(person.page);
        expect(frames.length).toBeGreaterThan(10);
        const text = frames.join('\n');
        expect(text).not.toContain(inspector.participantId);
        expect(text).not.toContain(INSPECTOR_NAME);
        expect(text).not.toContain('inspector');
      }

      const figures = await Promise.all(people.filter((p) => p !== inspector).map(describeTiming));
      console.info(
        `time to first remote frame per role\n  ${[inspectorTiming, ...figures].join('\n  ')}`,
      );
    },
  );
});

/** Page-side marks (web/src/lesson): navigation → joined → first remote frame painted. */
async function describeTiming(person: Joined): Promise<string> {
  const marks = await person.page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    return { joined: at('passerelle:joined'), firstFrame: at('passerelle:first-remote-frame') };
  });
  const round = (value: number) => Math.round(value);
  return `${person.role.padEnd(9)} ${person.name}: joined ${round(marks.joined)} ms after load, first remote frame ${round(marks.firstFrame - marks.joined)} ms after joining (${round(marks.firstFrame)} ms after load)`;
}

/** Every inbound stream present before has more bytes (and, for video, more decoded frames) now. */
function grew(before: RtpCounters, after: RtpCounters): boolean {
  if (before.inbound.length === 0) return false;
  return before.inbound.every((old) => {
    const now = after.inbound.find((s) => s.id === old.id);
    if (!now) return false;
    return (
      now.bytesReceived > old.bytesReceived &&
      (old.kind === 'audio' || now.framesDecoded > old.framesDecoded)
    );
  });
}
