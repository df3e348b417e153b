import { useTranslation } from 'react-i18next';
import type { LessonSession } from '../api/planning';
import { addDays, formatDay, minutesOf } from './dates';
import { SessionBlock } from './SessionBlock';

/** 07:00–18:00 covers French school hours seen from Paris and from London. */
const GRID_START_MINUTES = 7 * 60;
const GRID_END_MINUTES = 18 * 60;
const ROW_MINUTES = 15;
const SCHOOL_DAYS = 5;

interface WeekGridProps {
  monday: string;
  sessions: LessonSession[];
  daysOff: (date: string) => string[];
  selectedId: string | undefined;
  onSelect: (session: LessonSession) => void;
}

function rowOf(time: string): number {
  const clamped = Math.min(Math.max(minutesOf(time), GRID_START_MINUTES), GRID_END_MINUTES);
  return 2 + Math.floor((clamped - GRID_START_MINUTES) / ROW_MINUTES);
}

/** Lessons starting together (several tutors at 09:00) share one cell, side by side. */
function groupByStart(sessions: LessonSession[]): LessonSession[][] {
  const groups = new Map<string, LessonSession[]>();
  for (const session of sessions) {
    const key = `${session.display.start.date} ${session.display.start.time}`;
    groups.set(key, [...(groups.get(key) ?? []), session]);
  }
  return [...groups.values()];
}

export function WeekGrid({ monday, sessions, daysOff, selectedId, onSelect }: WeekGridProps) {
  const { t, i18n } = useTranslation();
  const days = Array.from({ length: SCHOOL_DAYS }, (_, index) => addDays(monday, index));
  const rows = (GRID_END_MINUTES - GRID_START_MINUTES) / ROW_MINUTES;
  const hours = Array.from({ length: rows / 4 }, (_, index) => GRID_START_MINUTES / 60 + index);
  return (
    <div className="week-grid" style={{ gridTemplateRows: `auto repeat(${rows}, 1.5rem)` }}>
      {hours.map((hour, index) => (
        <span key={hour} className="hour-label" style={{ gridRow: 2 + index * 4, gridColumn: 1 }}>
          {String(hour).padStart(2, '0')}:00
        </span>
      ))}
      {days.map((day, index) => {
        const off = daysOff(day);
        return (
          <section
            key={day}
            className={`day-column${off.length > 0 ? ' day-off' : ''}`}
            style={{ gridColumn: index + 2, gridRow: `1 / span ${rows + 1}` }}
            aria-labelledby={`day-${day}`}
          >
            <h3 id={`day-${day}`} className="day-heading">
              {formatDay(day, i18n.language)}
              {off.map((name) => (
                <span key={name} className="holiday-name">
                  {t('planning.timetable.holiday', { name })}
                </span>
              ))}
            </h3>
          </section>
        );
      })}
      {groupByStart(sessions).map((group) => {
        const first = group[0]!;
        const column = days.indexOf(first.display.start.date);
        if (column < 0) return null;
        const from = rowOf(first.display.start.time);
        const to = Math.max(rowOf(first.display.end.time), from + 1);
        return (
          <div
            key={first.id}
            className="grid-slot"
            style={{ gridColumn: column + 2, gridRow: `${from} / ${to}` }}
          >
            {group.map((session) => (
              <SessionBlock
                key={session.id}
                session={session}
                selected={session.id === selectedId}
                onSelect={onSelect}
              />
            ))}
          </div>
        );
      })}
    </div>
  );
}
