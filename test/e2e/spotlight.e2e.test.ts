import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, receivedFrames, waitFor } from '../helpers/browser';
import { openLessonPage, sharedLesson, type LessonPage } from '../helpers/lessonPages';
import { sentEncodings } from '../helpers/senderLayers';
import { startTestServer, type TestServer } from '../helpers/server';

interface ReceivedCamera {
  /** What the browser decodes now. */
  frameWidth: number;
  /** The spatial layer the server last said it forwards (consumerLayersChanged), -1 if none yet. */
  serverLayer: number;
}

/**
 * Each class camera the tutor receives, by participant id: the width the
 * browser decodes and the layer the server selected for that consumer. The
 * server's word comes from the notifications the page received, so it is
 * mediasoup's own `currentLayers`, not the page's guess.
 */
function receivedCameras(page: Page): Promise<Record<string, ReceivedCamera>> {
  return page.evaluate(async () => {
    const client = window.passerelleLesson;
    if (!client) return {};
    const frames = (window as unknown as { __receivedFrames: string[] }).__receivedFrames;
    const serverLayers = new Map<string, number>();
    for (const frame of frames) {
      const match = /^42\["consumerLayersChanged",(.*)\]$/.exec(frame);
      if (!match?.[1]) continue;
      const { consumerId, spatialLayer } = JSON.parse(match[1]) as {
        consumerId: string;
        spatialLayer: number | null;
      };
      serverLayers.set(consumerId, spatialLayer ?? -1);
    }
    const byTrack = new Map<string, { participantId: string; consumerId: string }>();
    for (const remote of client.store.get().remoteTracks) {
      const track = client.track(remote.consumerId);
      if (remote.kind === 'video' && track)
        byTrack.set(track.id, {
          participantId: remote.participantId,
          consumerId: remote.consumerId,
        });
    }
    const cameras: Record<string, { frameWidth: number; serverLayer: number }> = {};
    (await client.transportStats()).recv?.forEach((stat: Record<string, unknown>) => {
      const owner = byTrack.get(String(stat.trackIdentifier));
      if (stat.type !== 'inbound-rtp' || !owner || typeof stat.frameWidth !== 'number') return;
      cameras[owner.participantId] = {
        frameWidth: stat.frameWidth,
        serverLayer: serverLayers.get(owner.consumerId) ?? -1,
      };
    });
    return cameras;
  });
}

/** How many simulcast layers the page's camera is sending now (switched on, with frames). */
async function sentLayers(page: Page): Promise<number> {
  const encodings = Object.values(await sentEncodings(page));
  return encodings.filter((encoding) => encoding.active && encoding.framesEncoded > 0).length;
}

/** True once `big` arrives on a higher server layer and wider than `small`. */
async function arrivesLarger(page: Page, big: string, small: string): Promise<boolean> {
  const cameras = await receivedCameras(page);
  const [large, thumbnail] = [cameras[big], cameras[small]];
  if (!large || !thumbnail) return false;
  return large.serverLayer > thumbnail.serverLayer && large.frameWidth > thumbnail.frameWidth;
}

describe('one tutor, two classrooms: the spotlight decides which simulcast layer the tutor receives', () => {
  let server: TestServer;
  let browser: Browser;
  let tutor: LessonPage;
  let classA: LessonPage;
  let classB: LessonPage;

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true });
    browser = await launchChromium();
    const lesson = await sharedLesson(server);
    // What the outcome depends on is set here, not left to the machine's load: 640x360 is the
    // smallest capture for which Chrome sends two simulcast layers (the fake camera is shared
    // by all pages at the size the first one opened it with); 10 frames a second keeps three
    // encoders light on two cores; and classroom cameras keep their resolution under CPU
    // pressure (senderPolicy.ts), so Chrome drops frames rather than the top layer.
    const base = { sessionId: lesson.id, video: '640x360', fps: 10 };
    tutor = await openLessonPage(browser, server, {
      ...base,
      role: 'tutor',
      name: 'Emily Carter',
      subject: lesson.tutorId,
    });
    classA = await openLessonPage(browser, server, {
      ...base,
      role: 'classroom',
      name: 'CE2 Jaurès',
      subject: lesson.classIds[0]!,
    });
    classB = await openLessonPage(browser, server, {
      ...base,
      role: 'classroom',
      name: 'CM2 Jaurès',
      subject: lesson.classIds[1]!,
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks the class cameras to keep their resolution, so both layers keep flowing', async () => {
    for (const classroom of [classA, classB]) {
      const preference = () =>
        classroom.page.evaluate(() => {
          const sender = window.passerelleLesson?.cameraSender();
          return sender?.getParameters().degradationPreference ?? null;
        });
      // The camera is published just after the room appears.
      await waitFor(async () => (await preference()) !== null, `${classroom.name}'s camera`);
      expect(await preference()).toBe('maintain-resolution');
    }
    // Dynacast: only the spotlighted class encodes more than its thumbnail layer, so that is
    // the class that must send two layers (dynacast.e2e checks the thumbnail's top stays off).
    const spotlightedId = await tutor.page
      .locator('[data-testid=class-tile][data-spotlight=true]')
      .getAttribute('data-participant-id');
    const spotlighted = spotlightedId === classA.participantId ? classA : classB;
    await waitFor(
      async () => (await sentLayers(spotlighted.page)) >= 2,
      `${spotlighted.name} (spotlighted) to send two simulcast layers`,
    );
  });

  it('receives the spotlighted class in full and the other as a thumbnail, and swaps on request', async () => {
    const a = classA.participantId;
    const b = classB.participantId;
    const spotlighted = async () =>
      tutor.page
        .locator('[data-testid=class-tile][data-spotlight=true]')
        .getAttribute('data-participant-id');
    const first = await spotlighted();
    const [big, small] = first === a ? [a, b] : [b, a];
    await waitFor(
      () => arrivesLarger(tutor.page, big, small),
      'the server to forward the spotlighted class on a higher layer, decoded wider than the thumbnail',
    );

    const smallName = small === a ? classA.name : classB.name;
    await tutor.page.getByRole('button', { name: `Spotlight ${smallName}` }).click();
    expect(await spotlighted()).toBe(small);
    await waitFor(
      () => arrivesLarger(tutor.page, small, big),
      'the server and the browser to swap the layers after the spotlight moved',
    ).catch(async (error: Error) => {
      // What each side did, so that a failure under load says which step did not happen.
      const picture = {
        tutorReceives: await receivedCameras(tutor.page),
        [classA.participantId]: await sentEncodings(classA.page),
        [classB.participantId]: await sentEncodings(classB.page),
      };
      throw new Error(`${error.message}; ${JSON.stringify(picture)}`);
    });
    // The oracle is the server's own notification: the page did receive layer changes.
    expect(
      (await receivedFrames(tutor.page)).some((f) => f.includes('consumerLayersChanged')),
    ).toBe(true);
  });
});
