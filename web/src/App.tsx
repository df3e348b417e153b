import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { Home } from './Home';
import './i18n';
import type { LessonClient } from './lesson/LessonClient';
import { LessonPage } from './lesson/LessonPage';
import { FIRST_FRAME_STEP_MARKS, markOnce } from './lesson/lessonState';
import { lessonRoute } from './lesson/route';

/** Lazy so the classroom bundle does not carry the planning screens. */
const PlanningApp = lazy(() => import('./planning/PlanningApp'));

const ClassroomHome = lazy(() =>
  import('./classroom/ClassroomHome').then((m) => ({ default: m.ClassroomHome })),
);

const SignInPage = lazy(() =>
  import('./signin/SignInPage').then((m) => ({ default: m.SignInPage })),
);
const HandoffExchange = lazy(() =>
  import('./signin/HandoffExchange').then((m) => ({ default: m.HandoffExchange })),
);

const CheckPage = lazy(() => import('./check/CheckPage').then((m) => ({ default: m.CheckPage })));

const FamilyPage = lazy(() => import('./families').then((m) => ({ default: m.FamilyPage })));

const PupilPage = lazy(() => import('./pupil').then((m) => ({ default: m.PupilPage })));

/** `early`: the lesson client the entry already started (lesson pages only). */
function route(early: LessonClient | undefined) {
  // After an ENT sign-in, /planning#code=<one-time code>: exchanged for the token first.
  const handoff = new URLSearchParams(window.location.hash.slice(1)).get('code');
  if (/^\/planning\/?$/.test(window.location.pathname) && handoff)
    return (
      <Suspense fallback={null}>
        <HandoffExchange code={handoff} />
      </Suspense>
    );
  // The token rides in /planning#token=<API token>; PlanningApp reads it from location.hash.
  if (/^\/planning\/?$/.test(window.location.pathname))
    return (
      <Suspense fallback={null}>
        <PlanningApp />
      </Suspense>
    );
  const lesson = lessonRoute(window.location);
  if (lesson)
    return <LessonPage sessionId={lesson.sessionId} token={lesson.token} client={early} />;
  // The network readiness check: a whiteboard's /classroom/<classId>/check#key=<class key>,
  // or /check#token=<planning token> from the coordinator's screens.
  if (/^(\/classroom\/[^/]+)?\/check\/?$/.test(window.location.pathname)) {
    return (
      <Suspense fallback={null}>
        <CheckPage
          credential={checkCredential(new URLSearchParams(window.location.hash.slice(1)))}
        />
      </Suspense>
    );
  }
  // The families' recap page: /familles/<classId>#cle=<family key>.
  if (/^\/familles\/[^/]+\/?$/.test(window.location.pathname)) {
    const key = new URLSearchParams(window.location.hash.slice(1)).get('cle');
    return (
      <Suspense fallback={null}>
        <FamilyPage familyKey={key} />
      </Suspense>
    );
  }
  // A pupil at home: /eleve#cle=<pupil key>.
  if (/^\/eleve\/?$/.test(window.location.pathname)) {
    const key = new URLSearchParams(window.location.hash.slice(1)).get('cle');
    return (
      <Suspense fallback={null}>
        <PupilPage pupilKey={key} />
      </Suspense>
    );
  }
  // A whiteboard's permanent link: /classroom/<classId>#key=<class key>.
  if (/^\/classroom\/[^/]+\/?$/.test(window.location.pathname)) {
    const key = new URLSearchParams(window.location.hash.slice(1)).get('key');
    return (
      <Suspense fallback={null}>
        <ClassroomHome classKey={key} />
      </Suspense>
    );
  }
  if (/^\/(connexion|signin)\/?$/.test(window.location.pathname))
    return (
      <Suspense fallback={null}>
        <SignInPage />
      </Suspense>
    );
  return <Home />;
}

/** A whiteboard's key (`#key=`, its result is stored) or a planning token (`#token=`, not stored). */
function checkCredential(hash: URLSearchParams) {
  const key = hash.get('key');
  const token = hash.get('token');
  if (key) return { kind: 'whiteboard', key } as const;
  return token ? ({ kind: 'planning', token } as const) : null;
}

/** Renders the app; the entry (main.tsx) loads this module lazily, next to the lesson client. */
export function renderApp(early: LessonClient | undefined): void {
  markOnce(FIRST_FRAME_STEP_MARKS.app);
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<StrictMode>{route(early)}</StrictMode>);
}
