import { useTranslation } from 'react-i18next';
import type { LessonSession, Term } from '../api/planning';
import { addDays, formatDay, mondayOf } from './dates';
import { SessionBlock } from './SessionBlock';

interface TermListProps {
  term: Term;
  sessions: LessonSession[];
  daysOff: (date: string) => string[];
  selectedId: string | undefined;
  onSelect: (session: LessonSession) => void;
}

/** One row per week of the term: a compact overview where holiday weeks stand out. */
export function TermList({ term, sessions, daysOff, selectedId, onSelect }: TermListProps) {
  const { t, i18n } = useTranslation();
  const weeks: string[] = [];
  for (let monday = mondayOf(term.startDate); monday <= term.endDate; monday = addDays(monday, 7))
    weeks.push(monday);
  return (
    <ol className="term-list">
      {weeks.map((monday) => {
        const inWeek = sessions.filter(
          (session) =>
            session.display.start.date >= monday && session.display.start.date < addDays(monday, 7),
        );
        const names = [
          ...new Set([0, 1, 2, 3, 4].flatMap((offset) => daysOff(addDays(monday, offset)))),
        ];
        return (
          <li key={monday} className={names.length > 0 ? 'term-week day-off' : 'term-week'}>
            <h3>
              {t('planning.timetable.weekRow', { date: formatDay(monday, i18n.language, 'short') })}{' '}
              <span className="week-count">
                {t('planning.timetable.lessons', { count: inWeek.length })}
              </span>
            </h3>
            {names.map((name) => (
              <p key={name} className="holiday-name">
                {t('planning.timetable.holiday', { name })}
              </p>
            ))}
            <ul className="term-week-sessions">
              {inWeek.map((session) => (
                <li key={session.id}>
                  <span className="term-day">
                    {formatDay(session.display.start.date, i18n.language, 'short')}
                  </span>
                  <SessionBlock
                    session={session}
                    compact
                    selected={session.id === selectedId}
                    onSelect={onSelect}
                  />
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
