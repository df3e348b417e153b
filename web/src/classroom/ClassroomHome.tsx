import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react';
import { autoCheckDue } from '../check/autoCheck';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';
import { ErrorScreen } from '../lesson/ErrorScreen';
import { LessonPage } from '../lesson/LessonPage';
import { FIRST_FRAME_STEP_MARKS, markOnce } from '../lesson/lessonState';
import {
  ClassroomKeyError,
  fetchClassroomLesson,
  parseJoinUrl,
  type ClassroomLesson,
} from './classroomLesson';
import { DeviceCheck } from './DeviceCheck';

/** Loaded only when the teacher asks for it: the waiting screen's download stays small. */
const PupilLinkForm = lazy(() =>
  import('./PupilLinkForm').then((m) => ({ default: m.PupilLinkForm })),
);

/** Ask again this often while waiting: a lesson may be moved or cancelled meanwhile. */
const REFRESH_MS = 60_000;
/** The whiteboard joins by itself this long before the scheduled start. */
const AUTO_JOIN_LEAD_MS = 60_000;

/**
 * The whiteboard's permanent page: the next lesson's time, a camera and
 * microphone check, and the lesson itself, joined automatically on time.
 */
export function ClassroomHome({ classKey }: { classKey: string | null }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<ClassroomLesson | null>(null);
  const [error, setError] = useState<'key' | 'network' | null>(null);
  const [joined, setJoined] = useState<{ sessionId: string; token: string } | null>(null);
  const now = useNow(1000);

  const refresh = useCallback(() => {
    if (!classKey) return;
    fetchClassroomLesson(classKey).then(
      (lesson) => (setInfo(lesson), setError(null)),
      (failure: unknown) => setError(failure instanceof ClassroomKeyError ? 'key' : 'network'),
    );
  }, [classKey]);
  const lesson = info?.lesson;
  const startsAt = lesson ? Date.parse(lesson.startsAt) : Infinity;
  const opensAt = lesson ? Date.parse(lesson.joinOpensAt) : Infinity;
  // Once the lesson is about to start the whiteboard joins by itself; the teacher may join earlier.
  const autoJoin =
    info?.joinUrl && now >= startsAt - AUTO_JOIN_LEAD_MS ? parseJoinUrl(info.joinUrl) : null;
  const target = joined ?? autoJoin;
  const inLesson = target !== null;

  useEffect(() => {
    setLanguage('fr');
    if (inLesson) return;
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh, inLesson]);
  useEffect(() => {
    if (!inLesson && !info?.joinUrl && now >= opensAt) refresh();
  }, [now, opensAt, info?.joinUrl, refresh, inLesson]);

  useQuietCheck(classKey, info, now, refresh);
  useEffect(() => {
    if (inLesson) markOnce(FIRST_FRAME_STEP_MARKS.waitingScreenJoin);
  }, [inLesson]);

  if (!classKey || error === 'key') return <ErrorScreen code="unauthenticated" message="" />;
  if (target) return <LessonPage sessionId={target.sessionId} token={target.token} />;
  return (
    <main className="screen waiting" data-testid="classroom-waiting">
      <h1>{info?.className ?? t('app.name')}</h1>
      {error === 'network' && (
        <p className="banner warning" role="alert">
          {t('waiting.offline')}
        </p>
      )}
      {!info && !error && <p className="big-status">{t('phase.connecting')}</p>}
      {info && !lesson && <p className="big-status">{t('waiting.noLesson')}</p>}
      {lesson && <NextLesson lesson={lesson} now={now} />}
      {info?.joinUrl && (
        <button
          type="button"
          className="huge-button"
          onClick={() => setJoined(parseJoinUrl(info.joinUrl ?? ''))}
        >
          {t('waiting.joinNow')}
        </button>
      )}
      <DeviceCheck />
      {lesson && <PupilAtHomeLink classKey={classKey} sessionId={lesson.sessionId} />}
      <a className="small-button" data-testid="network-check-link" href={checkLink(classKey)}>
        {t('waiting.networkCheck')}
      </a>
    </main>
  );
}

/** "Un élève à la maison" for the next lesson: the form opens on demand. */
function PupilAtHomeLink({ classKey, sessionId }: { classKey: string; sessionId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const classId = decodeURIComponent(window.location.pathname.split('/')[2] ?? '');
  if (!open)
    return (
      <button
        type="button"
        className="small-button"
        data-testid="pupil-link-open"
        onClick={() => setOpen(true)}
      >
        {t('classroom.pupilLink.open')}
      </button>
    );
  return (
    <Suspense fallback={null}>
      <PupilLinkForm classKey={classKey} classId={classId} sessionId={sessionId} />
    </Suspense>
  );
}

function NextLesson({
  lesson,
  now,
}: {
  lesson: NonNullable<ClassroomLesson['lesson']>;
  now: number;
}) {
  const { t } = useTranslation();
  const when = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(lesson.startsAt));
  const minutes = Math.max(0, Math.ceil((Date.parse(lesson.startsAt) - now) / 60_000));
  return (
    <div className="next-lesson" role="status">
      <p className="big-status">{t('waiting.nextLesson', { when })}</p>
      {lesson.tutorName && <p>{t('waiting.withTutor', { name: lesson.tutorName })}</p>}
      {minutes <= 120 && <p className="countdown">{t('waiting.startsIn', { count: minutes })}</p>}
    </div>
  );
}

/**
 * Re-runs the network check quietly before a lesson (autoCheck.ts says when): nothing on the
 * screen changes, the camera is not used, the result is stored like any other.
 */
function useQuietCheck(
  classKey: string | null,
  info: ClassroomLesson | null,
  now: number,
  onDone: () => void,
): void {
  const started = useRef<string | null>(null);
  const lesson = info?.lesson;
  const lastCheckAt = info?.lastCheckAt ? Date.parse(info.lastCheckAt) : null;
  const due = lesson ? autoCheckDue(Date.parse(lesson.startsAt), lastCheckAt, now) : false;
  useEffect(() => {
    if (!classKey || !lesson || !due || started.current === lesson.sessionId) return;
    started.current = lesson.sessionId;
    // Loaded only when due: the waiting screen's own download stays small.
    import('../check/checkAndStore')
      .then(({ checkAndStore }) =>
        checkAndStore({ kind: 'whiteboard', key: classKey }, () => undefined),
      )
      .then(onDone, (error: unknown) => console.info('quiet readiness check failed', error));
  }, [classKey, lesson, due, onDone]);
}

/** The readiness check of this whiteboard; the key stays in the fragment, out of every log. */
function checkLink(classKey: string): string {
  const base = window.location.pathname.replace(/\/$/, '');
  return `${base}/check#key=${encodeURIComponent(classKey)}`;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
