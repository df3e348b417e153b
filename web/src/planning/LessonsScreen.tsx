import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonSession } from '../api/planning';
import { addDays, formatDay, instantBounds, todayIso } from './dates';
import { allTerms, classNames, tutorName, usePlanning } from './directory';
import { StateBadge } from './SessionBlock';
import { SessionLinks } from './SessionPanel';
import { termFor } from './TimetableScreen';
import { useLoad } from './useLoad';

const DEFAULT_RANGE_DAYS = 27;

/** Tutors, teachers and inspectors: their lessons in a date range, each with plan and join links. */
export function LessonsScreen() {
  const { t } = useTranslation();
  const { api, identity, schoolYears } = usePlanning();
  const [from, setFrom] = useState(() => {
    const today = todayIso();
    const term = termFor(allTerms(schoolYears), today);
    return term && term.startDate > today ? term.startDate : today;
  });
  const [to, setTo] = useState(() => addDays(from, DEFAULT_RANGE_DAYS));
  const loaded = useLoad(`${from}/${to}`, async () => {
    const answer = await api.call('listSessions', {
      query: { ...instantBounds(from, to), includeCancelled: 'true' },
    });
    const sessions = answer.sessions.filter(
      (session) => session.display.start.date >= from && session.display.start.date <= to,
    );
    return { ...answer, sessions };
  });
  const inspector = identity.role === 'inspector';
  return (
    <div className="lessons-screen">
      <h1>{t(inspector ? 'planning.lessons.inspectorHeading' : 'planning.lessons.heading')}</h1>
      <div className="filters">
        <label>
          {t('planning.lessons.from')}
          <input
            type="date"
            value={from}
            onChange={(e) => e.target.value && setFrom(e.target.value)}
          />
        </label>
        <label>
          {t('planning.lessons.to')}
          <input type="date" value={to} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </label>
      </div>
      {loaded.error && <p role="alert">{loaded.error.message}</p>}
      {loaded.data && (
        <>
          <p className="hint">{t('planning.timetable.timesIn', { zone: loaded.data.timeZone })}</p>
          {loaded.data.sessions.length === 0 && <p>{t('planning.timetable.noLessons')}</p>}
          <ul className="lesson-list">
            {loaded.data.sessions.map((session) => (
              <LessonItem key={session.id} session={session} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function LessonItem({ session }: { session: LessonSession }) {
  const { i18n } = useTranslation();
  const { classes, tutors } = usePlanning();
  const { start, end } = session.display;
  return (
    <li className={`lesson-item state-${session.state}`}>
      <h2>
        {formatDay(start.date, i18n.language)}, {start.time}–{end.time}
      </h2>
      <p>
        {classNames(classes, session.classIds)} — {tutorName(tutors, session.tutorId)}{' '}
        <StateBadge state={session.state} />
      </p>
      <SessionLinks session={session} />
    </li>
  );
}
