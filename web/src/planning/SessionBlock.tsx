import { useTranslation } from 'react-i18next';
import type { LessonSession, SessionState } from '../api/planning';
import { classNames, tutorName, usePlanning } from './directory';

/** A symbol per state so states differ by shape and text, not by colour alone. */
const STATE_SYMBOL: Record<SessionState, string> = {
  scheduled: '○',
  live: '●',
  done: '✓',
  cancelled: '✕',
  moved: '↷',
};

export function StateBadge({ state }: { state: SessionState }) {
  const { t } = useTranslation();
  return (
    <span className={`state-badge state-${state}`}>
      <span aria-hidden="true">{STATE_SYMBOL[state]} </span>
      {t(`planning.states.${state}`)}
    </span>
  );
}

interface SessionBlockProps {
  session: LessonSession;
  selected: boolean;
  onSelect: (session: LessonSession) => void;
  compact?: boolean;
}

export function SessionBlock({ session, selected, onSelect, compact }: SessionBlockProps) {
  const { classes, tutors } = usePlanning();
  const { start, end } = session.display;
  return (
    <button
      type="button"
      className={`session-block state-${session.state}${compact ? ' compact' : ''}`}
      aria-pressed={selected}
      onClick={() => onSelect(session)}
    >
      <span className="session-time">
        {start.time}
        <span className={compact ? undefined : 'visually-hidden'}>–{end.time}</span>
      </span>{' '}
      <span className="session-classes">{classNames(classes, session.classIds)}</span>
      {!compact && <span className="session-tutor">{tutorName(tutors, session.tutorId)}</span>}
      <StateBadge state={session.state} />
    </button>
  );
}
