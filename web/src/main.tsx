import type { EarlyConnection } from './lesson/earlyConnection';
import type { EarlyMedia } from './lesson/earlyMedia';
import type { LessonClient } from './lesson/LessonClient';
import { lessonRoute } from './lesson/route';
import { tokenHints } from './lesson/tokenHints';
import './styles.css';

/**
 * The smallest possible entry. On a lesson page it first runs the connect-only path
 * (socket.io-client alone, preloaded with this entry: it opens the socket and joins), then the
 * early receive path (mediasoup-client alone: the Device, the recv transport and the tutor's
 * picture from the early join's answer), then fetches the lesson client (zod, the protocol)
 * and the React app in parallel; the client adopts the open socket and the early media when
 * its chunk has run (issue 14: the first frame within a second of navigation). Every other
 * page only loads the app.
 */
const lesson = lessonRoute(window.location);
const token = lesson && !lesson.baseline ? lesson.token : null;
const connection =
  lesson && token
    ? import('./lesson/earlyConnection').then(({ openEarlyConnection }) =>
        openEarlyConnection(lesson.sessionId, token),
      )
    : undefined;
/**
 * Null when this browser has no capabilities cached (a first lesson). Its chunk (mediasoup-client)
 * is fetched alongside the connect-only path's, not after it: it is on the first frame's path.
 */
const media = connection
  ? Promise.all([connection, import('./lesson/earlyMedia')]).then(([early, { startEarlyMedia }]) =>
      startEarlyMedia(early, token !== null && tokenHints(token).role === 'classroom'),
    )
  : undefined;

/** The lesson client, adopting the early connection; undefined if either failed to load. */
function startClient(opened: Promise<EarlyConnection>, sessionId: string, token: string) {
  const earlyMedia = (media ?? Promise.resolve(null)).catch((): EarlyMedia | null => null);
  return Promise.all([opened, earlyMedia, import('./lesson/startLesson')])
    .then(([early, received, { startLesson }]): LessonClient =>
      startLesson(sessionId, token, early, received ?? undefined),
    )
    .catch(async () => {
      // The app then builds its own client and reports what fails: no second connection.
      (await opened.catch(() => undefined))?.socket.disconnect();
      (await earlyMedia)?.abandon();
      return undefined;
    });
}

// The big chunks are asked for once the socket is opening, and with cached capabilities once
// the early receive path has shown the first frame (EarlyMedia.settled): fetched or evaluated
// at the same time, they held back the small chunks' every step on an old PC's two cores.
void (media ?? Promise.resolve(null))
  .then((early) => early?.settled)
  .catch(() => undefined)
  .then(() => {
    const client =
      connection && lesson && token ? startClient(connection, lesson.sessionId, token) : undefined;
    return import('./App').then(async ({ renderApp }) => renderApp(await client));
  });
