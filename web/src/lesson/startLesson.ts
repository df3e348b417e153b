import type { EarlyConnection } from './earlyConnection';
import type { EarlyMedia } from './earlyMedia';
import { LessonClient } from './LessonClient';
import { FIRST_FRAME_STEP_MARKS, markOnce } from './lessonState';
import { tokenHints } from './tokenHints';
import { preloadView } from './viewChunks';

declare global {
  interface Window {
    /** The page's lesson client, for diagnostics and the browser tests. */
    passerelleLesson?: LessonClient;
  }
}

/**
 * The page's lesson client, built from its address (`?video=WxH&fps=N` pin the capture for
 * tests and benchmarks; `?dynacast=0` is the benchmark's baseline).
 */
export function createLessonClient(
  sessionId: string,
  token: string,
  early?: EarlyConnection,
  earlyMedia?: EarlyMedia,
): LessonClient {
  markOnce(FIRST_FRAME_STEP_MARKS.lessonClient);
  const query = new URLSearchParams(window.location.search);
  const [width, height] = (query.get('video') ?? '').split('x').map(Number);
  const dynacast = query.get('dynacast') !== '0';
  // The baseline loads the view once joined, as before issue 14.
  if (dynacast) preloadView(tokenHints(token).role);
  const client = new LessonClient({
    serverUrl: window.location.origin,
    sessionId,
    token,
    video: width && height ? { width, height } : undefined,
    frameRate: Number(query.get('fps')) || undefined,
    dynacast,
    early,
    earlyMedia,
  });
  window.passerelleLesson = client;
  return client;
}

/**
 * Builds the client from the entry, before React and the views are even parsed, adopting the
 * socket the connect-only path opened (earlyConnection.ts) and whatever it has received: the
 * join then runs while the page renders, instead of after (about a second on an old PC). The
 * store lives outside React, so the page picks up whatever has happened meanwhile.
 */
export function startLesson(
  sessionId: string,
  token: string,
  early: EarlyConnection,
  earlyMedia?: EarlyMedia,
): LessonClient {
  const client = createLessonClient(sessionId, token, early, earlyMedia);
  client.connect();
  return client;
}
