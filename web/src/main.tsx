import { lessonRoute } from './lesson/route';
import './styles.css';

/**
 * The smallest possible entry. On a lesson page it fetches the lesson client and the React app
 * in parallel, and the client connects and joins as soon as its own chunk has run, while React
 * and the view are still being parsed (issue 14: the first frame within a second of
 * navigation). Every other page only loads the app.
 */
const lesson = lessonRoute(window.location);
const earlyToken = lesson && !lesson.baseline ? lesson.token : null;
const early =
  lesson && earlyToken
    ? import('./lesson/startLesson')
        .then(({ startLesson }) => startLesson(lesson.sessionId, earlyToken))
        .catch(() => undefined) // the app then builds its own client and reports what fails
    : undefined;
void import('./App').then(async ({ renderApp }) => renderApp(await early));
