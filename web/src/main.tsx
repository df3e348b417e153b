import type { LessonClient } from './lesson/LessonClient';
import { lessonRoute } from './lesson/route';
import './styles.css';

/**
 * The smallest possible entry. On a lesson page it first fetches the connect-only path
 * (socket.io-client alone: it opens the socket and joins), then, in parallel, the lesson client
 * (mediasoup-client, zod) and the React app; the client adopts the open socket when its chunk
 * has run (issue 14: the first frame within a second of navigation). Every other page only
 * loads the app.
 */
const lesson = lessonRoute(window.location);
const earlyToken = lesson && !lesson.baseline ? lesson.token : null;
let early: Promise<LessonClient | undefined> | undefined;
if (lesson && earlyToken) {
  const connection = import('./lesson/earlyConnection').then(({ openEarlyConnection }) =>
    openEarlyConnection(lesson.sessionId, earlyToken),
  );
  early = Promise.all([connection, import('./lesson/startLesson')])
    .then(([opened, { startLesson }]) => startLesson(lesson.sessionId, earlyToken, opened))
    .catch(async () => {
      // The app then builds its own client and reports what fails: no second connection.
      (await connection.catch(() => undefined))?.socket.disconnect();
      return undefined;
    });
}
void import('./App').then(async ({ renderApp }) => renderApp(await early));
