import { Suspense, lazy, useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultLanguageFor, setLanguage } from '../i18n';
import { ErrorScreen } from './ErrorScreen';
import { LessonClient } from './LessonClient';
import { LessonRoom } from './LessonRoom';
import { MaterialProvider } from './materials';
import { createPlanClient, type PlanClient } from './lessonPlan';

// Each role's view is its own chunk: the whiteboard PC downloads only the classroom's.
const VIEW_CHUNKS = {
  classroom: () => import('../classroom/ClassroomView'),
  tutor: () => import('../tutor/TutorConsole'),
  inspector: () => import('../inspector/InspectorView'),
};
const ClassroomView = lazy(() =>
  VIEW_CHUNKS.classroom().then((m) => ({ default: m.ClassroomView })),
);
const TutorConsole = lazy(() => VIEW_CHUNKS.tutor().then((m) => ({ default: m.TutorConsole })));
const InspectorView = lazy(() =>
  VIEW_CHUNKS.inspector().then((m) => ({ default: m.InspectorView })),
);

/**
 * Starts downloading the role's view while the page joins, instead of once joined, when the
 * view is first rendered: its chunk (the board's Yjs with it) was on the first frame's path.
 */
function preloadView(role: string | undefined): void {
  if (role === 'classroom' || role === 'tutor' || role === 'inspector')
    void VIEW_CHUNKS[role]().catch(() => undefined); // the render's own import reports failures
}

declare global {
  interface Window {
    /** The page's lesson client, for diagnostics and the browser tests. */
    passerelleLesson?: LessonClient;
  }
}

/** The token's claims, read without verifying them (the server does): to pick the UI language early. */
function tokenHints(token: string): { role?: string; sub?: string } {
  try {
    const json = atob(token.split('.')[1]?.replace(/-/g, '+').replace(/_/g, '/') ?? '');
    const payload = JSON.parse(json) as { role?: unknown; sub?: unknown };
    return {
      role: typeof payload.role === 'string' ? payload.role : undefined,
      sub: typeof payload.sub === 'string' ? payload.sub : undefined,
    };
  } catch {
    return {};
  }
}

export function LessonPage({ sessionId, token }: { sessionId: string; token: string | null }) {
  if (!token) return <ErrorScreen code="no_token" message="" />;
  return <ConnectedLesson sessionId={sessionId} token={token} />;
}

function ConnectedLesson({ sessionId, token }: { sessionId: string; token: string }) {
  const { t } = useTranslation();
  const [client] = useState(() => {
    setLanguage(defaultLanguageFor(tokenHints(token).role));
    const query = new URLSearchParams(window.location.search);
    const [width, height] = (query.get('video') ?? '').split('x').map(Number);
    const frameRate = Number(query.get('fps')) || undefined;
    // The page benchmark's baseline (`?dynacast=0`) loads the view as before issue 14.
    if (query.get('dynacast') !== '0') preloadView(tokenHints(token).role);
    return new LessonClient({
      serverUrl: window.location.origin,
      sessionId,
      token,
      video: width && height ? { width, height } : undefined,
      frameRate,
      // Only the page benchmark's baseline turns dynacast off.
      dynacast: query.get('dynacast') !== '0',
    });
  });
  useEffect(() => {
    window.passerelleLesson = client;
    client.connect();
    return () => client.leave();
  }, [client]);
  const [plans] = useState(() => createPlanClient(sessionId, token, tokenHints(token).sub ?? ''));
  const state = useSyncExternalStore(client.store.subscribe, client.store.get);

  if (state.phase === 'failed' && state.error)
    return <ErrorScreen code={state.error.code} message={state.error.message} />;
  // Once joined, a reconnection keeps the view (and the board) on screen under a banner.
  if (state.phase === 'joined' || (state.phase === 'reconnecting' && state.self)) {
    return (
      <>
        {state.phase === 'reconnecting' && (
          <p className="reconnecting-banner" role="status" data-testid="phase-reconnecting">
            {t('phase.reconnecting')}
          </p>
        )}
        <MaterialProvider load={plans.loadMaterialContent}>
          <RoleView client={client} plans={plans} />
        </MaterialProvider>
      </>
    );
  }
  return (
    <main className="screen" role="status" data-testid={`phase-${state.phase}`}>
      <p className="big-status">{t(`phase.${state.phase}`)}</p>
    </main>
  );
}

function RoleView({ client, plans }: { client: LessonClient; plans: PlanClient }) {
  const { t } = useTranslation();
  const role = client.store.get().self?.role;
  const view =
    role === 'classroom' ? (
      <ClassroomView client={client} />
    ) : role === 'tutor' ? (
      <TutorConsole client={client} plans={plans} />
    ) : role === 'inspector' ? (
      <InspectorView client={client} plans={plans} />
    ) : (
      <LessonRoom client={client} />
    );
  return (
    <Suspense fallback={<p className="big-status">{t('phase.connecting')}</p>}>{view}</Suspense>
  );
}
