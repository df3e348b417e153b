import { Suspense, lazy, useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultLanguageFor, setLanguage } from '../i18n';
import { ErrorScreen } from './ErrorScreen';
import type { LessonClient } from './LessonClient';
import { LessonRoom } from './LessonRoom';
import { MaterialProvider } from './materials';
import { createPlanClient, type PlanClient } from './lessonPlan';
import { FIRST_FRAME_STEP_MARKS, markOnce } from './lessonState';
import { createLessonClient } from './startLesson';
import { tokenHints } from './tokenHints';
import { VIEW_CHUNKS } from './viewChunks';

const ClassroomView = lazy(() =>
  VIEW_CHUNKS.classroom().then((m) => ({ default: m.ClassroomView })),
);
const TutorConsole = lazy(() => VIEW_CHUNKS.tutor().then((m) => ({ default: m.TutorConsole })));
const InspectorView = lazy(() =>
  VIEW_CHUNKS.inspector().then((m) => ({ default: m.InspectorView })),
);

interface LessonPageProps {
  sessionId: string;
  token: string | null;
  /** The client the entry already started for this page (main.tsx); otherwise one is made here. */
  client?: LessonClient;
}

export function LessonPage({ sessionId, token, client }: LessonPageProps) {
  if (!token) return <ErrorScreen code="no_token" message="" />;
  return <ConnectedLesson sessionId={sessionId} token={token} early={client} />;
}

function ConnectedLesson(props: { sessionId: string; token: string; early?: LessonClient }) {
  const { sessionId, token } = props;
  const { t } = useTranslation();
  const [client] = useState(() => {
    setLanguage(defaultLanguageFor(tokenHints(token).role));
    return props.early ?? createLessonClient(sessionId, token);
  });
  useEffect(() => {
    markOnce(FIRST_FRAME_STEP_MARKS.mounted);
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
