import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultLanguageFor, setLanguage } from '../i18n';
import { ErrorScreen } from './ErrorScreen';
import { LessonClient } from './LessonClient';
import { LessonRoom } from './LessonRoom';

declare global {
  interface Window {
    /** The page's lesson client, for diagnostics and the browser tests. */
    passerelleLesson?: LessonClient;
  }
}

/** The role named in the token, read without verifying it: only to pick the UI language early. */
function roleHint(token: string): string | undefined {
  try {
    const payload = JSON.parse(
      atob(token.split('.')[1]?.replace(/-/g, '+').replace(/_/g, '/') ?? ''),
    ) as { role?: unknown };
    return typeof payload.role === 'string' ? payload.role : undefined;
  } catch {
    return undefined;
  }
}

export function LessonPage({ sessionId, token }: { sessionId: string; token: string | null }) {
  if (!token) return <ErrorScreen code="no_token" message="" />;
  return <ConnectedLesson sessionId={sessionId} token={token} />;
}

function ConnectedLesson({ sessionId, token }: { sessionId: string; token: string }) {
  const { t } = useTranslation();
  const [client] = useState(() => {
    setLanguage(defaultLanguageFor(roleHint(token)));
    const size = new URLSearchParams(window.location.search).get('video');
    const [width, height] = (size ?? '').split('x').map(Number);
    return new LessonClient({
      serverUrl: window.location.origin,
      sessionId,
      token,
      video: width && height ? { width, height } : undefined,
    });
  });
  useEffect(() => {
    window.passerelleLesson = client;
    return () => client.leave();
  }, [client]);
  const state = useSyncExternalStore(client.store.subscribe, client.store.get);

  if (state.phase === 'failed' && state.error)
    return <ErrorScreen code={state.error.code} message={state.error.message} />;
  if (state.phase === 'joined') return <LessonRoom client={client} />;
  return (
    <main className="screen" role="status" data-testid={`phase-${state.phase}`}>
      <p className="big-status">{t(`phase.${state.phase}`)}</p>
    </main>
  );
}
