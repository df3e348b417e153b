import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, waitFor } from '../helpers/browser';
import { openLessonPage, sharedLesson, type LessonPage } from '../helpers/lessonPages';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * Opus DTX on a class's microphone (signaling/capturePolicy.ts), in real Chromium against a
 * real worker: a class whose room is silent sends a few packets a second, a class speaking
 * sends its 50, and the tutor's microphone is produced without DTX.
 */

/**
 * Replaces the page's microphone with an AudioContext stream before the app runs (the camera
 * stays Chrome's fake one): `silent` is silence, `speaking` a voice-like sawtooth
 * whose pitch and loudness move as speech does, never quiet long enough for DTX to start.
 */
function microphoneScript(kind: 'silent' | 'speaking'): string {
  return `(() => {
    const devices = navigator.mediaDevices;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
      const stream = constraints.video
        ? await original({ video: constraints.video })
        : new MediaStream();
      if (!constraints.audio) return stream;
      const context = new AudioContext();
      const out = context.createMediaStreamDestination();
      if (${JSON.stringify(kind)} === 'silent') {
        // Silence, as a quiet room is after the browser's noise suppression: a source through a
        // muted gain (a graph with no source at all delivers no audio to the track).
        const room = context.createOscillator();
        const muted = context.createGain();
        muted.gain.value = 0;
        room.connect(muted).connect(out);
        room.start();
      } else {
        const voice = context.createOscillator();
        voice.type = 'sawtooth';
        voice.frequency.value = 160;
        const pitch = context.createOscillator();
        pitch.frequency.value = 3;
        const pitchDepth = context.createGain();
        pitchDepth.gain.value = 40;
        pitch.connect(pitchDepth).connect(voice.frequency);
        const loudness = context.createGain();
        loudness.gain.value = 0.35;
        const syllables = context.createOscillator();
        syllables.frequency.value = 4;
        const syllableDepth = context.createGain();
        syllableDepth.gain.value = 0.2;
        syllables.connect(syllableDepth).connect(loudness.gain);
        const mouth = context.createBiquadFilter();
        mouth.type = 'lowpass';
        mouth.frequency.value = 2500;
        voice.connect(mouth).connect(loudness).connect(out);
        [voice, pitch, syllables].forEach((node) => node.start());
      }
      window.__microphoneContext = context;
      stream.addTrack(out.stream.getAudioTracks()[0]);
      return stream;
    };
  })();`;
}

interface AudioSent {
  packets: number;
  /** The stats report's own clock, in milliseconds. */
  at: number;
}

/** The microphone's `outbound-rtp` packet count, read from the page's send transport. */
function audioSent(page: Page): Promise<AudioSent | null> {
  return page.evaluate(async () => {
    const { send } = (await window.passerelleLesson?.transportStats()) ?? { send: null };
    let sent: AudioSent | null = null;
    send?.forEach((stat: Record<string, unknown>) => {
      if (stat.type === 'outbound-rtp' && stat.kind === 'audio')
        sent = { packets: Number(stat.packetsSent ?? 0), at: Number(stat.timestamp) };
    });
    return sent;
  });
}

/**
 * The microphone's packets per second over a window of at least `windowMs` on the stats' own
 * clock, once it has started sending: waits on the stats, never on a fixed sleep.
 */
async function packetRate(page: Page, name: string, windowMs = 6_000): Promise<number> {
  let first: AudioSent | null = null;
  await waitFor(async () => {
    first = await audioSent(page);
    return (first?.packets ?? 0) > 0;
  }, `${name}'s microphone to send`);
  let last: AudioSent | null = null;
  await waitFor(async () => {
    last = await audioSent(page);
    return last !== null && last.at - first!.at >= windowMs;
  }, `${name}'s microphone stats to cover ${windowMs} ms`);
  const rate = ((last!.packets - first!.packets) * 1000) / (last!.at - first!.at);
  console.log(`${name}: ${rate.toFixed(1)} microphone packets/s`);
  return rate;
}

describe('Opus DTX on the classroom microphone', () => {
  let server: TestServer;
  let browser: Browser;
  let tutor: LessonPage;
  let silentClass: LessonPage;
  let speakingClass: LessonPage;
  const producers: types.Producer[] = [];
  const onWorker = (worker: types.Worker) =>
    worker.observer.on('newrouter', (router) =>
      router.observer.on('newtransport', (transport) =>
        transport.observer.on('newproducer', (producer) => producers.push(producer)),
      ),
    );

  /** The server's own producer of `page`'s microphone: what the worker was told. */
  function microphoneOf(page: LessonPage): types.Producer | undefined {
    return producers.find(
      (producer) =>
        producer.kind === 'audio' &&
        (producer.appData as { peerId?: string }).peerId === page.participantId,
    );
  }

  beforeAll(async () => {
    mediasoup.observer.on('newworker', onWorker);
    server = await startTestServer({ withPlanning: true });
    browser = await launchChromium();
    const lesson = await sharedLesson(server);
    const base = { sessionId: lesson.id, fps: 10 };
    tutor = await openLessonPage(browser, server, {
      ...base,
      role: 'tutor',
      name: 'Emily Carter',
      subject: lesson.tutorId,
    });
    const classPage = (index: number, name: string, kind: 'silent' | 'speaking') =>
      openLessonPage(browser, server, {
        ...base,
        role: 'classroom',
        name,
        subject: lesson.classIds[index]!,
        beforeGoto: (page) => page.addInitScript(microphoneScript(kind)),
      });
    silentClass = await classPage(0, 'CE2 Jaurès', 'silent');
    speakingClass = await classPage(1, 'CM2 Jaurès', 'speaking');
  }, 120_000);

  afterAll(async () => {
    mediasoup.observer.off('newworker', onWorker);
    await browser?.close();
    await server?.close();
  });

  it('produces the classes microphones with usedtx, and the tutor without', async () => {
    for (const page of [tutor, silentClass, speakingClass])
      await waitFor(async () => microphoneOf(page) !== undefined, `${page.name}'s microphone`);
    const usedtx = (page: LessonPage) => microphoneOf(page)!.rtpParameters.codecs[0]?.parameters;
    expect(usedtx(silentClass)?.usedtx).toBe(1);
    expect(usedtx(speakingClass)?.usedtx).toBe(1);
    expect(usedtx(tutor)?.usedtx ?? 0).toBe(0);
  });

  it('sends a few packets a second from a silent room, far below 50', async () => {
    const rate = await packetRate(silentClass.page, silentClass.name);
    // libwebrtc with Opus DTX: two packets every 420 ms of silence (about 5 a second).
    expect(rate).toBeLessThan(15);
    // The worker hears the same: a live producer, not a muted one.
    const [stats] = await microphoneOf(silentClass)!.getStats();
    expect(stats?.packetCount ?? 0).toBeGreaterThan(0);
  });

  it('still sends every 20 ms frame while the class speaks', async () => {
    const rate = await packetRate(speakingClass.page, speakingClass.name);
    expect(rate).toBeGreaterThan(40);
  });
});
