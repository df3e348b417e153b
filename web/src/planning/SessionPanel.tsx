import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { conflictsOf, type Conflict, type JoinLink, type LessonSession } from '../api/planning';
import { ConflictList } from './ConflictList';
import { formatDay, parisWallClock } from './dates';
import { classNames, tutorName, usePlanning } from './directory';
import { hrefFor } from './routes';
import { StateBadge } from './SessionBlock';
import { toError } from './useLoad';

interface SessionPanelProps {
  session: LessonSession;
  onChanged: () => void;
}

/** What one lesson offers this person: its plan, join links and, for the coordinator, move/cancel. */
export function SessionPanel({ session, onChanged }: SessionPanelProps) {
  const { t, i18n } = useTranslation();
  const { identity, classes, tutors } = usePlanning();
  const { start } = session.display;
  const headingId = `session-panel-${session.id}`;
  return (
    <section className="session-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('planning.session.heading', {
          date: formatDay(start.date, i18n.language),
          time: start.time,
        })}
      </h2>
      <p>
        {classNames(classes, session.classIds)} — {tutorName(tutors, session.tutorId)}{' '}
        <StateBadge state={session.state} />
      </p>
      <SessionLinks session={session} />
      {identity.role === 'coordinator' && (
        <>
          <SessionChanges session={session} onChanged={onChanged} />
          <WhiteboardKeys classIds={session.classIds} />
        </>
      )}
    </section>
  );
}

export function SessionLinks({ session }: { session: LessonSession }) {
  const { t } = useTranslation();
  const { api, identity } = usePlanning();
  const [links, setLinks] = useState<JoinLink[] | null>(null);
  const [error, setError] = useState('');
  const joinable = ['scheduled', 'moved', 'live'].includes(session.state);
  const showLinks = () =>
    api.call('joinLinks', { params: { id: session.id } }).then(
      (answer) => setLinks(answer.links),
      (reason: unknown) => setError(toError(reason).message),
    );
  return (
    <div className="session-links">
      <a href={hrefFor({ screen: 'plan', sessionId: session.id })}>{t('planning.session.plan')}</a>
      {identity.role === 'inspector' && (
        <a href={hrefFor({ screen: 'inspection', sessionId: session.id })}>
          {t('planning.session.inspection')}
        </a>
      )}
      {joinable && !links && (
        <button type="button" onClick={() => void showLinks()}>
          {t('planning.session.joinLinks')}
        </button>
      )}
      {links?.map((link) => (
        <a key={link.url} href={link.url} target="_blank" rel="noreferrer">
          {t('planning.session.openLink', { name: link.name })}
        </a>
      ))}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

/** The coordinator issues (rotates) a class's whiteboard key: the old one stops working at once. */
function WhiteboardKeys({ classIds }: { classIds: string[] }) {
  const { t, i18n } = useTranslation();
  const { credentials, classes } = usePlanning();
  const [issued, setIssued] = useState<{ name: string; url: string; until: string } | null>(null);
  const [error, setError] = useState('');
  const issue = (classId: string, name: string) => {
    if (!window.confirm(t('planning.session.confirmNewKey', { name }))) return;
    credentials.call('rotateClassroomKey', { params: { id: classId } }).then(
      (key) =>
        setIssued({
          name,
          url: key.url,
          until: formatDay(key.expiresAt.slice(0, 10), i18n.language),
        }),
      (reason: unknown) => setError(toError(reason).message),
    );
  };
  return (
    <div className="session-links">
      {classIds.map((classId) => {
        const name = classNames(classes, [classId]);
        return (
          <button key={classId} type="button" onClick={() => issue(classId, name)}>
            {t('planning.session.newKey', { name })}
          </button>
        );
      })}
      {issued && (
        <p data-testid="whiteboard-key">
          {t('planning.session.keyIssued', { name: issued.name, date: issued.until })}{' '}
          <input readOnly value={issued.url} aria-label={issued.name} size={40} />
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

function SessionChanges({ session, onChanged }: SessionPanelProps) {
  const { t, i18n } = useTranslation();
  const { api } = usePlanning();
  // The API reads the move on Paris wall-clock time, whatever zone the viewer is in.
  const paris = parisWallClock(session.startsAt);
  const [date, setDate] = useState(paris.date);
  const [time, setTime] = useState(paris.time);
  const [message, setMessage] = useState('');
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const refused = (reason: unknown) => {
    const found = conflictsOf(reason);
    setConflicts(found);
    // With conflicts, the list words them in the viewer's language instead.
    setMessage(found.length > 0 ? '' : toError(reason).message);
  };
  const run = (action: Promise<unknown>, done: string) => {
    setConflicts([]);
    return action.then(() => (setMessage(done), onChanged()), refused);
  };
  const move = (event: FormEvent) => {
    event.preventDefault();
    void run(
      api.call('moveSession', { params: { id: session.id }, body: { date, startTime: time } }),
      t('planning.session.moved'),
    );
  };
  const cancel = () => {
    const day = formatDay(session.display.start.date, i18n.language);
    if (window.confirm(t('planning.session.confirmCancel', { date: day })))
      void run(
        api.call('setSessionState', { params: { id: session.id }, body: { state: 'cancelled' } }),
        t('planning.session.cancelled'),
      );
  };
  if (!['scheduled', 'moved'].includes(session.state)) return null;
  return (
    <>
      <form className="inline-form" onSubmit={move}>
        <h3>{t('planning.session.move')}</h3>
        <label>
          {t('planning.session.moveDate')}
          <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label>
          {t('planning.session.moveTime')}
          <input type="time" required value={time} onChange={(e) => setTime(e.target.value)} />
        </label>
        <button type="submit">{t('planning.session.moveSubmit')}</button>
      </form>
      <button type="button" className="danger" onClick={cancel}>
        {t('planning.session.cancel')}
      </button>
      {conflicts.length > 0 && (
        <ConflictList heading={t('planning.session.moveRefused')} conflicts={conflicts} />
      )}
      <p role="status">{message}</p>
    </>
  );
}
