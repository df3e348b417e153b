import type { EarlyConnection } from './lesson/earlyConnection';
import type { LessonClient } from './lesson/LessonClient';
import { lessonRoute } from './lesson/route';
import './styles.css';

/**
 * The smallest possible entry. On a lesson page it first runs the connect-only path
 * (socket.io-client alone, preloaded with this entry: it opens the socket and joins), then
 * fetches the lesson client (mediasoup-client, zod) and the React app in parallel; the client
 * adopts the open socket when its chunk has run (issue 14: the first frame within a second of
 * navigation). Every other page only loads the app.
 */
const lesson = lessonRoute(window.location);
const token = lesson && !lesson.baseline ? lesson.token : null;
const connection =
  lesson && token
    ? import('./lesson/earlyConnection').then(({ openEarlyConnection }) =>
        openEarlyConnection(lesson.sessionId, token),
      )
    : undefined;

/** The lesson client, adopting the early connection; undefined if either failed to load. */
function startClient(opened: Promise<EarlyConnection>, sessionId: string, token: string) {
  return Promise.all([opened, import('./lesson/startLesson')])
    .then(([early, { startLesson }]): LessonClient => startLesson(sessionId, token, early))
    .catch(async () => {
      // The app then builds its own client and reports what fails: no second connection.
      (await opened.catch(() => undefined))?.socket.disconnect();
      return undefined;
    });
}

// The big chunks are asked for once the socket is opening: fetched at the same time, their
// parsing (on an old PC's two cores) held back the small chunk that opens it.
void (connection ?? Promise.resolve())
  .catch(() => undefined)
  .then(() => {
    const client =
      connection && lesson && token ? startClient(connection, lesson.sessionId, token) : undefined;
    return import('./App').then(async ({ renderApp }) => renderApp(await client));
  });
