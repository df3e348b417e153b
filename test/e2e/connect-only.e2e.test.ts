import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LessonSession as PlannedSession } from '../../lesson-plans';
import { createJoinLink } from '../../signaling/joinLinks';
import { launchChromium, rtpCounters, waitFor } from '../helpers/browser';
import { openLessonPage, sharedLesson } from '../helpers/lessonPages';
import { startTestServer, type TestServer } from '../helpers/server';

/** Receive-only classroom pages: the tests are about joining, and this spares the CPU. */
const REFUSE_CAMERA_SCRIPT = `navigator.mediaDevices.getUserMedia = () =>
  Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));`;

/** The lesson client's chunk (LessonClient, its parts, and the way to the protocol's schemas). */
const LESSON_CLIENT_CHUNK = /\/assets\/startLesson-[^/]+\.js$/;
/** React's chunk: nothing of the app renders before it has run. */
const REACT_CHUNK = /\/assets\/react-[^/]+\.js$/;
const FIRST_REMOTE_FRAME_MARK = 'passerelle:first-remote-frame';
/** Marked per direction Device.load took from this browser's cached native capabilities. */
const NATIVE_CACHED_MARK = 'passerelle:native-capabilities-cached';
const NATIVE_CAPABILITIES_KEY = 'passerelle:native-rtp-capabilities';

/** The directions whose native capabilities the page's Devices took from the cache. */
function nativeCached(page: Page): Promise<unknown[]> {
  return page.evaluate(
    (mark) => performance.getEntriesByName(mark).map((entry) => (entry as PerformanceMark).detail),
    NATIVE_CACHED_MARK,
  );
}

/** What crossed the page's WebSocket(s), as socket.io event names and raw server frames. */
interface Wire {
  sent: string[];
  /** The client→server frames themselves. */
  sentFrames: string[];
  received: string[];
}

/** Passes every frame through, noting client→server event names and server→client frames. */
async function watchWire(page: Page): Promise<Wire> {
  const wire: Wire = { sent: [], sentFrames: [], received: [] };
  await page.routeWebSocket(/socket\.io/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      const event = /^42\d*\["([^"]+)"/.exec(String(message))?.[1];
      if (event) wire.sent.push(event);
      wire.sentFrames.push(String(message));
      server.send(message);
    });
    server.onMessage((message) => {
      wire.received.push(String(message));
      socket.send(message);
    });
  });
  return wire;
}

/**
 * Holds the lesson client's chunk back until `released()` (or 20 s), so that whatever the page
 * does meanwhile is done by the connect-only path alone. Resolves `held` with whether the
 * condition came true while the chunk was held.
 */
async function holdLessonClient(page: Page, released: () => boolean, chunk = LESSON_CLIENT_CHUNK) {
  let heldUntilReleased: boolean | undefined;
  await page.route(chunk, async (route) => {
    heldUntilReleased = await waitFor(async () => released(), 'the hold', 20_000).then(
      () => true,
      () => false,
    );
    await route.continue();
  });
  return () => heldUntilReleased;
}

