import {
  Suspense,
  lazy,
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { LessonClient } from '../lesson/LessonClient';
import { createLessonClient } from '../lesson/startLesson';
import { ApiError, exchangePupilKey, frenchTime, type PupilSession } from './pupilApi';
import './pupil.css';

const PupilView = lazy(() => import('./PupilView').then((m) => ({ default: m.PupilView })));

type Door =
  | { state: 'opening' }
  | { state: 'refused'; message: string }
  | { state: 'waiting'; message: string }
  | { state: 'open'; session: PupilSession; client: LessonClient };

const NO_KEY =
  "Ce lien est incomplet. Ouvre le lien complet que l'école t'a donné (il se termine par « #cle=… »).";

function refusedDoor(error: unknown): Door {
  if (error instanceof ApiError && error.code === 'conflict')
    return { state: 'waiting', message: waitingMessage(error) };
  const message =
    error instanceof ApiError && error.code === 'unauthenticated'
      ? error.message
      : "La page n'a pas pu s'ouvrir. Réessaie dans un moment.";
  return { state: 'refused', message };
}

function waitingMessage(error: ApiError): string {
  const details = error.details as { startsAt?: string } | undefined;
  return details?.startsAt
    ? `La leçon commence à ${frenchTime(details.startsAt)}. Reviens un peu avant !`
    : error.message;
}

/**
 * A pupil at home, /eleve#cle=<pupil key>: the key is exchanged for a session token of the
 * lesson open now (it never leaves the fragment except in this page's Authorization header),
 * then the page follows the lesson, receiving only until the teacher or tutor gives the floor.
 */
export function PupilPage({ pupilKey }: { pupilKey: string | null }) {
  const [door, setDoor] = useState<Door>({ state: 'opening' });
  // Only answers set the state: the effect below starts the exchange, the retry button too.
  const exchange = useCallback(() => {
    if (!pupilKey) return;
    exchangePupilKey(pupilKey).then(
      (session) => {
        const client = createLessonClient(session.sessionId, session.token);
        setDoor({ state: 'open', session, client });
      },
      (error: unknown) => setDoor(refusedDoor(error)),
    );
  }, [pupilKey]);
  const retry = () => {
    setDoor({ state: 'opening' });
    exchange();
  };
  // Once per page: a second exchange would open a second connection, replacing the first.
  const started = useRef(false);
  useEffect(() => {
    document.documentElement.lang = 'fr';
    if (started.current) return;
    started.current = true;
    exchange();
  }, [exchange]);

  if (!pupilKey) return <Notice alert text={NO_KEY} />;
  if (door.state === 'opening') return <Notice text="Ouverture de la leçon…" />;
  if (door.state === 'refused') return <Notice alert text={door.message} testId="pupil-refused" />;
  if (door.state === 'waiting')
    return <Notice text={door.message} action={{ label: 'Réessayer', onClick: retry }} />;
  return <PupilLesson session={door.session} client={door.client} />;
}

function PupilLesson({ session, client }: { session: PupilSession; client: LessonClient }) {
  useEffect(() => {
    window.passerelleLesson = client;
    client.connect();
    return () => client.leave();
  }, [client]);
  const state = useSyncExternalStore(client.store.subscribe, client.store.get);
  if (state.phase === 'failed' || state.phase === 'left')
    return (
      <Notice
        alert
        testId="pupil-refused"
        text="Tu n'es plus dans la leçon. Si ton lien a été retiré, demande-en un nouveau à ton enseignant·e."
      />
    );
  if (state.phase === 'connecting' || !state.self) return <Notice text="Connexion à la leçon…" />;
  return (
    <Suspense fallback={<Notice text="Connexion à la leçon…" />}>
      <PupilView client={client} session={session} />
    </Suspense>
  );
}

function Notice(props: {
  text: string;
  alert?: boolean;
  testId?: string;
  action?: { label: string; onClick: () => void };
}) {
  return (
    <main
      className="pupil-notice"
      role={props.alert ? 'alert' : 'status'}
      data-testid={props.testId}
    >
      <p>{props.text}</p>
      {props.action && (
        <button type="button" className="pupil-button" onClick={props.action.onClick}>
          {props.action.label}
        </button>
      )}
    </main>
  );
}