describe('the connect-only path: the page joins before mediasoup-client and React have run', () => {
  let server: TestServer;
  let browser: Browser;
  let lesson: PlannedSession;
  /** socket.io connections the server accepted, per class (the token's subject). */
  const accepted = new Map<string, number>();

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true });
    browser = await launchChromium();
    lesson = await sharedLesson(server);
    server.io.on('connection', (socket) => {
      const subject = socket.data.claims?.sub ?? 'unknown';
      accepted.set(subject, (accepted.get(subject) ?? 0) + 1);
    });
    await openLessonPage(browser, server, {
      sessionId: lesson.id,
      role: 'tutor',
      name: 'Emily Carter',
      subject: lesson.tutorId,
      fps: 10,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function classroomLink(index: number): Promise<string> {
    return createJoinLink(server.tokens, {
      baseUrl: server.url,
      sessionId: lesson.id,
      role: 'classroom',
      displayName: index === 0 ? 'CE2 Jaurès' : 'CM2 Jaurès',
      subject: lesson.classIds[index]!,
    });
  }

  async function receiveOnlyContext(): Promise<BrowserContext> {
    const context = await browser.newContext();
    await context.addInitScript(REFUSE_CAMERA_SCRIPT);
    return context;
  }

  /** Waits for the page to decode the tutor's video. */
  async function videoDecoded(page: Page): Promise<void> {
    await waitFor(async () => {
      const { inbound } = await rtpCounters(page);
      return inbound.some((stream) => stream.kind === 'video' && stream.framesDecoded > 0);
    }, 'the tutor’s video decoded');
  }

  it('joins with the capabilities this browser cached, while the lesson client’s chunk is held, on the one socket the lesson runs on', async () => {
    const context = await receiveOnlyContext();
    const first = await context.newPage();
    await first.goto(await classroomLink(0)); // a first lesson stores the capabilities
    await first.getByTestId('lesson-room').waitFor();
    await first.close();
    const subject = lesson.classIds[0]!;
    const before = accepted.get(subject) ?? 0;

    const page = await context.newPage();
    const wire = await watchWire(page);
    const joinedWhileHeld = await holdLessonClient(page, () => wire.sent.includes('joinSession'));
    await page.goto(await classroomLink(0));
    await page.getByTestId('lesson-room').waitFor();
    await videoDecoded(page);

    expect(joinedWhileHeld()).toBe(true);
    expect(wire.sent.filter((event) => event === 'joinSession')).toHaveLength(1);
    expect(wire.sent.filter((event) => event === 'getRouterRtpCapabilities')).toHaveLength(1);
    expect((accepted.get(subject) ?? 0) - before).toBe(1);
    // Device.load built no RTCPeerConnection to read this browser's capabilities: cached.
    expect(await nativeCached(page)).toEqual(['recvonly', 'sendonly']);
    await context.close();
  });

  it('probes this browser’s native capabilities again when their cache is corrupt, and joins once', async () => {
    const context = await receiveOnlyContext();
    const first = await context.newPage();
    await first.goto(await classroomLink(0));
    await first.getByTestId('lesson-room').waitFor();
    expect(await nativeCached(first)).toEqual([]); // nothing cached yet: probed
    await first.evaluate((key) => localStorage.setItem(key, '{"key":'), NATIVE_CAPABILITIES_KEY);
    await first.close();

    const page = await context.newPage();
    const wire = await watchWire(page);
    await page.goto(await classroomLink(0));
    await page.getByTestId('lesson-room').waitFor();
    await videoDecoded(page);

    expect(await nativeCached(page)).toEqual([]);
    expect(wire.sent.filter((event) => event === 'joinSession')).toHaveLength(1);
    // The probe's answer replaced the corrupt entry.
    const stored = await page.evaluate((key) => localStorage.getItem(key), NATIVE_CAPABILITIES_KEY);
    expect(Object.keys(JSON.parse(stored!) as object).sort()).toEqual([
      'key',
      'recvonly',
      'sendonly',
    ]);
    await context.close();
  });

  it('shows the tutor’s first frame, from the early join’s consumers, before the lesson client and React have run', async () => {
    const context = await receiveOnlyContext();
    const first = await context.newPage();
    await first.goto(await classroomLink(0)); // a first lesson stores the capabilities
    await first.getByTestId('lesson-room').waitFor();
    await first.close();

    const page = await context.newPage();
    // Noted by the page itself when its first remote frame is marked: had the lesson client
    // or React's app run by then?
    await page.addInitScript(`new PerformanceObserver((list, observer) => {
      if (list.getEntriesByName(${JSON.stringify(FIRST_REMOTE_FRAME_MARK)}).length === 0) return;
      observer.disconnect();
      window.__atFirstFrame = {
        client: window.passerelleLesson !== undefined,
        app: performance.getEntriesByName('passerelle:app').length > 0,
        earlyVideo: document.querySelector('[data-testid="early-video"]') !== null,
      };
    }).observe({ type: 'mark' });`);
    const wire = await watchWire(page);
    // Both chunks held until the page has painted a remote frame (or 20 s have passed).
    let painted = false;
    const poll = setInterval(() => {
      void page
        .evaluate((mark) => performance.getEntriesByName(mark).length > 0, FIRST_REMOTE_FRAME_MARK)
        .then(
          (marked) => (painted ||= marked),
          () => undefined,
        );
    }, 100);
    const clientHeld = await holdLessonClient(page, () => painted);
    const reactHeld = await holdLessonClient(page, () => painted, REACT_CHUNK);
    await page.goto(await classroomLink(0));
    const early = page.getByTestId('early-video');
    await waitFor(async () => painted, 'a remote frame painted');
    const atFirstFrame = await page.evaluate(
      () => (window as { __atFirstFrame?: unknown }).__atFirstFrame,
    );
    // Once the view shows the tutor, the early picture steps aside: one video of her left.
    await page.getByTestId('lesson-room').waitFor();
    await videoDecoded(page);
    await early.waitFor({ state: 'detached' });
    clearInterval(poll);

    expect(clientHeld()).toBe(true);
    expect(reactHeld()).toBe(true);
    expect(atFirstFrame).toEqual({ client: false, app: false, earlyVideo: true });
    // The lesson client adopted the early transport: no second transport, no second consume.
    const recvTransports = wire.sentFrames.filter((frame) =>
      /"createTransport",\{"direction":"recv"/.test(frame),
    );
    expect(recvTransports).toHaveLength(0);
    expect(wire.sent).not.toContain('consume');
    // The early join carried the page's certificate fingerprint and connected the transport:
    // the frame came through DTLS with no connectTransport sent.
    expect(wire.sentFrames.some((frame) => /"joinSession".*"receiveDtls"/.test(frame))).toBe(true);
    expect(wire.sent).not.toContain('connectTransport');
    await context.close();
  });

  it('joins after its Device has loaded, on the same one socket, when nothing is cached yet', async () => {
    const context = await receiveOnlyContext();
    const subject = lesson.classIds[1]!;
    const before = accepted.get(subject) ?? 0;
    const page = await context.newPage();
    const wire = await watchWire(page);
    await page.goto(await classroomLink(1));
    await page.getByTestId('lesson-room').waitFor();
    await videoDecoded(page);

    expect(wire.sent.filter((event) => event === 'joinSession')).toHaveLength(1);
    expect((accepted.get(subject) ?? 0) - before).toBe(1);
    // The lesson client's own join carried its certificate's fingerprint too: the video came
    // through a recv transport the server connected within the join, no connectTransport sent.
    expect(wire.sentFrames.some((frame) => /"joinSession".*"receiveDtls"/.test(frame))).toBe(true);
    expect(wire.sent).not.toContain('connectTransport');
    await context.close();
  });

  it('joins again on a fresh connection when the cached capabilities no longer match the browser’s', async () => {
    const context = await receiveOnlyContext();
    const first = await context.newPage();
    await first.goto(await classroomLink(1));
    await first.getByTestId('lesson-room').waitFor();
    // As after a browser update: the cached capabilities lack one header extension.
    await first.evaluate(() => {
      const key = 'passerelle:recv-rtp-capabilities';
      const cached = JSON.parse(localStorage.getItem(key)!) as { router: string; recv: string };
      const recv = JSON.parse(cached.recv) as { headerExtensions: unknown[] };
      recv.headerExtensions.pop();
      localStorage.setItem(key, JSON.stringify({ ...cached, recv: JSON.stringify(recv) }));
    });
    await first.close();
    const subject = lesson.classIds[1]!;
    const before = accepted.get(subject) ?? 0;

    const page = await context.newPage();
    const wire = await watchWire(page);
    await page.goto(await classroomLink(1));
    await videoDecoded(page);

    // The early join with the stale capabilities, then one on the fresh connection.
    expect(wire.sent.filter((event) => event === 'joinSession')).toHaveLength(2);
    expect((accepted.get(subject) ?? 0) - before).toBe(2);
    await context.close();
  });

  it('shows a refused credential in French when the refusal comes before the lesson client', async () => {
    const link = await createJoinLink(server.tokens, {
      baseUrl: server.url,
      sessionId: lesson.id,
      role: 'classroom',
      displayName: 'CE2 Jaurès',
      subject: lesson.classIds[0]!,
      ttlSeconds: -60,
    });
    const context = await receiveOnlyContext();
    const page = await context.newPage();
    const wire = await watchWire(page);
    // socket.io's CONNECT_ERROR packet ("44{…}") reached the page before its lesson client ran.
    const refusedWhileHeld = await holdLessonClient(page, () =>
      wire.received.some((frame) => frame.startsWith('44')),
    );
    await page.goto(link);
    const screen = page.getByTestId('error-screen');
    await screen.waitFor();

    expect(refusedWhileHeld()).toBe(true);
    expect(await screen.getAttribute('data-error-code')).toBe('unauthenticated');
    expect(await screen.textContent()).toContain('Le lien a expiré');
    expect(wire.sent).not.toContain('joinSession');
    await context.close();
  });
});
